-- What WASI cannot do fails with an IOError that names the call.
import Control.Exception
import Network.Socket

main :: IO ()
main = do
  attempt "socket" (socket AF_INET Stream defaultProtocol >> return ())
  attempt "resolve" (getAddrInfo Nothing (Just "localhost") (Just "80") >> return ())
  attempt "service" (getAddrInfo Nothing (Just "127.0.0.1") (Just "http") >> return ())
  print (isSupportedFamily AF_UNIX, isSupportedSocketType Stream, isSupportedSocketType Raw)
  where
    attempt what act = do
      r <- try act
      putStrLn (what ++ ": " ++ either (\e -> show (e :: IOException)) (const "succeeded") r)
