-- Double and Float: show/read round trips, rounding, special values.
module Main (main) where

import Numeric (showEFloat, showFFloat, showGFloat, showHex)

main :: IO ()
main = do
  putStrLn "-- show"
  print [0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1.0e-2, 0.1e7, 1.0e22, 5.0e-324, 1.7976931348623157e308 :: Double]
  print [0.1, 1 / 3, 16777216, 1.0e-45, 3.4028235e38 :: Float]
  print (fromIntegral (2 ^ (53 :: Int) + 1 :: Integer) :: Double, realToFrac (0.1 :: Float) :: Double)
  print (pi :: Double, exp 1 :: Double, sqrt 2 :: Float)

  putStrLn "-- read round trips"
  let ds = [0.1, -2.5e-3, 123456.789, 1 / 7, 1.0e100, -0.0, 4.9e-324] :: [Double]
  print (map (\d -> (read (show d) :: Double) == d) ds)
  print (map (\d -> isNegativeZero (read (show d) :: Double)) ds)
  print (read "3" :: Double, read "-1.5e10" :: Double, read " 2.5 " :: Float, read "Infinity" :: Double)
  print (read "[1.0,2.5e-1,-3]" :: [Double])

  putStrLn "-- rounding"
  let xs = [2.5, 3.5, -2.5, -3.5, 2.4, -2.6, 0.5, -0.5, 1.0e10 + 0.5] :: [Double]
  print (map round xs :: [Integer])
  print (map floor xs :: [Int])
  print (map ceiling xs :: [Int])
  print (map truncate xs :: [Integer])
  print (properFraction (-3.75 :: Double) :: (Int, Double))
  print (round (1.0e30 :: Double) :: Integer, truncate (-1.0e20 :: Double) :: Integer)

  putStrLn "-- special values"
  let nan = 0 / 0 :: Double
      inf = 1 / 0 :: Double
      negZero = -0.0 :: Double
  print (nan, inf, -inf, negZero)
  print (isNaN nan, isInfinite inf, isNegativeZero negZero, isNegativeZero 0.0)
  print (nan == nan, nan < 1, compare inf 1e308, negZero == 0, 1 / negZero)
  print (max 1 inf, min (-inf) 0, signum negZero, abs negZero, sqrt (-1 :: Double))
  print (isDenormalized (5.0e-324 :: Double), isIEEE (1 :: Double), floatDigits (1 :: Float))
  print (0 / 0 :: Float, 1 / 0 :: Float, atan2 1 (-1) :: Double)

  putStrLn "-- decodeFloat"
  print (map decodeFloat [1, 0.1, -3.5, 1.0e-300, 0 :: Double])
  print (decodeFloat (0.1 :: Float), floatRange (1 :: Double), floatRadix (1 :: Float))
  print (encodeFloat 1 10 :: Double, significand (8 :: Double), exponent (8 :: Double))
  print (uncurry encodeFloat (decodeFloat (1 / 3 :: Double)) == (1 / 3 :: Double))
  print (toRational (0.75 :: Double), fromRational (7 / 4) :: Double)

  putStrLn "-- showFFloat and friends"
  let f d = showFFloat (Just 3) d ""
  print (map f [0, 3.14159, -2.0005, 1.0e7, 1.0e-4, 0.0005 :: Double])
  print (showFFloat Nothing (1.0e-4 :: Double) "", showFFloat (Just 0) (2.5 :: Double) "")
  print (showEFloat (Just 2) (123456 :: Double) "", showGFloat (Just 2) (0.5 :: Double) "")
  print (showGFloat (Just 2) (1.0e8 :: Double) "", showFFloat (Just 2) (1 / 0 :: Double) "")
  print (showHex (255 :: Int) "", fromIntegral (maxBound :: Int) :: Double)
