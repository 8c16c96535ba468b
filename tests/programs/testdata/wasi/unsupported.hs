-- packages: process unix
-- What WASI has no notion of (processes, users, terminals, dynamic
-- loading) fails with an IOError that names the call, and the program
-- goes on.
module Main (main) where

import Control.Exception (IOException, try)
import System.Exit (ExitCode)
import System.Posix.IO (stdInput)
import System.IO.Error (ioeGetErrorType)
import System.Posix.DynamicLinker (RTLDFlags (RTLD_NOW), dlopen)
import System.Posix.Terminal (getTerminalAttributes)
import System.Posix.User (getLoginName, getUserEntryForName)
import System.Process (readProcess, system)

attempt :: String -> IO a -> IO ()
attempt what act = do
  r <- try act
  case r of
    Left e -> putStrLn (what ++ ": " ++ show (ioeGetErrorType (e :: IOException)) ++ ": " ++ show e)
    Right _ -> putStrLn (what ++ ": succeeded")

main :: IO ()
main = do
  attempt "readProcess" (readProcess "echo" ["hi"] "")
  attempt "system" (system "true" :: IO ExitCode)
  attempt "getUserEntryForName" (getUserEntryForName "root")
  attempt "getLoginName" getLoginName
  attempt "getTerminalAttributes" (getTerminalAttributes stdInput)
  attempt "dlopen" (dlopen "libm.so" [RTLD_NOW])
  putStrLn "still running"
