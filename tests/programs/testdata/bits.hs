-- Bit twiddling on Word and Int whose Cmm nests the bitwise operators
-- (&, |, ^, complement) in one another, as a bit set in a mutable byte
-- array, IntMap-style branching masks and SWAR popcount do.
{-# LANGUAGE MagicHash, UnboxedTuples #-}
module Main (main) where

import Data.Bits
import Data.Word
import GHC.Exts
import GHC.IO (IO (..))

data BitSet = BitSet (MutableByteArray# RealWorld)

newBitSet :: Int -> IO BitSet
newBitSet (I# words) = IO $ \s -> case newByteArray# (words *# 8#) s of
  (# s', a #) -> (# s', BitSet a #)

fill :: BitSet -> Int -> Word -> IO ()
fill (BitSet a) (I# n) (W# w) = IO $ \s -> case setByteArray# a 0# (n *# 8#) (word2Int# (w `and#` 255##)) s of
  s' -> (# s', () #)

{-# NOINLINE setBit' #-}
setBit' :: BitSet -> Int -> Bool -> IO ()
setBit' (BitSet a) (I# i) on = IO $ \s ->
  case readWordArray# a (i `uncheckedIShiftRA#` 6#) s of
    (# s', old #) ->
      let m = 1## `uncheckedShiftL#` (word2Int# (int2Word# i `and#` 63##))
          new = if on then old `or#` m else old `and#` (m `xor#` 18446744073709551615##)
       in case writeWordArray# a (i `uncheckedIShiftRA#` 6#) new s' of
            s'' -> (# s'', () #)

getWord :: BitSet -> Int -> IO Word
getWord (BitSet a) (I# i) = IO $ \s -> case readWordArray# a i s of
  (# s', w #) -> (# s', W# w #)

{-# NOINLINE branchMask #-}
branchMask :: Int -> Int -> Int
branchMask p1 p2 = highestBit (p1 `xor` p2)
  where
    highestBit x = fromIntegral (unsafeShiftL 1 (63 - countLeadingZeros (fromIntegral x :: Word)) :: Word)

{-# NOINLINE maskOf #-}
maskOf :: Int -> Int -> Int
maskOf i m = i .&. (complement (m - 1) `xor` m)

{-# NOINLINE swarPop #-}
swarPop :: Word -> Word
swarPop x0 =
  let x1 = x0 - ((x0 `shiftR` 1) .&. 0x5555555555555555)
      x2 = (x1 .&. 0x3333333333333333) + ((x1 `shiftR` 2) .&. 0x3333333333333333)
      x3 = (x2 + (x2 `shiftR` 4)) .&. 0x0f0f0f0f0f0f0f0f
   in (x3 * 0x0101010101010101) `shiftR` 56

{-# NOINLINE mix #-}
mix :: Word -> Word -> Word -> [Word]
mix a b c =
  [ a .&. (b `xor` c)
  , a `xor` (b .&. c)
  , a .|. (b .&. complement c)
  , (a .|. b) .&. c
  , complement (a .&. b) .|. c
  , a .&. complement (b .|. c)
  , (a `xor` b) .|. (b `xor` c) .&. a
  , complement (a `xor` (b .|. c))
  , negate (a .&. b) `xor` c
  ]

main :: IO ()
main = do
  s <- newBitSet 4
  fill s 4 255
  mapM_ (\i -> setBit' s i False) [0, 3 .. 255]
  mapM_ (\i -> setBit' s i True) [0, 9 .. 255]
  mapM (getWord s) [0 .. 3] >>= print
  print [branchMask p q | (p, q) <- [(1, 2), (5, 7), (64, 65), (1024, 3), (-5, 4)]]
  print [maskOf i m | (i, m) <- [(13, 4), (255, 16), (-1, 8), (1000, 512)]]
  print (map swarPop [0, 1, 255, 0xdeadbeef, maxBound], map popCount [0 :: Word, 1, 255, 0xdeadbeef, maxBound])
  print (mix 0xf0f0 0xff00 0x0ff0)
  print (mix maxBound 12345 0x8000000000000001)
  print (map (\w -> fromIntegral w :: Word8) (mix 0x1234 0x5678 0x9abc))
