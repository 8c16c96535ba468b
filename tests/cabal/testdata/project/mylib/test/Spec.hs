import Mylib
import qualified Data.Map.Strict as Map
import System.Exit (exitFailure)

main :: IO ()
main = do
  let checks =
        [ ("fields", fields "a,b;;c" == ["a", "b", "", "c"])
        , ("wordCounts", wordCounts "to be or not to be" Map.! "be" == 2)
        , ("checksum of empty", checksum "" == 14695981039346656037)
        , ("checksum of a", checksum "a" == 0xaf63dc4c8601ec8c)
        ]
  mapM_ (\(n, ok) -> putStrLn ((if ok then "ok   " else "FAIL ") ++ n)) checks
  if and (map snd checks) then putStrLn "all passed" else exitFailure
