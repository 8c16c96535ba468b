-- Asynchronous exceptions reach a thread that computes: the masking
-- state is native's in every context (rts/patches/0010), and a thread
-- that only computes is preempted (rts/patches/0009), so timeout and
-- killThread stop it. Without either, this program never ends.
module Main (main) where

import Control.Concurrent
import Control.Exception
import System.Timeout

forever' :: IO Integer
forever' = evaluate (sum [1 ..])

main :: IO ()
main = do
  getMaskingState >>= print
  mask_ (getMaskingState >>= print)
  uninterruptibleMask_ (getMaskingState >>= print)
  mask $ \restore -> restore getMaskingState >>= print
  r <- newEmptyMVar
  _ <- mask_ (forkIO (getMaskingState >>= putMVar r))
  takeMVar r >>= print
  _ <- mask_ (forkIOWithUnmask (\unmask -> unmask getMaskingState >>= putMVar r))
  takeMVar r >>= print
  bracket (return ()) return (\_ -> getMaskingState >>= print)
  timeout 20000 forever' >>= print
  done <- newEmptyMVar
  t <- forkIO ((forever' >> return ()) `finally` putMVar done ())
  threadDelay 20000
  killThread t
  takeMVar done
  putStrLn "killed"
  res <- try (timeout 1000000 (mask_ (threadDelay 20000 >> return "masked, then done")))
  print (res :: Either SomeException (Maybe String))
