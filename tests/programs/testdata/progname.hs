-- The program's name is its file's, as for the native executable.
import System.Environment (getProgName)

main :: IO ()
main = getProgName >>= putStrLn
