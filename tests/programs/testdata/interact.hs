-- interact: a line-numbering, upper-casing filter over standard input.
module Main (main) where

import Data.Char (toUpper)

main :: IO ()
main = interact $ \s ->
  let ls = lines s
      numbered = zipWith (\i l -> show i ++ ": " ++ map toUpper l) [1 :: Int ..] ls
   in unlines numbered ++ "total " ++ show (length ls) ++ " lines, " ++ show (length s) ++ " chars\n"
