{-# LANGUAGE OverloadedLabels, DataKinds, FlexibleInstances, MultiParamTypeClasses, MagicHash, UnboxedTuples, TypeOperators, KindSignatures #-}
module Names where
import GHC.OverloadedLabels
import GHC.Exts
import GHC.TypeLits

data B = B Bool deriving Show
instance IsLabel "false" B where fromLabel = B False
instance IsLabel "with space\"and\\quote\n" B where fromLabel = B True
instance IsLabel "ünï {} ;x" B where fromLabel = B True

(<+>) :: Int -> Int -> Int
a <+> b = a * 10 + b
{-# NOINLINE (<+>) #-}
(.:.) :: Int -> Int -> Int
a .:. b = a - b
{-# NOINLINE (.:.) #-}
data Ünï = Ünï Int | Int :+: Int deriving Show
f' :: Int -> Int
f' x = x + 1
{-# NOINLINE f' #-}
f'' :: Int -> Int
f'' x = x + 2
x# :: Int# -> Int#
x# y = y +# 1#
λ :: Int -> Int
λ = (* 2)
{-# NOINLINE λ #-}
aVeryLongNameaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa :: Int -> Int
aVeryLongNameaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = (+3)
class C (a :: Symbol) where c :: proxy a -> Int
instance C "x;y}" where c _ = 1
type a ++++ b = (a, b)
(+-+) :: (a ++++ b) -> a
(+-+) = fst
(|||), (<|>), (-->), (~>) :: Int -> Int -> Int
(|||) = (+); (<|>) = (-); (-->) = (*); (~>) = max
{-# NOINLINE (|||) #-}
{-# NOINLINE (-->) #-}
(&.) :: Int -> Int -> Int
(&.) = (+)
{-# NOINLINE (&.) #-}
