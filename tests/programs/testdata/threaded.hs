-- ghc-options: -threaded -rtsopts -with-rtsopts=-N
-- A program linked with -threaded and -N, as many Cabal packages' executables
-- are: it builds, accepts the threaded RTS's flags (threaded.args) and runs
-- its threads to the same results as natively.
module Main (main) where

import Control.Concurrent
import Control.Concurrent.MVar
import Control.Exception
import Control.Monad
import Data.IORef

worker :: Chan (Int, Integer) -> Int -> IO ()
worker out n = do
  let s = sum [1 .. fromIntegral n * 10000 :: Integer]
  _ <- evaluate s
  writeChan out (n, s)

main :: IO ()
main = do
  caps <- getNumCapabilities
  putStrLn ("at least one capability: " ++ show (caps >= 1))
  out <- newChan
  forM_ [1 .. 20] (forkIO . worker out)
  results <- replicateM 20 (readChan out)
  forM_ [1 .. 20] $ \n -> print (n, lookup n results)
  -- threads blocked on an MVar, woken in order
  box <- newEmptyMVar
  done <- newEmptyMVar
  counter <- newIORef (0 :: Int)
  forM_ [1 .. 5 :: Int] $ \i -> forkIO $ do
    v <- takeMVar box
    atomicModifyIORef' counter (\c -> (c + v, ()))
    putMVar done i
  forM_ [10, 20 .. 50] (putMVar box)
  ds <- replicateM 5 (takeMVar done)
  readIORef counter >>= print
  print (length ds)
  -- a thread delayed, and one killed
  t <- forkIO (threadDelay 10000000 >> putStrLn "not reached")
  threadDelay 1000
  killThread t
  r <- try (evaluate (length [1 .. 100000 :: Int]))
  case r of
    Left e -> putStrLn ("exception: " ++ show (e :: SomeException))
    Right n -> print n
