-- Primes (nofib style): the lazy infinite list of primes by trial division
-- against the primes found so far; prints the count below a bound and a sum.
module Main (main) where

primes :: [Int]
primes = 2 : filter isPrime [3, 5 ..]
  where
    isPrime n = all (\p -> n `mod` p /= 0) (takeWhile (\p -> p * p <= n) primes)

main :: IO ()
main = do
  let bound = 5000000
      ps = takeWhile (< bound) primes
  putStrLn ("primes below " ++ show bound ++ ": " ++ show (length ps))
  putStrLn ("sum: " ++ show (sum ps))
  putStrLn ("the 10000th: " ++ show (primes !! 9999))
