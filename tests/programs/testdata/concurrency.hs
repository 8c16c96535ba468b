-- packages: stm
-- Concurrency: forkIO, MVar, Chan, threadDelay, killThread and throwTo,
-- STM with retry, and BlockedIndefinitelyOnMVar/STM. Every output line is
-- printed by the main thread, in an order fixed by MVars, so the output
-- does not depend on scheduling.
{-# LANGUAGE ScopedTypeVariables #-}
module Main (main) where

import Control.Concurrent
import Control.Concurrent.STM
import Control.Exception
import Control.Monad

data Stop = Stop deriving (Show)

instance Exception Stop

main :: IO ()
main = do
  putStrLn "-- forkIO and MVar"
  results <- forM [1 .. 8 :: Int] $ \i -> do
    v <- newEmptyMVar
    _ <- forkIO (putMVar v $! sum [1 .. i * 10000])
    return v
  mapM takeMVar results >>= print
  counter <- newMVar (0 :: Int)
  dones <- forM [1 .. 10 :: Int] $ \_ -> do
    d <- newEmptyMVar
    _ <- forkIO $ do
      replicateM_ 1000 (modifyMVar_ counter (return . (+ 1)))
      putMVar d ()
    return d
  mapM_ takeMVar dones
  readMVar counter >>= print
  mv <- newEmptyMVar
  ok <- tryPutMVar mv 'a'
  ok2 <- tryPutMVar mv 'b'
  t <- tryTakeMVar mv
  t2 <- tryTakeMVar mv
  print (ok, ok2, t, t2 :: Maybe Char)

  putStrLn "-- Chan"
  ch <- newChan
  _ <- forkIO (mapM_ (writeChan ch . Just) [1 .. 1000 :: Int] >> writeChan ch Nothing)
  let drain acc = readChan ch >>= maybe (return acc) (\x -> drain (acc + x))
  drain 0 >>= print
  -- A pipeline of three stages connected by channels.
  c1 <- newChan
  c2 <- newChan
  _ <- forkIO (forever (readChan c1 >>= writeChan c2 . (* 2)))
  mapM_ (writeChan c1) [1 .. 5 :: Int]
  replicateM 5 (readChan c2) >>= print
  dup <- dupChan c1
  writeChan c1 99
  (,) <$> readChan dup <*> readChan c2 >>= print

  putStrLn "-- threadDelay"
  d <- newEmptyMVar
  _ <- forkIO (threadDelay 20000 >> putMVar d "slow")
  _ <- forkIO (putMVar d "fast" >> return ())
  first <- takeMVar d
  second <- takeMVar d
  print (first, second)
  threadDelay 1000
  putStrLn "slept"

  putStrLn "-- killThread and throwTo"
  started <- newEmptyMVar
  outcome <- newEmptyMVar
  tid <- forkIO $ (putMVar started () >> forever (threadDelay 100000))
    `catch` \(e :: AsyncException) -> putMVar outcome ("worker got " ++ show e)
  takeMVar started
  killThread tid
  takeMVar outcome >>= putStrLn
  started2 <- newEmptyMVar
  outcome2 <- newEmptyMVar
  tid2 <- forkIO $ handle (\Stop -> putMVar outcome2 "stopped by throwTo") $
    putMVar started2 () >> forever (threadDelay 100000)
  takeMVar started2
  throwTo tid2 Stop
  takeMVar outcome2 >>= putStrLn
  fin <- newEmptyMVar
  tid3 <- forkIO (threadDelay 10000000 `finally` putMVar fin "finalizer of killed thread ran")
  yield
  killThread tid3
  takeMVar fin >>= putStrLn
  masked <- newEmptyMVar
  release <- newEmptyMVar
  tid4 <- forkIO $ mask_ $ do
    putMVar masked ()
    takeMVar release -- interruptible: killThread gets through here
    putMVar masked ()
  takeMVar masked
  killThread tid4
  r <- tryTakeMVar masked
  print (r == Nothing)
  me <- myThreadId
  r2 <- try (throwTo me (ErrorCall "to myself"))
  print (r2 :: Either ErrorCall ())

  putStrLn "-- STM"
  tv <- newTVarIO (0 :: Int)
  forM_ [1 .. 10 :: Int] $ \_ -> forkIO (replicateM_ 500 (atomically (modifyTVar' tv (+ 1))))
  total <- atomically $ do
    v <- readTVar tv
    when (v < 5000) retry
    return v
  print total
  -- A bounded buffer with retry on both ends.
  buf <- newTVarIO ([] :: [Int])
  let put x = atomically $ do
        xs <- readTVar buf
        when (length xs >= 3) retry
        writeTVar buf (xs ++ [x])
      get = atomically $ do
        xs <- readTVar buf
        case xs of
          [] -> retry
          (y : ys) -> writeTVar buf ys >> return y
  _ <- forkIO (mapM_ put [1 .. 20])
  replicateM 20 get >>= print
  a <- newTVarIO (100 :: Int)
  b <- newTVarIO (0 :: Int)
  let transfer n = atomically $ do
        x <- readTVar a
        check (x >= n)
        writeTVar a (x - n)
        modifyTVar b (+ n)
  forM_ [10, 20, 30] transfer
  (,) <$> readTVarIO a <*> readTVarIO b >>= print
  alt <- atomically ((readTVar a >>= check . (> 1000) >> return "big") `orElse` return "small")
  putStrLn alt
  tq <- newTQueueIO
  atomically (mapM_ (writeTQueue tq) "stm queue")
  atomically (flushTQueue tq) >>= putStrLn
  r3 <- try (atomically (throwSTM (ErrorCall "thrown in STM") :: STM ()))
  print (r3 :: Either ErrorCall ())
  r4 <- atomically ((writeTVar a 0 >> throwSTM Stop) `catchSTM` \Stop -> readTVar a)
  print r4

  putStrLn "-- blocked indefinitely"
  r5 <- try (newEmptyMVar >>= takeMVar :: IO ())
  print (r5 :: Either BlockedIndefinitelyOnMVar ())
  r6 <- try (newTVarIO False >>= \v -> atomically (readTVar v >>= check))
  print (r6 :: Either BlockedIndefinitelyOnSTM ())
  putStrLn "done"
