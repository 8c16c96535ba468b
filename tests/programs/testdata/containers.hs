-- packages: containers array
-- Data.Map, Data.Set, Data.IntMap, Data.Sequence, Data.Array, IORef, STRef
-- and ST arrays.
module Main (main) where

import Control.Monad (forM_, when)
import Control.Monad.ST (ST, runST)
import Data.Array
import Data.Array.ST (STUArray, newArray, readArray, runSTUArray, writeArray)
import Data.Array.Unboxed (UArray)
import qualified Data.Array.Unboxed as U
import Data.Foldable (toList)
import qualified Data.IntMap.Strict as IM
import Data.IORef
import qualified Data.Map.Strict as M
import Data.Sequence (Seq, (<|), (|>), ViewL (..))
import qualified Data.Sequence as Seq
import qualified Data.Set as S
import Data.STRef

sieve :: Int -> UArray Int Bool
sieve n = runSTUArray $ do
  a <- newArray (2, n) True
  forM_ [2 .. n] $ \i -> do
    p <- readArray a i
    when (p && i * i <= n) $ forM_ [i * i, i * i + i .. n] $ \j -> writeArray a j False
  return a

sumST :: [Int] -> Int
sumST xs = runST $ do
  r <- newSTRef 0
  mapM_ (\x -> modifySTRef' r (+ x)) xs
  readSTRef r

fibST :: Int -> Integer
fibST n = runST $ do
  a <- newSTRef 0
  b <- newSTRef 1
  forM_ [1 .. n] $ \_ -> do
    x <- readSTRef a
    y <- readSTRef b
    writeSTRef a y
    writeSTRef b $! x + y
  readSTRef a

bubble :: [Int] -> [Int]
bubble xs = U.elems (runSTUArray (sortArr (length xs)))
  where
    sortArr :: Int -> ST s (STUArray s Int Int)
    sortArr n = do
      a <- newArray (0, n - 1) 0
      forM_ (zip [0 ..] xs) $ uncurry (writeArray a)
      forM_ [n - 1, n - 2 .. 1] $ \hi -> forM_ [0 .. hi - 1] $ \i -> do
        x <- readArray a i
        y <- readArray a (i + 1)
        when (x > y) $ writeArray a i y >> writeArray a (i + 1) x
      return a

main :: IO ()
main = do
  putStrLn "-- Data.Map"
  let m = M.fromList [(k, length k) | k <- words "apple banana cherry date elderberry fig"]
  print m
  print (M.lookup "cherry" m, M.lookup "grape" m, M.member "fig" m, M.size m)
  let m2 = M.insertWith (+) "apple" 100 (M.delete "date" (M.adjust (* 2) "fig" m))
  print (M.toList m2, M.findMin m2, M.findMax m2)
  print (M.foldrWithKey (\k v acc -> length k + v + acc) 0 m2, M.keys (M.filter even m2))
  let counts = M.fromListWith (+) [(c, 1 :: Int) | c <- "mississippi"]
  print (counts, M.unionWith (+) counts (M.fromList [('m', 10), ('z', 1)]))
  print (M.elems (M.map (* 3) counts), fst <$> M.lookupMin (M.fromList [(i, ()) | i <- [5, 3, 9 :: Int]]))
  let big = M.fromList [(i, i * i) | i <- [1 .. 100000 :: Int]]
  print (M.size big, M.lookup 777 big, M.foldl' (+) 0 big `mod` 1000003, M.split 3 (M.fromList [(i, i) | i <- [1 .. 5 :: Int]]))

  putStrLn "-- Data.Set"
  let s = S.fromList "the quick brown fox jumps over the lazy dog"
  print (s, S.size s, S.member 'q' s, S.member '!' s)
  let a = S.fromList [1 .. 10 :: Int]
      b = S.fromList [5, 10 .. 30]
  print (S.union a b, S.intersection a b, S.difference a b, S.isSubsetOf (S.fromList [2, 3]) a)
  print (S.toDescList (S.map (`mod` 4) a), S.elemAt 2 b, S.partition even a)

  putStrLn "-- Data.IntMap"
  let im = IM.fromListWith (++) [(length w, [w]) | w <- words "a bb cc ddd e ffff ggg"]
  print im
  print (IM.lookup 3 im, IM.findWithDefault [] 9 im, IM.keys (IM.insert (-5) [] im))
  print (IM.toList (IM.unionWith (++) im (IM.singleton 2 ["zz"])), IM.lookupLT 3 im)
  let collatz n = length (takeWhile (/= 1) (iterate (\x -> if even x then x `div` 2 else 3 * x + 1) n))
      cm = IM.fromList [(n, collatz n) | n <- [1 .. 20000]]
  print (IM.foldlWithKey (\(bk, bv) k v -> if v > bv then (k, v) else (bk, bv)) (0, 0) cm)

  putStrLn "-- Data.Sequence"
  let q = Seq.fromList [1 .. 10 :: Int]
  print (q, Seq.length q, Seq.index q 3)
  print ((0 <| q) |> 11, Seq.reverse (Seq.take 3 q), Seq.update 0 100 q)
  print (toList (Seq.sort (Seq.fromList [5, 2, 8, 1 :: Int])), Seq.splitAt 4 q)
  case Seq.viewl q of
    x :< rest -> print (x, Seq.length rest)
    EmptyL -> putStrLn "empty"
  let josephus :: Int -> Int -> [Int]
      josephus n k = go (Seq.fromList [1 .. n])
        where
          go sq
            | Seq.null sq = []
            | otherwise =
                let i = (k - 1) `mod` Seq.length sq
                    (front, back) = Seq.splitAt i sq
                 in Seq.index back 0 : go (Seq.drop 1 back <> front)
  print (josephus 10 3, last (josephus 5000 7))

  putStrLn "-- Data.Array"
  let arr = listArray (0, 9) [i * i | i <- [0 .. 9]] :: Array Int Int
  print (arr ! 5, bounds arr, sum (elems arr))
  print (arr // [(0, -1), (9, 99)])
  let grid = array ((0, 0), (2, 2)) [((i, j), i * 3 + j) | i <- [0 .. 2], j <- [0 .. 2]] :: Array (Int, Int) Int
  print (grid ! (1, 2), [grid ! (i, i) | i <- [0 .. 2]], fmap (* 2) grid ! (2, 2))
  print (accumArray (+) 0 (0, 4) [(x `mod` 5, 1) | x <- [1 .. 23 :: Int]] :: Array Int Int)
  let fibs = listArray (0, 90) [if i < 2 then toInteger i else fibs ! (i - 1) + fibs ! (i - 2) | i <- [0 .. 90]] :: Array Int Integer
  print (fibs ! 90)

  putStrLn "-- IORef, STRef, ST arrays"
  ref <- newIORef (0 :: Int)
  forM_ [1 .. 100000] $ \i -> modifyIORef' ref (+ i)
  readIORef ref >>= print
  old <- atomicModifyIORef' ref (\v -> (v * 2, v))
  new <- readIORef ref
  print (old, new)
  lst <- newIORef []
  mapM_ (\x -> modifyIORef lst (x :)) "abc"
  readIORef lst >>= putStrLn
  print (sumST [1 .. 1000], fibST 100)
  let ps = sieve 100000
  print (length (filter id (U.elems ps)), take 10 [i | (i, True) <- U.assocs ps])
  print (bubble [9, 3, 7, 1, 8, 2, 6, 0, 5, 4])
