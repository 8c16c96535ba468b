-- Integer arithmetic through ghc-bignum's native backend, and Double
-- formatting through base's show.
main :: IO ()
main = do
  print (product [1 .. 25 :: Integer])
  putStrLn (show (pi :: Double))
