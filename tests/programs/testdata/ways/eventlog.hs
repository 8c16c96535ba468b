-- A program linked with -eventlog: run with +RTS -l, it writes GHC's event
-- log, with its own events and markers among the RTS's.
module Main (main) where

import Control.Concurrent
import Control.Monad
import Debug.Trace
import System.Mem

main :: IO ()
main = do
  traceEventIO "ahc-event: start"
  done <- newEmptyMVar
  forM_ [1 .. 4 :: Int] $ \i -> forkIO $ do
    let s = sum [1 .. i * 100000]
    s `seq` putMVar done s
  total <- sum <$> replicateM 4 (takeMVar done)
  print total
  performMajorGC
  traceMarkerIO "ahc-marker: end"
