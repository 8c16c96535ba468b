-- Binary trees: allocate many perfect binary trees of several depths, count
-- their nodes, and keep one long-lived tree alive throughout.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Data.Bits (shiftL)

-- Each node carries a tag, so that trees built with different tags are
-- different values (and the optimiser cannot share them).
data Tree = Leaf | Node !Int Tree Tree

build :: Int -> Int -> Tree
build t 0 = Node t Leaf Leaf
build t d = Node t (build (t + 1) (d - 1)) (build (t - 1) (d - 1))

-- The number of nodes plus the sum of the tags.
check :: Tree -> Int
check Leaf = 0
check (Node t l r) = 1 + t + check l + check r

main :: IO ()
main = do
  let maxDepth = 17 :: Int
      minDepth = 4
      stretch = build 0 (maxDepth + 1)
  putStrLn ("stretch tree of depth " ++ show (maxDepth + 1) ++ ": " ++ show (check stretch))
  let longLived = build 0 maxDepth
  mapM_ (report maxDepth) [minDepth, minDepth + 2 .. maxDepth]
  putStrLn ("long-lived tree of depth " ++ show maxDepth ++ ": " ++ show (check longLived))

report :: Int -> Int -> IO ()
report maxDepth d = do
  let iterations = 1 `shiftL` (maxDepth - d + 4) :: Int
      go :: Int -> Int -> Int
      go 0 !acc = acc
      go i !acc = go (i - 1) (acc + check (build i d) + check (build (-i) d))
  putStrLn (show iterations ++ " trees of depth " ++ show d ++ ": " ++ show (go iterations 0))
