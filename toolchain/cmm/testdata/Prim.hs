{-# LANGUAGE MagicHash, UnboxedTuples #-}
module Prim where

import GHC.Exts
import GHC.IO (IO(..))

addPop :: Int -> Word -> Int
addPop (I# a) (W# w) = I# (a +# word2Int# (popCnt# w))

mul2 :: Word -> Word -> Word
mul2 (W# a) (W# b) = case timesWord2# a b of (# h, l #) -> W# (h `xor#` l)

qr2 :: Word -> Word -> Word -> Word
qr2 (W# h) (W# l) (W# d) = case quotRemWord2# h l d of (# q, r #) -> W# (q `and#` r)

atomics :: Int -> IO Int
atomics (I# n) = IO (\s0 -> case newByteArray# 64# s0 of
  (# s1, mba #) -> case atomicWriteIntArray# mba 0# n s1 of
    s2 -> case fetchAddIntArray# mba 0# 5# s2 of
      (# s3, _ #) -> case casIntArray# mba 1# 0# 7# s3 of
        (# s4, _ #) -> case copyMutableByteArray# mba 0# mba 16# 16# s4 of
          s5 -> case atomicReadIntArray# mba 2# s5 of
            (# s6, r #) -> (# s6, I# r #))
