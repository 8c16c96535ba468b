-- c-sources: wrapper_c.c
-- foreign import ccall "wrapper": Haskell closures as C function pointers
-- that C calls at once (qsort), keeps and calls later, calls in a loop,
-- with doubles and with no arguments; and many made and freed in turn,
-- more than are alive at once.
module Main (main) where

import Control.Monad
import Data.IORef
import Foreign
import Foreign.C.Types

type Compare = Ptr CInt -> Ptr CInt -> IO CInt
type IntFn = CInt -> IO CInt
type Fold = CDouble -> CDouble -> IO CDouble

foreign import ccall "wrapper" mkCompare :: Compare -> IO (FunPtr Compare)
foreign import ccall "wrapper" mkIntFn :: IntFn -> IO (FunPtr IntFn)
foreign import ccall "wrapper" mkFold :: Fold -> IO (FunPtr Fold)
foreign import ccall "wrapper" mkAction :: IO () -> IO (FunPtr (IO ()))

foreign import ccall "stdlib.h qsort" c_qsort :: Ptr CInt -> CSize -> CSize -> FunPtr Compare -> IO ()
foreign import ccall "store_callback" storeCallback :: FunPtr IntFn -> IO ()
foreign import ccall "call_stored" callStored :: CInt -> IO CInt
foreign import ccall "apply_n" applyN :: FunPtr IntFn -> CInt -> CInt -> IO CInt
foreign import ccall "fold_doubles" foldDoubles :: FunPtr Fold -> Ptr CDouble -> CInt -> CDouble -> IO CDouble
foreign import ccall "call_void" callVoid :: FunPtr (IO ()) -> IO ()

main :: IO ()
main = do
  descending <- mkCompare $ \a b -> do
    x <- peek a
    y <- peek b
    return (fromIntegral (fromEnum (compare y x)) - 1)
  withArrayLen [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5] $ \n p -> do
    c_qsort p (fromIntegral n) (fromIntegral (sizeOf (0 :: CInt))) descending
    peekArray n p >>= print
  freeHaskellFunPtr descending

  calls <- newIORef (0 :: Int)
  offset <- newIORef 100
  add <- mkIntFn $ \x -> do
    modifyIORef' calls (+ 1)
    (x +) <$> readIORef offset
  storeCallback add
  callStored 1 >>= print
  writeIORef offset 1000
  callStored 2 >>= print
  applyN add 10 0 >>= print
  readIORef calls >>= print

  double <- mkIntFn (return . (* 2))
  applyN double 10 1 >>= print
  freeHaskellFunPtr double

  fold <- mkFold (\z x -> return (z * 10 + x))
  withArrayLen [1, 2, 3, 4.5] $ \n p -> foldDoubles fold p (fromIntegral n) 0.25 >>= print
  freeHaskellFunPtr fold

  hello <- mkAction (putStrLn "called back with no arguments")
  callVoid hello
  freeHaskellFunPtr hello

  -- Many in turn, a few alive at a time.
  total <- newIORef (0 :: CInt)
  forM_ [1 .. 300 :: CInt] $ \i -> do
    fs <- forM [0 .. 3] $ \j -> mkIntFn (\x -> return (x + i * j))
    rs <- mapM (\f -> applyN f 1 0) fs
    modifyIORef' total (+ sum rs)
    mapM_ freeHaskellFunPtr fs
  readIORef total >>= print
  freeHaskellFunPtr add
