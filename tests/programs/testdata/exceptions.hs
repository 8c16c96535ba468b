-- Exceptions: catch, throwIO, error, evaluate, bracket/finally,
-- arithmetic exceptions and a custom exception type.
{-# LANGUAGE ExistentialQuantification, ScopedTypeVariables #-}
module Main (main) where

import Control.Exception
import Data.IORef
import Data.Maybe (fromJust)
import Data.Typeable (cast)

data BankError = InsufficientFunds Int | UnknownAccount String
  deriving (Show)

instance Exception BankError

-- A small hierarchy: every AppException wraps some exception type.
data AppException = forall e. Exception e => AppException e

instance Show AppException where
  show (AppException e) = "AppException: " ++ show e

instance Exception AppException

newtype ConfigError = ConfigError String deriving (Show)

instance Exception ConfigError where
  toException = toException . AppException
  fromException x = do
    AppException e <- fromException x
    cast e
  displayException (ConfigError s) = "bad config: " ++ s

withdraw :: Int -> Int -> IO Int
withdraw balance amount
  | amount > balance = throwIO (InsufficientFunds (amount - balance))
  | otherwise = return (balance - amount)

main :: IO ()
main = do
  putStrLn "-- catch and throwIO"
  r1 <- withdraw 100 30 `catch` \(e :: BankError) -> print e >> return 0
  print r1
  r2 <- withdraw 100 130 `catch` \(e :: BankError) -> print e >> return (-1)
  print r2
  r3 <- try (throwIO (UnknownAccount "bob"))
  case r3 of
    Left (UnknownAccount n) -> putStrLn ("unknown account " ++ n)
    Left e -> print e
    Right () -> putStrLn "no exception"

  putStrLn "-- error and evaluate"
  r4 <- try (evaluate (length [1, 2, error "boom"] + 1))
  print (either (\(e :: ErrorCall) -> -1) id r4)
  r5 <- try (evaluate (sum [1, 2, error "boom" :: Int]))
  putStrLn (either (\(ErrorCall m) -> "caught error: " ++ m) show r5)
  r6 <- try (evaluate (head ([] :: [Int])))
  putStrLn (either (\(e :: SomeException) -> "head failed") show r6)
  r7 <- try (evaluate (fromJust Nothing :: Int))
  putStrLn (either (\(e :: SomeException) -> "fromJust failed") show r7)
  r8 <- try (evaluate (let xs = [1, 2, 3] :: [Int] in xs !! 5))
  putStrLn (either (\(e :: SomeException) -> "index failed") show r8)

  putStrLn "-- arithmetic"
  r9 <- try (evaluate (1 `div` (0 :: Int)))
  print (r9 :: Either ArithException Int)
  r10 <- try (evaluate ((minBound :: Int) `div` (-1)))
  print (r10 :: Either ArithException Int)
  r11 <- try (evaluate (10 `mod` (0 :: Integer)))
  print (r11 :: Either ArithException Integer)
  r12 <- try (evaluate (toEnum 300 :: Bool))
  putStrLn (either (\(e :: SomeException) -> "toEnum failed") show r12)
  handle (\e -> putStrLn ("handled: " ++ show (e :: ArithException))) (throwIO Overflow)

  putStrLn "-- bracket and finally"
  log' <- newIORef []
  let say s = modifyIORef log' (s :)
  res <- try $ bracket (say "acquire" >> return 42) (\_ -> say "release") $ \x -> do
    say ("use " ++ show x)
    _ <- throwIO (userError "inside bracket")
    say "not reached"
  print (res :: Either IOException ())
  (say "body" `finally` say "finalizer") `catch` \(e :: SomeException) -> say "impossible"
  _ <- try (throwIO DivideByZero `finally` say "finally after throw") :: IO (Either ArithException ())
  n <- bracket_ (say "enter") (say "exit") (return (7 :: Int))
  r <- onException (return 'x') (say "no exception, not run")
  _ <- try (onException (throwIO (ErrorCall "e")) (say "onException ran")) :: IO (Either ErrorCall ())
  readIORef log' >>= mapM_ putStrLn . reverse
  print (n, r)

  putStrLn "-- hierarchy and SomeException"
  r13 <- try (throwIO (ConfigError "missing key"))
  case r13 of
    Left (e :: AppException) -> putStrLn ("as AppException: " ++ show e)
    Right () -> return ()
  r14 <- try (throwIO (ConfigError "port"))
  case r14 of
    Left (e :: ConfigError) -> putStrLn (displayException e)
    Right () -> return ()
  r15 <- try (throwIO (InsufficientFunds 5))
  case r15 of
    Left (e :: SomeException) -> do
      putStrLn ("some exception: " ++ show e)
      print (fmap show (fromException e :: Maybe BankError), fmap show (fromException e :: Maybe ArithException))
    Right () -> return ()
  r16 <- tryJust (\e -> if e == DivideByZero then Just "dbz" else Nothing) (evaluate (5 `div` (0 :: Int)))
  print r16
  r17 <- catches (evaluate (error "multi" :: Int))
    [ Handler (\(e :: ArithException) -> return 1)
    , Handler (\(ErrorCall m) -> return (length m))
    ]
  print r17
  r18 <- try (throw (userError "pure throw") :: IO ())
  print (r18 :: Either IOException ())
  r19 <- try (assertPositive (-3))
  print (r19 :: Either ErrorCall Int)
  putStrLn "done"
  where
    assertPositive :: Int -> IO Int
    assertPositive x = if x > 0 then return x else ioError (userError "x") `catch` \(_ :: IOException) -> throwIO (ErrorCall "not positive")
