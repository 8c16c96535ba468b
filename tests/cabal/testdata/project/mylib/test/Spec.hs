import Mylib
import qualified Data.Map.Strict as Map
import Paths_mylib (getDataFileName)
import System.Directory (getCurrentDirectory)
import System.Exit (exitFailure)

main :: IO ()
main = do
  -- cabal runs the suite in the package's directory, and names its data
  -- files by absolute paths: both must be the host's.
  greetingPath <- getDataFileName "data/greeting.txt"
  greeting <- readFile greetingPath
  cwd <- getCurrentDirectory
  cabalFile <- readFile "mylib.cabal"
  let checks =
        [ ("fields", fields "a,b;;c" == ["a", "b", "", "c"])
        , ("wordCounts", wordCounts "to be or not to be" Map.! "be" == 2)
        , ("checksum of empty", checksum "" == 14695981039346656037)
        , ("checksum of a", checksum "a" == 0xaf63dc4c8601ec8c)
        , ("data file by absolute path", take 1 greetingPath == "/" && greeting == "hello from a data file\n")
        , ("current directory", take 1 cwd == "/" && reverse (take 6 (reverse cwd)) == "/mylib")
        , ("relative path", take 22 cabalFile == "cabal-version: 2.4\nnam")
        ]
  mapM_ (\(n, ok) -> putStrLn ((if ok then "ok   " else "FAIL ") ++ n)) checks
  if and (map snd checks) then putStrLn "all passed" else exitFailure
