-- packages: directory
-- Files: writeFile/readFile/appendFile, handles (withFile, hSeek,
-- hGetLine, hFileSize) and System.Directory in a fresh subdirectory.
module Main (main) where

import Control.Exception (IOException, try)
import Control.Monad (forM_, when)
import Data.List (sort)
import System.Directory
import System.IO

dir :: FilePath
dir = "files-test-dir"

main :: IO ()
main = do
  stale <- doesDirectoryExist dir
  when stale (removeDirectoryRecursive dir)
  createDirectory dir
  putStrLn "-- writeFile, readFile, appendFile"
  let f = dir ++ "/notes.txt"
  writeFile f "first line\nsecond line\n"
  s <- readFile f
  length s `seq` putStr s
  appendFile f "third line\n"
  s2 <- readFile f
  print (lines s2)
  print =<< doesFileExist f
  print =<< doesFileExist (dir ++ "/missing.txt")

  putStrLn "-- handles"
  withFile f ReadMode $ \h -> do
    size <- hFileSize h
    print size
    l1 <- hGetLine h
    hSeek h AbsoluteSeek 6
    l2 <- hGetLine h
    hSeek h SeekFromEnd (-5)
    l3 <- hGetLine h
    pos <- hTell h
    eof <- hIsEOF h
    print (l1, l2, l3, pos, eof)
  withFile (dir ++ "/data.bin") WriteMode $ \h -> do
    hSetBuffering h (BlockBuffering (Just 16))
    forM_ [1 .. 1000 :: Int] $ \i -> hPutStrLn h (show i ++ "," ++ show (i * i))
  contents <- readFile (dir ++ "/data.bin")
  let rows = map (break (== ',')) (lines contents)
  print (length rows, last rows, sum (map (read . fst) rows :: [Int]))
  h <- openFile (dir ++ "/rw.txt") ReadWriteMode
  hPutStr h "0123456789"
  hSeek h AbsoluteSeek 3
  hPutStr h "abc"
  hSeek h AbsoluteSeek 0
  all' <- hGetLine h
  hClose h
  putStrLn all'
  withFile f AppendMode (\h' -> hPutStrLn h' "appended through a handle")
  readFile f >>= \c -> print (length (lines c), last (lines c))

  putStrLn "-- errors"
  r <- try (readFile (dir ++ "/does-not-exist.txt"))
  putStrLn (either (\e -> "readFile failed: " ++ show (const () (e :: IOException))) id r)
  r2 <- try (openFile (dir ++ "/no/such/dir/x") WriteMode)
  putStrLn (either (\e -> "openFile failed" ++ show (const () (e :: IOException))) (const "opened?") r2)

  putStrLn "-- System.Directory"
  createDirectory (dir ++ "/sub")
  writeFile (dir ++ "/sub/a.txt") "a"
  writeFile (dir ++ "/sub/b.txt") "bb"
  listDirectory dir >>= print . sort
  listDirectory (dir ++ "/sub") >>= print . sort
  doesDirectoryExist (dir ++ "/sub") >>= print
  renameFile (dir ++ "/sub/a.txt") (dir ++ "/sub/c.txt")
  copyFile (dir ++ "/sub/b.txt") (dir ++ "/sub/d.txt")
  listDirectory (dir ++ "/sub") >>= print . sort
  getFileSize (dir ++ "/sub/d.txt") >>= print
  removeFile (dir ++ "/sub/b.txt")
  doesFileExist (dir ++ "/sub/b.txt") >>= print
  listDirectory (dir ++ "/sub") >>= print . sort
  removeDirectoryRecursive dir
  doesDirectoryExist dir >>= print
  putStrLn "done"
