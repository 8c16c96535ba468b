{-# LANGUAGE ForeignFunctionInterface #-}
-- | Words of a line, counted, and a checksum computed by the package's C file.
module Mylib (fields, wordCounts, checksum) where

import Data.List.Split (splitOneOf, wordsBy)
import qualified Data.Map.Strict as Map
import Data.Word (Word64)
import Foreign.C.String (withCStringLen)
import Foreign.C.Types (CChar, CSize (..))
import Foreign.Ptr (Ptr)
import System.IO.Unsafe (unsafePerformIO)

foreign import ccall unsafe "mylib_fnv1a" c_fnv1a :: Ptr CChar -> CSize -> IO Word64

-- | The fields of a comma- or semicolon-separated line.
fields :: String -> [String]
fields = splitOneOf ",;"

-- | How often each word occurs.
wordCounts :: String -> Map.Map String Int
wordCounts = Map.fromListWith (+) . map (\w -> (w, 1)) . wordsBy (`elem` " \t\n.,;")

-- | FNV-1a of the string's bytes (Latin-1 truncation, as withCStringLen).
checksum :: String -> Word64
checksum s = unsafePerformIO $ withCStringLen s $ \(p, n) -> c_fnv1a p (fromIntegral n)
