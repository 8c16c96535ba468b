-- ghc-options: -debug -rtsopts
-- A program linked with GHC's debug RTS, run with its sanity checks on
-- every collection (+RTS -DS, debug.args): the heap a program builds and
-- the collector moves passes them, and the program prints what it does
-- natively.
module Main (main) where

import Control.Concurrent
import Control.Exception
import Data.IORef
import qualified Data.List as List
import System.Mem
import System.Mem.Weak

data Tree = Leaf | Node Tree Int Tree

insert :: Int -> Tree -> Tree
insert x Leaf = Node Leaf x Leaf
insert x t@(Node l y r)
  | x < y = Node (insert x l) y r
  | x > y = Node l y (insert x r)
  | otherwise = t

toList :: Tree -> [Int]
toList Leaf = []
toList (Node l x r) = toList l ++ [x] ++ toList r

main :: IO ()
main = do
  let xs = [(i * 7919) `mod` 10007 | i <- [1 .. 5000]]
      t = List.foldl' (flip insert) Leaf xs
  print (sum (toList t), length (toList t))
  performMajorGC
  finalized <- newEmptyMVar
  ref <- newIORef (replicate 1000 'x')
  _ <- mkWeakIORef ref (putMVar finalized "finalized")
  performMajorGC
  readIORef ref >>= print . length
  performMajorGC
  takeMVar finalized >>= putStrLn
  mv <- newEmptyMVar
  _ <- forkIO (putMVar mv (product [1 .. 300 :: Integer]))
  v <- takeMVar mv
  print (length (show v))
  performMinorGC
  r <- try (evaluate (foldr (+) 0 [1 .. 100000 :: Integer]))
  print (r :: Either SomeException Integer)
  print (length (concatMap show [1 .. 20000 :: Int]))
