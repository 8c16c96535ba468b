{-# LANGUAGE OverloadedStrings #-}
-- config-value's lexer is an alex file and its parser a happy grammar, so
-- building it runs both tools (build-tool-depends: alex:alex, happy:happy).
import Config
import qualified Data.Text as T

document :: T.Text
document = T.unlines
  [ "name: \"ahc\""
  , "version: 0.1"
  , "targets:"
  , "  * node"
  , "  * browser"
  , "limits:"
  , "  size:  300000"
  , "  ratio: 2.5e0"
  , "  mask:  0x1F"
  , "  on:    yes"
  , "  list:  [1, -2, 3]"
  ]

main :: IO ()
main = do
  case parse document of
    Left err -> putStrLn ("unexpected: " ++ show err)
    Right v -> do
      print (pretty v)
      print (fmap (const ()) v)
  -- A syntax error names its position.
  either print (print . pretty) (parse "a: [1, 2\n")
  either print (print . pretty) (parse "a: \"unterminated\n")
