-- Fannkuch-redux: for every permutation of 1..n, repeatedly reverse the
-- prefix whose length is the first element until 1 comes first; report the
-- largest number of flips and a checksum over all permutations (in the
-- order they are generated here, alternately added and subtracted).
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Data.List (foldl')

-- Flips needed to bring 1 to the front.
flips :: [Int] -> Int
flips = go 0
  where
    go !k xs@(x : _)
      | x == 1 = k
      | otherwise = let (a, b) = splitAt x xs in go (k + 1) (reverse a ++ b)
    go k [] = k

-- All permutations, by rotating prefixes (each permutation once).
perms :: [Int] -> [[Int]]
perms [] = [[]]
perms xs = concatMap place (rotations xs)
  where
    place (y : ys) = map (y :) (perms ys)
    place [] = []

rotations :: [a] -> [[a]]
rotations xs = take (length xs) (iterate rot xs)
  where
    rot (y : ys) = ys ++ [y]
    rot [] = []

main :: IO ()
main = mapM_ fannkuch [7 .. 9]

fannkuch :: Int -> IO ()
fannkuch n = do
  let step (!mx, !cs, !i) p =
        let f = flips p
         in (max mx f, if even i then cs + f else cs - f, i + 1 :: Int)
      (maxFlips, checksum, count) = foldl' step (0, 0, 0) (perms [1 .. n])
  putStrLn ("n=" ++ show n ++ ": " ++ show count ++ " permutations")
  putStrLn ("checksum: " ++ show checksum)
  putStrLn ("max flips for n=" ++ show n ++ ": " ++ show maxFlips)
