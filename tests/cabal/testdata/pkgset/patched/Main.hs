-- network, clock and basement build for wasm through ahc's patches
-- (pkgset/patches); what they can do on WASI does what it does natively.
import Basement.Terminal (getDimensions)
import qualified Basement.String as S
import qualified GHC.Exts as E
import Network.Socket
import System.Clock

main :: IO ()
main = do
  -- Numeric hosts and services need no resolver.
  let hints = defaultHints { addrFlags = [AI_NUMERICHOST, AI_NUMERICSERV], addrSocketType = Stream }
  for ["127.0.0.1", "10.1.2.3", "::1", "fe80::1:2"] $ \host -> do
    ais <- getAddrInfo (Just hints) (Just host) (Just "8080")
    for ais $ \ai -> do
      print (addrFamily ai, addrSocketType ai, addrAddress ai)
      print =<< getNameInfo [NI_NUMERICHOST, NI_NUMERICSERV] True True (addrAddress ai)
  passive <- getAddrInfo (Just defaultHints { addrFlags = [AI_PASSIVE], addrFamily = AF_INET, addrSocketType = Datagram }) Nothing (Just "53")
  print (map addrAddress passive)
  print (hostAddressToTuple (tupleToHostAddress (192, 168, 1, 2)))
  print (hostAddress6ToTuple (tupleToHostAddress6 (0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)))
  -- The clocks WASI has, read through pointers wasi-libc's clockid_t is.
  for [Monotonic, Realtime, ProcessCPUTime, ThreadCPUTime] $ \clk -> do
    t1 <- getTime clk
    t2 <- getTime clk
    res <- getRes clk
    print (clk, t2 >= t1, toNanoSecs res > 0, toNanoSecs t1 > 0)
  -- No terminal: the default size.
  print =<< getDimensions
  let s = E.fromList "λ-calculus" :: S.String
  print (S.length s, E.toList (S.reverse s), E.toList (S.upper s), S.readInteger (E.fromList "-12345"))
  where for xs f = mapM_ f xs
