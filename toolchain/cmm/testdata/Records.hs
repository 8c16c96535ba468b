module Records where

data P = P { px :: !Int, py :: Double }

big :: Integer
big = 123456789012345678901234567890

area :: P -> Double
area p = py p * 2.5e-3 + fromIntegral (px p) / 3.0

half :: Float -> Float
half x = x * 0.1 - 1.5e10

str :: String
str = "h\233llo \8364\n\t\0\DEL\SOH\&1\"\\ end"
