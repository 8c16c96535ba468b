-- packages: text bytestring directory
-- Data.Text and Data.ByteString (strict, lazy, Char8, Builder): operations,
-- encodings and IO.
{-# LANGUAGE OverloadedStrings #-}
module Main (main) where

import qualified Data.ByteString as B
import qualified Data.ByteString.Builder as BB
import qualified Data.ByteString.Char8 as BC
import qualified Data.ByteString.Lazy as BL
import qualified Data.ByteString.Lazy.Char8 as BLC
import Data.Char (isDigit)
import qualified Data.Text as T
import qualified Data.Text.Encoding as TE
import qualified Data.Text.IO as TIO
import qualified Data.Text.Lazy as TL
import qualified Data.Text.Lazy.Builder as TB
import qualified Data.Text.Read as TR
import Data.Word (Word8)
import System.Directory (removeFile)
import System.IO

main :: IO ()
main = do
  putStrLn "-- Data.Text"
  let t = "  The quick brown fox jumps over the lazy dog  " :: T.Text
  print (T.strip t, T.length t, T.toUpper (T.strip t))
  print (T.words t, T.splitOn "o" "foo bar boo", T.intercalate "-" ["a", "b", "c"])
  print (T.replace "the" "a" (T.toLower t), T.isInfixOf "fox" t, T.breakOn "fox" t)
  print (T.reverse "stressed", T.take 3 "abcdef", T.drop 3 "abcdef", T.chunksOf 3 "abcdefgh")
  print (T.pack (show (3.5 :: Double)), T.unpack "unpacked", T.justifyRight 6 '0' "42", T.center 9 '*' "mid")
  print (T.zip "abc" "xy", T.filter (/= ' ') "a b c", T.count "an" "banana", T.lines "one\ntwo\n")
  print (TR.decimal "123abc" :: Either String (Int, T.Text), TR.signed TR.decimal "-45" :: Either String (Integer, T.Text))
  print (TR.double "2.5e3 rest", TR.hexadecimal "ff" :: Either String (Int, T.Text), TR.decimal "x" :: Either String (Int, T.Text))
  let u = "caf\233 \955 \128512" :: T.Text
  print (u, T.length u, B.length (TE.encodeUtf8 u), B.unpack (TE.encodeUtf8 "\233"))
  print (TE.decodeUtf8 (B.pack [104, 105, 0xce, 0xbb]), T.toTitle "hello world")
  print (TL.toStrict (TB.toLazyText (mconcat [TB.fromText "built ", TB.fromString (show (42 :: Int)), TB.singleton '!'])))
  print (TL.length (TL.replicate 1000 "ab"), TL.toChunks (TL.fromChunks ["x", "y"]) /= [])
  let big = T.replicate 10000 "hello "
  print (T.length big, length (T.words big), T.foldl' (\n c -> if c == 'l' then n + 1 else n) (0 :: Int) big)

  putStrLn "-- strict ByteString"
  let b = BC.pack "hello, bytes"
  print (b, B.length b, B.head b, B.last b, B.index b 4)
  print (B.reverse b, B.take 5 b, BC.split ',' b, BC.map succ (BC.pack "HAL"))
  print (B.pack [0, 1, 254, 255], B.unpack (B.pack [1 .. 5]), B.foldl' (+) 0 (B.pack [1 .. 100]) :: Word8)
  print (BC.words "  a bb\tccc\n", BC.lines "x\ny\n", BC.readInt "-123xyz", BC.readInteger "99999999999999999999 ")
  print (B.isPrefixOf "hel" b, B.breakSubstring "by" b, BC.elemIndex ',' b, B.concat ["ab", "cd"], B.empty)
  print (BC.unpack (BC.filter isDigit "a1b2c3"), B.replicate 3 65, BC.cons '<' (BC.snoc b '>'))
  let blob = B.pack (map fromIntegral [0 .. 65535 :: Int])
  print (B.length blob, B.count 7 blob, B.foldl' (\a w -> (a * 31 + fromIntegral w) `mod` 1000003) (0 :: Int) blob)

  putStrLn "-- lazy ByteString and Builder"
  let lb = BLC.pack (concatMap show [1 .. 1000 :: Int])
  print (BL.length lb, BL.take 10 lb, length (BL.toChunks (BL.fromChunks ["ab", "cd", "ef"])))
  print (BLC.lines "l1\nl2\nl3", BL.toStrict (BL.fromStrict "round trip"))
  let built = BB.toLazyByteString (BB.intDec 42 <> BB.char7 ' ' <> BB.string7 "words" <> BB.char7 ' ' <> BB.word32BE 0x41424344 <> BB.char7 ' ' <> BB.doubleDec 1.5 <> BB.char7 ' ' <> BB.wordHex 255)
  print built
  let infinite = BLC.cycle "abc"
  print (BL.take 7 infinite, BL.length (BL.take 100000 (BL.iterate (+ 1) 0)))

  putStrLn "-- IO"
  TIO.putStrLn "Text to stdout"
  BC.putStrLn "ByteString to stdout"
  BLC.putStr "lazy ByteString to stdout\n"
  BB.hPutBuilder stdout (BB.string7 "Builder to stdout\n")
  hFlush stdout
  let f = "text-test-file.txt"
  TIO.writeFile f "line one\nline two\n"
  TIO.appendFile f "line three\n"
  TIO.readFile f >>= print . T.lines
  B.readFile f >>= \c -> print (B.length c, BC.count '\n' c)
  B.writeFile f (B.pack [0 .. 255])
  c <- BL.readFile f
  print (BL.length c, BL.index c 200)
  withFile f ReadMode $ \h -> do
    x <- B.hGet h 4
    hSeek h AbsoluteSeek 250
    y <- B.hGetSome h 100
    print (B.unpack x, B.unpack y)
  BL.writeFile f (BLC.unlines (map (BLC.pack . show) [1 .. 5 :: Int]))
  withFile f ReadMode $ \h -> do
    l <- BC.hGetLine h
    rest <- B.hGetContents h
    print (l, rest)
  removeFile f
  putStrLn "done"
