module Switch where

classify :: Int -> Int
classify n = case n of
  0 -> 10
  1 -> 11
  2 -> 12
  5 -> 15
  6 -> 16
  -3 -> 7
  _ -> n * 2

word :: Word -> Int
word w = case w of
  18446744073709551615 -> 1
  0 -> 2
  _ -> 3
