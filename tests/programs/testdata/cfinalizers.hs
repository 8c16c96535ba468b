-- C finalizers whose C functions return a value (fclose and fputs return
-- an int), as packages pass a library's destructor (zlib's deflateEnd) as
-- a FinalizerPtr: run by finalizeForeignPtr, by the collector and at exit.
import Foreign
import Foreign.C
import System.Mem (performGC)

foreign import ccall unsafe "stdio.h fopen" c_fopen :: CString -> CString -> IO (Ptr CFile)
foreign import ccall unsafe "stdio.h fwrite" c_fwrite :: Ptr CChar -> CSize -> CSize -> Ptr CFile -> IO CSize
foreign import ccall unsafe "stdio.h &fclose" p_fclose :: FinalizerPtr CFile
-- As an environment finalizer, fputs(environment, pointer).
foreign import ccall unsafe "stdio.h &fputs" p_fputs :: FinalizerEnvPtr CChar CFile

open :: String -> IO (ForeignPtr CFile)
open name = do
  f <- withCString name $ \n -> withCString "w" $ \m -> c_fopen n m
  newForeignPtr p_fclose f

write :: ForeignPtr CFile -> String -> IO ()
write fp s = withForeignPtr fp $ \h -> withCStringLen s $ \(p, n) -> () <$ c_fwrite p 1 (fromIntegral n) h

main :: IO ()
main = do
  -- fclose flushes what fwrite buffered.
  fp <- open "cfinalizers-1.txt"
  write fp "closed by a FinalizerPtr\n"
  finalizeForeignPtr fp
  putStr =<< readFile "cfinalizers-1.txt"

  -- The newest finalizer runs first: fputs(msg, file), then fclose.
  gp <- open "cfinalizers-2.txt"
  msg <- newCString "written by a FinalizerEnvPtr\n"
  addForeignPtrFinalizerEnv p_fputs msg gp
  finalizeForeignPtr gp
  free msg
  putStr =<< readFile "cfinalizers-2.txt"

  -- Finalized by the collector, beside void ones; the last at exit.
  mapM_ (\i -> newCString (show i) >>= newForeignPtr finalizerFree) [1 .. 1000 :: Int]
  hp <- open "cfinalizers-3.txt"
  write hp "closed by the collector\n"
  performGC
  kp <- open "cfinalizers-4.txt"
  write kp "closed at exit\n"
  putStrLn "collected"
