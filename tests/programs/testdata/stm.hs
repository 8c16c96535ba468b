-- packages: stm
-- STM: retry and orElse, a bounded queue between producers and
-- consumers, and a thousand threads that each add to one TVar.
module Main (main) where

import Control.Concurrent
import Control.Concurrent.STM
import Control.Exception
import Control.Monad

type Queue a = (TVar [a], Int)

push :: Queue a -> a -> STM ()
push (v, cap) x = do
  xs <- readTVar v
  when (length xs >= cap) retry
  writeTVar v (xs ++ [x])

pop :: Queue a -> STM a
pop (v, _) = do
  xs <- readTVar v
  case xs of
    [] -> retry
    y : ys -> writeTVar v ys >> return y

main :: IO ()
main = do
  counter <- newTVarIO (0 :: Int)
  done <- newEmptyMVar
  forM_ [1 .. 1000] $ \i -> forkIO $ do
    atomically (modifyTVar' counter (+ i))
    putMVar done ()
  replicateM_ 1000 (takeMVar done)
  readTVarIO counter >>= print

  q <- (\v -> (v, 4)) <$> newTVarIO []
  results <- newTVarIO []
  forM_ [0 .. 3 :: Int] $ \p -> forkIO $ forM_ [1 .. 25] $ \k -> atomically (push q (p * 100 + k))
  forM_ [1 .. 2 :: Int] $ \_ -> forkIO $ replicateM_ 50 $ do
    x <- atomically (pop q)
    atomically (modifyTVar' results (x :))
  atomically $ do
    rs <- readTVar results
    when (length rs < 100) retry
  rs <- readTVarIO results
  print (length rs, sum rs)

  a <- newTVarIO (Nothing :: Maybe String)
  b <- newTVarIO (Just "from b")
  let takeT v = readTVar v >>= maybe retry (\x -> writeTVar v Nothing >> return x)
  atomically (takeT a `orElse` takeT b) >>= putStrLn
  r <- atomically ((Just <$> takeT a) `orElse` (Just <$> takeT b) `orElse` return Nothing)
  print r

  -- An exception inside a transaction discards its writes.
  t <- newTVarIO (1 :: Int)
  res <- try (atomically (writeTVar t 99 >> throwSTM (userError "abort")))
  print (res :: Either IOException ())
  readTVarIO t >>= print
  caught <- atomically ((writeTVar t 5 >> throwSTM Overflow) `catchSTM` \e -> return (show (e :: ArithException)))
  putStrLn caught
  readTVarIO t >>= print

  -- A transaction that waits for a thread's delayed write.
  tv <- newTVarIO False
  _ <- forkIO (threadDelay 20000 >> atomically (writeTVar tv True))
  atomically (readTVar tv >>= check)
  putStrLn "delay passed"
