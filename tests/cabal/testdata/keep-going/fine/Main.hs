main = putStrLn "fine: built without the broken package"
