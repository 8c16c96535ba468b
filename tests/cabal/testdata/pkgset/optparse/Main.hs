-- A command line with options, a flag, an argument and subcommands, parsed
-- from fixed argument lists so that the output is the same everywhere:
-- results, the help text and the error messages optparse renders.
import Options.Applicative

data Command = Build Int Bool [String] | Clean deriving Show

data Options = Options {verbosity :: Int, output :: Maybe FilePath, cmd :: Command}
  deriving Show

options :: Parser Options
options =
  Options
    <$> (length <$> many (flag' () (short 'v' <> long "verbose" <> help "More output (repeatable)")))
    <*> optional (strOption (short 'o' <> long "output" <> metavar "DIR" <> help "Where to write"))
    <*> hsubparser
      ( command "build" (info build (progDesc "Build the targets"))
          <> command "clean" (info (pure Clean) (progDesc "Remove what build wrote"))
      )
  where
    build =
      Build
        <$> option auto (short 'j' <> long "jobs" <> metavar "N" <> value 1 <> showDefault <> help "Parallel jobs")
        <*> switch (long "dry-run" <> help "Say what would be done")
        <*> many (argument str (metavar "TARGET..."))

prefs' :: ParserPrefs
prefs' = prefs (columns 72)

parserInfo :: ParserInfo Options
parserInfo = info (options <**> helper) (fullDesc <> progDesc "A build tool's command line" <> header "tool - an example")

try :: [String] -> IO ()
try args = do
  putStrLn ("$ tool " ++ unwords args)
  case execParserPure prefs' parserInfo args of
    Success o -> print o
    Failure f -> let (msg, code) = renderFailure f "tool" in putStrLn msg >> print code
    CompletionInvoked _ -> putStrLn "completion"

main :: IO ()
main = mapM_ try
  [ ["-vv", "build", "-j", "4", "lib", "exe"]
  , ["--output", "out", "clean"]
  , ["build", "--dry-run"]
  , ["build", "-j", "four"]
  , ["frobnicate"]
  , []
  , ["--help"]
  , ["build", "--help"]
  ]
