-- The zlib package links the C library zlib (extra-libraries: z), which
-- ahc's sysroot has: the same compressed bytes as natively, and back. Its
-- streams' finalizers are deflateEnd and inflateEnd, int functions used as
-- FinalizerPtrs (linker/cfinalizer).
import Control.Exception
import qualified Codec.Compression.GZip as GZip
import qualified Codec.Compression.Zlib as Zlib
import qualified Codec.Compression.Zlib.Raw as Raw
import qualified Data.ByteString.Lazy as BL
import qualified Data.ByteString.Lazy.Char8 as BLC
import System.Mem (performGC)

main :: IO ()
main = do
  let text = BLC.pack (concatMap (\i -> "line " ++ show i ++ " of a text that repeats\n") [1 .. 2000 :: Int])
      z = Zlib.compress text
      g = GZip.compressWith GZip.defaultCompressParams { GZip.compressLevel = GZip.bestCompression } text
      r = Raw.compress text
  print (BL.length text, BL.length z, BL.length g, BL.length r)
  print (BL.unpack (BL.take 16 z), BL.unpack (BL.take 10 g))
  print (Zlib.decompress z == text, GZip.decompress g == text, Raw.decompress r == text)
  -- Many streams, finalized by the collector.
  print (sum [BL.length (Zlib.compress (BLC.pack (show i))) | i <- [1 .. 300 :: Int]])
  performGC
  -- A stream cut short is an error, as natively.
  r' <- try (evaluate (BL.length (Zlib.decompress (BL.take 100 z))))
  putStrLn (either (\e -> "truncated: " ++ show (e :: SomeException)) show r')
