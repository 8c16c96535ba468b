import qualified Data.Map as Map
import Test.QuickCheck
import Test.QuickCheck.Random (mkQCGen)

prop_reverseTwice :: [Int] -> Bool
prop_reverseTwice xs = reverse (reverse xs) == xs

prop_mapInsert :: Int -> String -> Map.Map Int String -> Bool
prop_mapInsert k v m = Map.lookup k (Map.insert k v m) == Just v

-- False: QuickCheck finds a counterexample and shrinks it.
prop_reverseIsId :: [Int] -> Bool
prop_reverseIsId xs = reverse xs == xs

main :: IO ()
main = do
  let args = stdArgs {replay = Just (mkQCGen 2024, 0), maxSuccess = 200}
  quickCheckWith args prop_reverseTwice
  quickCheckWith args prop_mapInsert
  r <- quickCheckWithResult args prop_reverseIsId
  putStrLn ("found a counterexample: " ++ show (not (isSuccess r)))
  sample' (vectorOf 3 (choose (0, 100 :: Int))) >>= print . length
