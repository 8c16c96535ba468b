-- packages: unix bytestring
-- The unix package where WASI can do the job: file descriptors, file
-- status, directory streams, environment, temporary files, signal sets
-- (of signals 1 to 8, which wasi-libc's sigset_t holds);
-- only what is the same on every machine is printed.
module Main (main) where

import Control.Exception (IOException, try)
import Control.Monad (when)
import qualified Data.ByteString.Char8 as B
import System.IO (SeekMode (..), hClose)
import Data.List (sort)
import System.Posix.Directory
import System.Posix.Env (getEnvDefault, setEnv, unsetEnv)
import qualified System.Posix.Env as Env
import System.Posix.Files
import System.Posix.IO
import qualified System.Posix.IO.ByteString as BIO
import System.Posix.Signals (addSignal, emptySignalSet, fullSignalSet, inSignalSet, sigINT, sigQUIT)
import System.Posix.Temp (mkdtemp, mkstemp)
import System.Posix.Types (Fd)

dir :: FilePath
dir = "posix-test-dir"

main :: IO ()
main = do
  stale <- fileExist dir
  when stale (removeTree dir)
  createDirectory dir ownerModes

  putStrLn "-- file descriptors"
  fd <- openFd (dir ++ "/a.txt") WriteOnly (Just stdFileMode) defaultFileFlags
  n <- fdWrite fd "hello, posix\nsecond line\n"
  print n
  closeFd fd
  fd2 <- openFd (dir ++ "/a.txt") ReadOnly Nothing defaultFileFlags
  (s, m) <- fdRead fd2 5
  print (s, m)
  _ <- fdSeek fd2 AbsoluteSeek 7
  b <- BIO.fdRead fd2 100
  print b
  closeFd fd2

  putStrLn "-- file status"
  st <- getFileStatus (dir ++ "/a.txt")
  print (fileSize st, isRegularFile st, isDirectory st)
  dst <- getFileStatus dir
  print (isDirectory dst)
  print =<< fileExist (dir ++ "/missing")
  rename (dir ++ "/a.txt") (dir ++ "/b.txt")
  print =<< mapM (fileExist . ((dir ++ "/") ++)) ["a.txt", "b.txt"]
  setFileSize (dir ++ "/b.txt") 5
  print . fileSize =<< getFileStatus (dir ++ "/b.txt")

  putStrLn "-- directory streams"
  mapM_ (\f -> writeFile (dir ++ "/" ++ f) f) ["x", "y", "z"]
  ds <- openDirStream dir
  names <- readAll ds
  closeDirStream ds
  print (sort names)

  putStrLn "-- environment"
  setEnv "AHC_POSIX_TEST" "set" True
  print =<< Env.getEnv "AHC_POSIX_TEST"
  unsetEnv "AHC_POSIX_TEST"
  print =<< getEnvDefault "AHC_POSIX_TEST" "unset"

  putStrLn "-- temporary files"
  (path, h) <- mkstemp (dir ++ "/tmp")
  B.hPut h (B.pack "temporary")
  B.hPutStr h (B.pack "!")
  hClose h
  tdir <- mkdtemp (dir ++ "/d")
  print (length path - length dir, length tdir - length dir)
  print . isDirectory =<< getFileStatus tdir

  putStrLn "-- signal sets"
  let set = addSignal sigINT emptySignalSet
  print (inSignalSet sigINT set, inSignalSet sigQUIT set, inSignalSet sigQUIT fullSignalSet)

  putStrLn "-- errors"
  r <- try (openFd (dir ++ "/missing") ReadOnly Nothing defaultFileFlags) :: IO (Either IOException Fd)
  putStrLn (either (const "openFd of a missing file failed") (const "opened?") r)
  removeTree dir
  print =<< fileExist dir
  where
    readAll ds = do
      e <- readDirStream ds
      if null e then pure [] else
        if e `elem` [".", ".."] then readAll ds else (e :) <$> readAll ds

-- | Removes a directory with files and empty directories in it.
removeTree :: FilePath -> IO ()
removeTree d = do
  ds <- openDirStream d
  let go = do
        e <- readDirStream ds
        if null e then pure () else do
          when (e `notElem` [".", ".."]) $ do
            let p = d ++ "/" ++ e
            st <- getSymbolicLinkStatus p
            if isDirectory st then removeDirectory p else removeLink p
          go
  go
  closeDirStream ds
  removeDirectory d
