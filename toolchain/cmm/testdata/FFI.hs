module FFI where

foreign import ccall unsafe "math.h sin" c_sin :: Double -> Double
foreign import ccall safe "stdlib.h abs" c_abs :: Int -> IO Int
foreign import ccall unsafe "string.h memset" c_memset :: Word -> Int -> Word -> IO Word
