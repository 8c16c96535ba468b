-- ghc-options: -rtsopts
-- A live heap that outgrows the limit of +RTS -M (heapoverflow.args) ends
-- with GHC's "Heap exhausted" message and its exit code, as natively, not
-- with a crash of the host.
module Main (main) where

import Data.IORef

main :: IO ()
main = do
  putStrLn "growing a list that stays live"
  ref <- newIORef []
  let grow :: Int -> IO ()
      grow n = do
        modifyIORef' ref (n :)
        if n `mod` 1000000 == 0 then readIORef ref >>= print . length else return ()
        grow (n + 1)
  grow 1
