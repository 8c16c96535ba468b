-- Spectral norm: the largest singular value of the infinite matrix
-- A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1), truncated to n x n, estimated by
-- power iteration on A^T A with unboxed arrays.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Data.Array.Unboxed
import Numeric (showFFloat)

type Vec = UArray Int Double

entry :: Int -> Int -> Double
entry i j = 1 / fromIntegral ((i + j) * (i + j + 1) `div` 2 + i + 1)

-- (A v) and (A^T v).
mulA, mulAt :: Int -> Vec -> Vec
mulA n v = listArray (0, n - 1) [dot (\j -> entry i j) | i <- [0 .. n - 1]]
  where
    dot f = go 0 0 where
      go !j !acc | j == n = acc
                 | otherwise = go (j + 1) (acc + f j * v ! j)
mulAt n v = listArray (0, n - 1) [dot (\j -> entry j i) | i <- [0 .. n - 1]]
  where
    dot f = go 0 0 where
      go !j !acc | j == n = acc
                 | otherwise = go (j + 1) (acc + f j * v ! j)

mulAtA :: Int -> Vec -> Vec
mulAtA n = mulAt n . mulA n

main :: IO ()
main = do
  let n = 1000
      ones = listArray (0, n - 1) (replicate n 1) :: Vec
      iter 0 u v = (u, v)
      iter k u _ = let v' = mulAtA n u in iter (k - 1 :: Int) (mulAtA n v') v'
      (u, v) = iter 10 ones ones
      vBv = sum [u ! i * v ! i | i <- [0 .. n - 1]]
      vv = sum [v ! i * v ! i | i <- [0 .. n - 1]]
  putStrLn (showFFloat (Just 9) (sqrt (vBv / vv)) "")
