{-# LANGUAGE CApiFFI #-}
-- CApiFFI: ghc compiles a C wrapper per import into the module's stub and
-- merges it into the module's object; the wrapper takes a C int where the
-- Haskell code passes a word.
module Main (main) where

import Foreign.C.Types

foreign import capi unsafe "stdlib.h abs" c_abs :: CInt -> IO CInt

foreign import capi unsafe "stdlib.h labs" c_labs :: CLong -> IO CLong

main :: IO ()
main = do
  mapM_ (\x -> c_abs x >>= print) [-5, 0, 7, minBound + 1]
  c_labs (-1234567890123) >>= print
