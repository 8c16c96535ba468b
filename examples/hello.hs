-- The README's first command compiles this with ahc-link and runs it on the
-- embedded host.
main :: IO ()
main = putStrLn "Hello World"
