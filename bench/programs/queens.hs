-- Queens (nofib style): count the placements of n non-attacking queens on
-- an n x n board for several n, by list-of-successes search.
module Main (main) where

queens :: Int -> [[Int]]
queens n = go n
  where
    go 0 = [[]]
    go k = [q : qs | qs <- go (k - 1), q <- [1 .. n], safe q qs]
    safe q qs = and [q /= c && abs (q - c) /= d | (d, c) <- zip [1 ..] qs]

main :: IO ()
main = mapM_ report [4 .. 12]
  where
    report n = do
      let sols = queens n
      putStrLn (show n ++ " queens: " ++ show (length sols) ++ " solutions, first " ++ show (head sols))
