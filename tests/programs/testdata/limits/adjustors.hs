-- Five C function pointers of one type alive at once, made by
-- foreign import ccall "wrapper": linked with fewer adjustors than that
-- it must stop with a message naming the limit, with five it runs.
module Main (main) where

import Control.Monad
import Foreign
import Foreign.C.Types

type IntFn = CLong -> IO CLong

foreign import ccall "wrapper" mkIntFn :: IntFn -> IO (FunPtr IntFn)
foreign import ccall "dynamic" callIntFn :: FunPtr IntFn -> IntFn

main :: IO ()
main = do
  fs <- forM [1 .. 5] $ \i -> mkIntFn (return . (+ i))
  rs <- mapM (\f -> callIntFn f 10) fs
  print rs
  mapM_ freeHaskellFunPtr fs
