-- An exception nobody catches: the program prints what it did so far, then
-- dies with the exception's message on stderr and exit code 1.
module Main (main) where

import Control.Exception (Exception, throwIO)
import System.IO (hPutStrLn, stderr)

data Disaster = Disaster String Int deriving (Show)

instance Exception Disaster

main :: IO ()
main = do
  putStrLn "before the exception"
  hPutStrLn stderr "a line on stderr"
  mapM_ print [1 .. 3 :: Int]
  _ <- throwIO (Disaster "nobody catches this" 42)
  putStrLn "not reached"
