-- c-sources: fnaddr_c.c
-- A module that both calls C functions and takes their addresses
-- (`foreign import ccall "&f"` beside `foreign import ccall "f"`): the
-- addresses are the C functions' own, which C calls back with C's types,
-- Haskell calls through "dynamic" imports and the RTS calls as
-- finalizers.
module Main (main) where

import Foreign
import Foreign.C.Types

foreign import ccall unsafe "add3" c_add3 :: CInt -> CInt
foreign import ccall unsafe "&add3" p_add3 :: FunPtr (CInt -> CInt)
foreign import ccall unsafe "twice_int" twice :: FunPtr (CInt -> CInt) -> CInt -> CInt
foreign import ccall "dynamic" callInt :: FunPtr (CInt -> CInt) -> CInt -> CInt

foreign import ccall unsafe "bump" c_bump :: IO ()
foreign import ccall unsafe "&bump" p_bump :: FunPtr (IO ())
foreign import ccall unsafe "call_void" callVoid :: FunPtr (IO ()) -> IO ()
foreign import ccall "dynamic" callIO :: FunPtr (IO ()) -> IO ()
foreign import ccall unsafe "counter_value" counterValue :: IO CInt

foreign import ccall unsafe "stdlib.h free" c_free :: Ptr a -> IO ()
foreign import ccall unsafe "stdlib.h &free" p_free :: FunPtr (Ptr a -> IO ())

main :: IO ()
main = do
  print (c_add3 1, twice p_add3 10, callInt p_add3 5)
  print (p_add3 /= nullFunPtr, p_add3 == p_add3)
  c_bump
  callVoid p_bump
  callIO p_bump
  counterValue >>= print
  p <- mallocBytes 16 :: IO (Ptr Int)
  poke p 7
  peek p >>= print
  c_free p
  fp <- mallocBytes 16 >>= newForeignPtr p_free
  withForeignPtr fp $ \q -> poke q (42 :: Int) >> peek q >>= print
  finalizeForeignPtr fp
  putStrLn "finalized"
