-- Integer and Natural arithmetic, and the fixed-size integral types.
module Main (main) where

import Data.Int
import Data.Word
import Numeric.Natural (Natural)
import Control.Exception (ArithException, evaluate, try)

factorial :: Integer -> Integer
factorial n = product [1 .. n]

main :: IO ()
main = do
  putStrLn "-- factorials"
  print (factorial 25)
  let f100 = factorial 100
  print f100
  print (length (show (factorial 1000)))
  print (f100 `div` factorial 98, f100 `mod` 1000000007)

  putStrLn "-- gcd lcm powers"
  print (gcd (factorial 30) (2 ^ (100 :: Int) * 3 ^ (5 :: Int)))
  print (lcm (12345678901234567890 :: Integer) 98765432109876543210)
  print (gcd 0 (-12 :: Integer), lcm 0 (7 :: Integer), gcd (-18) (-24 :: Integer))
  print ((2 :: Integer) ^ (200 :: Int), (-3 :: Integer) ^ (41 :: Int))
  print (product (replicate 20 (10 ^ (18 :: Int) + 9 :: Integer)) `mod` 1000003)

  putStrLn "-- show and read"
  let big = read "-123456789012345678901234567890123456789" :: Integer
  print big
  print (big * big, negate big + 1)
  print (read "  42  " :: Integer, read "(-7)" :: Integer)
  print (map read (words "0 -0 18446744073709551616 -9223372036854775809") :: [Integer])
  print (showsPrec 7 (-5 :: Integer) "", show (Just (-5 :: Integer)))

  putStrLn "-- divMod and quotRem"
  let pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2)] :: [(Integer, Integer)]
  mapM_ (\(a, b) -> print (a, b, a `divMod` b, a `quotRem` b)) pairs
  let hugeA = 10 ^ (40 :: Int) + 7 :: Integer
  print (negate hugeA `divMod` 1000000007, negate hugeA `quotRem` (-1000000007))
  print (map (\(a, b) -> (a `div` b, a `rem` b)) [(-7, 2), (7, -3)] :: [(Int, Int)])
  r <- try (evaluate (1 `div` (0 :: Integer)))
  print (r :: Either ArithException Integer)

  putStrLn "-- Natural"
  let n = 2 ^ (70 :: Int) :: Natural
  print (n, n `div` 3, n - 1, fromIntegral n + (1 :: Integer))
  u <- try (evaluate (3 - 5 :: Natural))
  putStrLn (either (\e -> "underflow: " ++ show (e :: ArithException)) show u)

  putStrLn "-- Int and Word overflow"
  print (maxBound :: Int, minBound :: Int)
  print (maxBound + 1 :: Int, minBound - 1 :: Int, negate (minBound :: Int))
  print (maxBound :: Word, (maxBound :: Word) + 1, 0 - 1 :: Word)
  print (fromIntegral (maxBound :: Word) :: Int, fromIntegral (-1 :: Int) :: Word)
  print ((maxBound :: Int) * 3, (2 :: Int) ^ (63 :: Int), (2 :: Int) ^ (64 :: Int))
  print (toInteger (maxBound :: Int) + 1, fromInteger (2 ^ (64 :: Int) + 5) :: Int)

  putStrLn "-- sized types"
  print (maxBound :: Int8, minBound :: Int8, (maxBound :: Int8) + 1, fromIntegral (200 :: Int) :: Int8)
  print (maxBound :: Int16, (minBound :: Int16) - 1, (-32768 :: Int16) `div` (-1 + 2))
  print (maxBound :: Int32, (maxBound :: Int32) + 1, (100000 :: Int32) * 100000)
  print (maxBound :: Int64, (minBound :: Int64) `quot` 7, (minBound :: Int64) `rem` 7)
  print (maxBound :: Word8, (255 :: Word8) + 1, (0 :: Word8) - 1, fromIntegral (-1 :: Int) :: Word8)
  print (maxBound :: Word16, (40000 :: Word16) * 2, maxBound :: Word32, (maxBound :: Word32) + 2)
  print (maxBound :: Word64, (maxBound :: Word64) `div` 3, fromIntegral (maxBound :: Word64) :: Int64)
  print (sum (map fromIntegral [1 .. 1000 :: Int]) :: Int8, product [1 .. 20] :: Word16)
  print ([minBound .. maxBound :: Int8] !! 3, length [minBound .. maxBound :: Word8])
  print (read "-128" :: Int8, read "65535" :: Word16, show (-5 :: Int32))
