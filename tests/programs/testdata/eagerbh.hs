-- ghc-options: -feager-blackholing
-- Eager blackholing: thunks are blackholed on entry, so threads that
-- demand the same thunk wait for one evaluation, and a thunk that
-- demands itself is a <<loop>>.
module Main (main) where

import Control.Concurrent
import Control.Exception
import Control.Monad
import Data.IORef
import System.IO.Unsafe

main :: IO ()
main = do
  evals <- newIORef (0 :: Int)
  let shared = unsafePerformIO (atomicModifyIORef' evals (\n -> (n + 1, ()))) `seq` sum [1 .. 200000 :: Integer]
  dones <- forM [1 .. 8 :: Int] $ \_ -> do
    d <- newEmptyMVar
    _ <- forkIO (evaluate shared >>= putMVar d)
    return d
  mapM takeMVar dones >>= print . all (== 20000100000)
  readIORef evals >>= print
  let fibs = 0 : 1 : zipWith (+) fibs (tail fibs) :: [Integer]
  print (fibs !! 300)
  r <- try (evaluate (let x = x + 1 :: Int in x))
  case r of
    Left NonTermination -> putStrLn "<<loop>>"
    Right v -> print v
