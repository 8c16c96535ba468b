{-# LANGUAGE OverloadedLabels, DataKinds, FlexibleInstances, MultiParamTypeClasses, KindSignatures, TypeApplications #-}
-- Names of every shape ghc prints into its Cmm: instances for type-level
-- strings (their names quote the string, with spaces, `;`, braces and
-- escapes), operators, unicode identifiers, primes and a very long name.
-- Each must compile, link under a distinct symbol and run as natively.
module Main (main) where

import Data.Proxy
import GHC.OverloadedLabels
import GHC.TypeLits

newtype Flag = Flag Bool deriving Show

instance IsLabel "false" Flag where fromLabel = Flag False
instance IsLabel "true" Flag where fromLabel = Flag True

newtype Tag = Tag String deriving Show

instance IsLabel "with space \"and\" \\ quote\n" Tag where fromLabel = Tag "escapes"
instance IsLabel "ünï {} ; x" Tag where fromLabel = Tag "unicode and braces"
instance IsLabel "x_closure" Tag where fromLabel = Tag "a suffix inside the string"
instance IsLabel "(+8)" Tag where fromLabel = Tag "an offset inside the string"

class Named (s :: Symbol) where
  named :: Proxy s -> Int

instance Named "x;y}" where named _ = 1
instance Named "x;y}{" where named _ = 2
{-# NOINLINE symbolName #-}
symbolName :: KnownSymbol s => Proxy s -> String
symbolName = symbolVal

(<+>), (.:.), (|||), (-->), (~>) :: Int -> Int -> Int
a <+> b = a * 10 + b
a .:. b = a - b
(|||) = (+)
(-->) = (*)
(~>) = max
{-# NOINLINE (<+>) #-}
{-# NOINLINE (.:.) #-}
{-# NOINLINE (|||) #-}
{-# NOINLINE (-->) #-}
{-# NOINLINE (~>) #-}

data Ünï = Ünï Int | Int :+: Int deriving Show

λ, f', f'' :: Int -> Int
λ = (* 2)
f' = (+ 1)
f'' = (+ 2)
{-# NOINLINE λ #-}
{-# NOINLINE f' #-}
{-# NOINLINE f'' #-}

aVeryLongNameThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOn :: Int -> Int
aVeryLongNameThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOn = (+ 3)
{-# NOINLINE aVeryLongNameThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOn #-}

main :: IO ()
main = do
  print (#false :: Flag, #true :: Flag)
  print (fromLabel @"with space \"and\" \\ quote\n" :: Tag)
  mapM_ print [fromLabel @"ünï {} ; x" :: Tag, #x_closure, fromLabel @"(+8)"]
  print (named (Proxy :: Proxy "x;y}"), named (Proxy :: Proxy "x;y}{"))
  putStrLn (symbolName (Proxy :: Proxy "x;y}{"))
  print (3 <+> 4, 9 .:. 2, 1 ||| 2, 3 --> 4, 5 ~> 6)
  print [Ünï (λ 5), f' 1 :+: f'' 1]
  print (aVeryLongNameThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOnThatGoesOn 1)
