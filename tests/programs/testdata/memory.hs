-- Memory: a lot of allocation with a large live heap, deep non-tail
-- recursion, weak pointers with finalizers, performGC, StablePtr and
-- foreign memory.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Control.Concurrent.MVar
import Control.Monad (forM_)
import Data.IORef
import Data.List (foldl')
import Foreign
import System.Mem (performGC, performMajorGC)
import System.Mem.StableName (hashStableName, makeStableName, eqStableName)
import System.Mem.Weak

-- Not tail recursive: each call waits for the next one's result.
deepSum :: Int -> Integer
deepSum 0 = 0
deepSum n = toInteger n + deepSum (n - 1)

data Node = Node !Int Node | End

-- A linked structure of n boxed nodes (about 24 bytes each, plus the Int).
chain :: Int -> Node
chain 0 = End
chain n = Node n (chain (n - 1))

chainSum :: Node -> Int
chainSum = go 0
  where
    go !acc End = acc
    go !acc (Node x rest) = go (acc + x) rest

-- Short-lived allocation: n fresh lists of k elements each.
churn :: Int -> Int -> Int
churn n k = foldl' (\acc i -> (acc + sum (reverse [i .. i + k])) `mod` 1000003) 0 [1 .. n]

main :: IO ()
main = do
  putStrLn "-- deep recursion"
  print (deepSum 10000000)
  print (length (show (foldr (:) [] [1 .. 1000000 :: Int])))

  putStrLn "-- allocation with a large live heap"
  let live = chain 8000000
  print (chainSum live)
  -- about 2 GB of short-lived lists while the chain stays alive
  print (churn 40000 300)
  performMajorGC
  print (chainSum live)

  putStrLn "-- weak pointers and finalizers"
  finalized <- newEmptyMVar
  ref <- newIORef "payload"
  w <- mkWeakIORef ref (putMVar finalized "finalizer ran")
  alive <- deRefWeak w
  case alive of
    Just r -> readIORef r >>= putStrLn
    Nothing -> putStrLn "dead too early"
  keep <- newIORef (42 :: Int)
  wk <- mkWeakIORef keep (return ())
  performGC
  takeMVar finalized >>= putStrLn
  gone <- deRefWeak w
  putStrLn (maybe "weak is dead" (const "weak still alive") gone)
  stillThere <- deRefWeak wk
  maybe (putStrLn "kept ref lost") (\r -> readIORef r >>= print) stillThere
  readIORef keep >>= print
  wp <- mkWeakPtr keep Nothing
  finalize wp
  deRefWeak wp >>= putStrLn . maybe "finalized explicitly" (const "alive")
  counter <- newIORef (0 :: Int)
  done <- newEmptyMVar
  forM_ [1 .. 100 :: Int] $ \i -> do
    r <- newIORef i
    mkWeakIORef r $ do
      n <- atomicModifyIORef' counter (\c -> (c + 1, c + 1))
      if n == 100 then putMVar done () else return ()
  performMajorGC
  takeMVar done
  readIORef counter >>= print

  putStrLn "-- StablePtr and StableName"
  sp <- newStablePtr (Just [1, 2, 3 :: Int])
  let raw = castStablePtrToPtr sp
  performMajorGC
  v <- deRefStablePtr (castPtrToStablePtr raw :: StablePtr (Maybe [Int]))
  print v
  freeStablePtr sp
  let xs = [1 .. 10 :: Int]
  n1 <- makeStableName xs
  n2 <- makeStableName xs
  print (n1 == n2, eqStableName n1 n2, hashStableName n1 == hashStableName n2)

  putStrLn "-- foreign memory"
  s <- allocaArray 10 $ \p -> do
    pokeArray p [1 .. 10 :: Int32]
    xs' <- peekArray 10 p
    x5 <- peekElemOff p 5
    return (sum xs', x5)
  print s
  fp <- mallocForeignPtrBytes 64 :: IO (ForeignPtr Word8)
  withForeignPtr fp $ \p -> do
    forM_ [0 .. 63] $ \i -> pokeByteOff p i (fromIntegral (i * 3) :: Word8)
    w64 <- peek (castPtr p) :: IO Word64
    bytes <- peekArray 8 (p `plusPtr` 56) :: IO [Word8]
    print (w64, bytes)
  p <- mallocBytes 16
  poke p (0x0102030405060708 :: Word64)
  b0 <- peekByteOff p 0 :: IO Word8
  print (b0, sizeOf (0 :: Int), alignment (0 :: Double), sizeOf (0 :: Word16))
  free p
  putStrLn "done"
