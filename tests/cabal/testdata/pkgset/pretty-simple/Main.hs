-- pretty-simple's Setup.hs is build-type Custom upstream, with
-- setup-depends on cabal-doctest: the setup script compiles natively
-- against Debian's cabal-doctest, and the library builds for wasm.
import qualified Data.Map as Map
import qualified Data.Text.Lazy.IO as T
import Text.Pretty.Simple (pShowNoColor, pStringNoColor)

data Colour = Red | Green | Blue deriving (Show, Eq, Ord, Enum, Bounded)

data Shape = Circle {radius :: Double} | Rect {width, height :: Int} | Group [Shape]
  deriving Show

main :: IO ()
main = do
  let scene = Group [Circle 1.5, Rect 3 4, Group [Rect 1 2, Circle 0.25]]
  T.putStrLn (pShowNoColor scene)
  T.putStrLn (pShowNoColor (Map.fromList (zip [minBound .. maxBound :: Colour] [Just "r", Nothing, Just "b \"quoted\""])))
  T.putStrLn (pShowNoColor (Left (3, [1.0e-2, 2.5]) :: Either (Int, [Double]) String))
  -- Any text in Show's syntax, even from elsewhere.
  T.putStrLn (pStringNoColor "Config {name = \"ahc\", targets = [Node,Browser], limits = fromList [(1,2)]}")
