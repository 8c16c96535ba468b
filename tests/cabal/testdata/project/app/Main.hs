module Main (main) where

import qualified Data.Map.Strict as Map
import Conf (configured)
import Gen (generated)
import Language.Haskell.HsColour (Output (..), hscolour)
import Language.Haskell.HsColour.Colourise (defaultColourPrefs)
import Mylib (checksum, fields, wordCounts)
import Numeric (showHex)
import System.Environment (getArgs, getProgName)
import System.Exit (ExitCode (..), exitWith)

main :: IO ()
main = do
  args <- getArgs
  name <- getProgName
  putStrLn ("program " ++ name ++ ", arguments " ++ show args)
  putStrLn generated
  putStrLn configured
  input <- getContents
  let ls = lines input
  mapM_ (\l -> putStrLn (show (fields l) ++ " " ++ showHex (checksum l) "")) ls
  mapM_ (\(w, n) -> putStrLn (w ++ " " ++ show n)) (Map.toList (wordCounts input))
  -- hscolour's HTML rendering of a line of Haskell.
  putStr (hscolour HTML defaultColourPrefs False True "" False "main = print (sum [1 .. 10 :: Int])\n")
  if "fail" `elem` args then exitWith (ExitFailure 4) else pure ()
