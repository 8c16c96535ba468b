-- A page rendered by xhtml's combinators, pretty-printed and compact.
module Main (main) where

import Text.XHtml.Strict

page :: Html
page =
  header (thetitle (toHtml "ahc & <xhtml>"))
    +++ body
      ( h1 (toHtml "Squares")
          +++ table (concatHtml [tr (td (toHtml (show n)) +++ td (toHtml (show (n * n)))) | n <- [1 .. 5 :: Int]])
          +++ anchor (toHtml "home") ! [href "/?a=1&b=2"]
      )

main :: IO ()
main = do
  putStr (prettyHtml page)
  putStrLn (showHtml page)
  putStrLn (renderHtml (p (stringToHtml "caf\233 \8364")))
