-- A Setup script that writes a module of the library before it is built:
-- Gen.Generated, with a table the script computes and the version of the
-- Cabal library it was built with.
import Distribution.Simple
import Distribution.Simple.BuildPaths (autogenPackageModulesDir)
import Distribution.Simple.Utils (cabalVersion)
import Distribution.Pretty (prettyShow)
import System.Directory (createDirectoryIfMissing)
import System.FilePath ((</>))

main :: IO ()
main = defaultMainWithHooks simpleUserHooks
  { buildHook = \pd lbi hooks flags -> do
      let dir = autogenPackageModulesDir lbi </> "Gen"
      createDirectoryIfMissing True dir
      writeFile (dir </> "Generated.hs") $ unlines
        [ "module Gen.Generated (setupCabal, squares) where"
        , "setupCabal :: String"
        , "setupCabal = " ++ show (prettyShow cabalVersion)
        , "squares :: [Int]"
        , "squares = " ++ show [n * n | n <- [1 .. 12 :: Int]]
        ]
      buildHook simpleUserHooks pd lbi hooks flags
  }
