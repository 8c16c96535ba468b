-- packages: containers
-- HasCallStack locations inside the boot packages name their files as
-- GHC's own build compiled them (libraries/base/GHC/Err.hs, ...): the
-- messages of errors caught, and of the one that ends the program on
-- standard error, are native's byte for byte.
module Main (main) where

import Control.Exception
import qualified Data.Map as M
import Data.Maybe (fromJust)

main :: IO ()
main = do
  let try' :: a -> IO ()
      try' x = (evaluate x >> putStrLn "no error") `catch` \(ErrorCall m) -> putStrLn m
  r1 <- try (evaluate (M.fromList [(1 :: Int, 'a')] M.! 2))
  either (\e -> putStrLn (displayException (e :: ErrorCall))) print r1
  r2 <- try (evaluate (fromJust (Nothing :: Maybe Int)))
  either (\e -> putStrLn (displayException (e :: ErrorCall))) print r2
  try' (head ([] :: [Int]))
  print (length [undefined, undefined :: Int])
  _ <- evaluate (undefined :: Int)
  putStrLn "not reached"
