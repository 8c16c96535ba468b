-- String processing: words/lines, Read/Show of lists, tuples and records,
-- Data.Char.
module Main (main) where

import Data.Char
import Data.List (intercalate, isInfixOf, isPrefixOf, isSuffixOf, sort, sortOn, group, nub)

data Point = Point {px :: Int, py :: Double} deriving (Show, Read, Eq, Ord)

data Op = Int :+: Int | Neg Op | Lit {value :: Int} deriving (Show, Read, Eq)

infixl 6 :+:

newtype Wrap = Wrap {unwrap :: Maybe [Point]} deriving (Show, Read, Eq)

data Colour = Red | Green | Blue deriving (Show, Read, Eq, Ord, Enum, Bounded)

main :: IO ()
main = do
  putStrLn "-- words and lines"
  let text = "  the quick\tbrown fox\n\njumps  over\r\nthe lazy dog  \n"
  print (words text)
  print (lines text)
  print (unwords (words text), unlines ["a", "", "b"])
  print (lines "no newline", lines "", lines "\n", words "")
  let freq = map (\g -> (head g, length g)) . group . sort . words $ "a b a c b a"
  print freq

  putStrLn "-- read"
  print (read "[1, 2,3 ]" :: [Int])
  print (read "(1,\"two\",'3',[4.5])" :: (Int, String, Char, [Double]))
  print (read " Point { px = -3 , py = 2.5 } " :: Point)
  print (read "[Just (-1),Nothing]" :: [Maybe Int])
  print (read "Wrap {unwrap = Just [Point {px = 1, py = -0.5}]}" :: Wrap)
  print (read "3 :+: (-4)" :: Op, read "Neg (Lit {value = -2})" :: Op)
  print (read "Left 5" :: Either Int Bool, read "(Right True)" :: Either Int Bool)
  print (map read (words "Red Blue Green") :: [Colour])
  print ((reads :: ReadS Int) "12 rest", (reads :: ReadS Int) "nope")
  print (read "\"esc\\n\\t\\\"q\\\" \\1234\"" :: String)

  putStrLn "-- show"
  print (Point (-3) (-0.0), Point {px = 0, py = 1.0e-3})
  print (3 :+: (-4), Neg (Lit (-2)), Neg (1 :+: 2))
  print (Wrap (Just [Point 1 2]), Just (Left (-1)) :: Maybe (Either Int ()))
  print ([minBound .. maxBound] :: [Colour], succ Red, fromEnum Blue)
  print "quote \" backslash \\ tab \t newline \n unicode \955 \1234\&5 del \DEL"
  print ('\'', '\0', '\200', "\SOH", "\SO\&H")
  putStrLn (show (Just (Just Nothing :: Maybe (Maybe Int))))
  print (showsPrec 11 (-1 :: Int) "", show [Just (-2.5 :: Double)])

  putStrLn "-- Data.Char"
  let s = "Hello, World! 123 \955x"
  print (map toUpper s, map toLower s)
  print (filter isAlpha s, filter isDigit s, filter isSpace s, filter isPunctuation s)
  print (map ord "Az09 ~", map chr [72, 105, 955])
  print (digitToInt 'f', intToDigit 11, isHexDigit 'G', isOctDigit '7')
  print (generalCategory 'a', generalCategory '1', generalCategory ' ', isUpper 'A', isLower 'A')
  print (isAlphaNum '_', isControl '\n', isPrint '\n', isAscii '\128', isLatin1 '\255')

  putStrLn "-- list functions on strings"
  print (intercalate ", " ["a", "b", "c"], "ell" `isInfixOf` "hello", "he" `isPrefixOf` "hello", "lo" `isSuffixOf` "hello")
  print (sortOn negate [3, 1, 2 :: Int], nub "mississippi", reverse "stressed")
  let caesar n = map (\c -> if isAsciiLower c then chr ((ord c - ord 'a' + n) `mod` 26 + ord 'a') else c)
  putStrLn (caesar 3 "attack at dawn, xyz")
  print (zip3 "abc" [1 :: Int ..] (cycle [True, False]), lookup 'b' (zip "abc" [1 :: Int ..]))
  print (span isDigit "123abc", break (== ',') "key,value", splitAt 2 "xyz")
