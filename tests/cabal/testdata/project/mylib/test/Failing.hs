import System.Exit (exitWith, ExitCode (..))
import System.IO (hPutStrLn, stderr)

main :: IO ()
main = do
  hPutStrLn stderr "failing: this suite fails on purpose"
  exitWith (ExitFailure 3)
