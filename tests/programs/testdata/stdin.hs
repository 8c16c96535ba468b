-- Standard input (getLine, isEOF, getContents), arguments (getArgs) and an
-- environment variable that is not set.
module Main (main) where

import System.Environment (getArgs, lookupEnv)
import System.IO

main :: IO ()
main = do
  args <- getArgs
  putStrLn ("arguments: " ++ show args ++ " (" ++ show (length args) ++ ")")
  unset <- lookupEnv "AHC_SURELY_UNSET"
  print unset
  hSetBuffering stdout LineBuffering
  name <- getLine
  putStrLn ("first line: " ++ show name)
  n <- readLn :: IO Int
  nums <- mapM (const (fmap read getLine)) [1 .. n] :: IO [Integer]
  putStrLn ("sum of " ++ show n ++ " numbers: " ++ show (sum nums))
  eof <- isEOF
  putStrLn ("at EOF after the numbers: " ++ show eof)
  c <- hGetChar stdin
  l <- hGetLine stdin
  putStrLn ("char and rest: " ++ show (c, l))
  rest <- getContents
  let ls = lines rest
  putStrLn ("remaining lines: " ++ show (length ls) ++ ", words: " ++ show (length (words rest)) ++ ", chars: " ++ show (length rest))
  mapM_ (putStrLn . reverse) (take 3 ls)
  putStrLn ("last line: " ++ show (last ls))
  putStrLn "done"
