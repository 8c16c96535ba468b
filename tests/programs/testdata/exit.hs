-- exitWith: ExitCode is an exception that can be caught, and when it is not
-- the program ends with that code after flushing its output.
module Main (main) where

import Control.Exception (finally, try)
import System.Exit
import System.IO

main :: IO ()
main = do
  putStrLn "starting"
  r <- try (exitWith (ExitFailure 2))
  putStrLn ("caught: " ++ show (r :: Either ExitCode ()))
  r2 <- try exitSuccess
  putStrLn ("caught: " ++ show (r2 :: Either ExitCode ()))
  hPutStrLn stderr "about to exit with 3"
  putStr "unterminated line, flushed at exit"
  (exitWith (ExitFailure 3) >> putStrLn "not reached") `finally` putStrLn " (finally ran)"
