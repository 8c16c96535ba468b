{-# LANGUAGE GADTs, TypeFamilies, DataKinds, KindSignatures, DerivingVia, DeriveGeneric,
             GeneralizedNewtypeDeriving, DeriveFunctor, DeriveFoldable, DeriveTraversable,
             StandaloneDeriving, ScopedTypeVariables, TypeOperators, FlexibleInstances, FlexibleContexts, TypeApplications, RankNTypes #-}
-- The type system at work: GADTs and their evaluation, closed and open
-- type families, DerivingVia and newtype deriving, Generic
-- representations, Typeable and Data.Dynamic, rank-n types.
module Main (main) where

import Data.Dynamic
import Data.Kind (Type)
import Data.List (sortOn)
import Data.Monoid (Sum (..))
import Data.Proxy
import GHC.Generics
import Data.Typeable

data Expr :: Type -> Type where
  IntE  :: Int -> Expr Int
  BoolE :: Bool -> Expr Bool
  Add   :: Expr Int -> Expr Int -> Expr Int
  If    :: Expr Bool -> Expr a -> Expr a -> Expr a
  Eq    :: Expr Int -> Expr Int -> Expr Bool
  Pair  :: Expr a -> Expr b -> Expr (a, b)

eval :: Expr a -> a
eval (IntE n) = n
eval (BoolE b) = b
eval (Add a b) = eval a + eval b
eval (If c t e) = if eval c then eval t else eval e
eval (Eq a b) = eval a == eval b
eval (Pair a b) = (eval a, eval b)

type family Elem c where
  Elem [e] = e
  Elem (Maybe e) = e

firstElem :: [e] -> Maybe (Elem [e])
firstElem [] = Nothing
firstElem (x : _) = Just x

class Container f where
  type Key f
  lookupKey :: Key f -> f v -> Maybe v

newtype Assoc v = Assoc [(String, v)]

instance Container Assoc where
  type Key Assoc = String
  lookupKey k (Assoc kvs) = lookup k kvs

newtype Score = Score Int
  deriving (Show, Eq, Ord, Num) via Int
  deriving (Semigroup, Monoid) via (Sum Int)

newtype Meters = Meters Double deriving newtype (Show, Num, Fractional, Eq, Ord)

data Tree a = Leaf | Node (Tree a) a (Tree a)
  deriving (Show, Functor, Foldable, Traversable, Generic)

data Colour = Red | Green | Blue deriving (Show, Eq, Ord, Enum, Bounded, Generic)

-- The constructor names of a type, from its Generic representation.
class ConNames (f :: Type -> Type) where
  conNames :: Proxy f -> [String]

instance ConNames f => ConNames (D1 d f) where
  conNames _ = conNames (Proxy :: Proxy f)

instance (ConNames f, ConNames g) => ConNames (f :+: g) where
  conNames _ = conNames (Proxy :: Proxy f) ++ conNames (Proxy :: Proxy g)

instance Constructor c => ConNames (C1 c f) where
  conNames _ = [conName (undefined :: C1 c f p)]

names :: forall a. (Generic a, ConNames (Rep a)) => Proxy a -> [String]
names _ = conNames (Proxy :: Proxy (Rep a))

applyAll :: (forall x. [x] -> [x]) -> ([Int], String) -> ([Int], String)
applyAll f (a, b) = (f a, f b)

insert :: Ord a => a -> Tree a -> Tree a
insert x Leaf = Node Leaf x Leaf
insert x t@(Node l y r)
  | x < y = Node (insert x l) y r
  | x > y = Node l y (insert x r)
  | otherwise = t

main :: IO ()
main = do
  print (eval (If (Eq (Add (IntE 2) (IntE 3)) (IntE 5)) (Pair (IntE 1) (BoolE True)) (Pair (IntE 0) (BoolE False))))
  print (firstElem "type families", firstElem ([] :: [Int]))
  print (lookupKey "b" (Assoc [("a", 1 :: Int), ("b", 2)]))
  print (mconcat [Score 3, Score 4, Score 5], Score 2 + Score 40, Meters 1.5 / 2)
  let t = foldr insert Leaf [5, 2, 8, 1, 9, 3 :: Int]
  print (fmap (* 10) t)
  print (sum t, product t, length t, maximum t, foldr (:) [] t)
  mapM_ print (traverse (\x -> if x > 0 then Just (x - 1) else Nothing) t)
  print (names (Proxy :: Proxy Colour), names (Proxy :: Proxy (Tree Int)))
  print ([minBound .. maxBound :: Colour], from Green)
  print (applyAll reverse ([1, 2, 3], "abc"))
  let dyns = [toDyn (1 :: Int), toDyn "two", toDyn (3.5 :: Double), toDyn Blue, toDyn (Just 'x')]
  print (map dynTypeRep dyns)
  print ([fromDynamic d :: Maybe Int | d <- dyns], [fromDynamic d :: Maybe String | d <- dyns])
  print (typeRep (Proxy :: Proxy (Either String (Tree [Maybe Int]))))
  print (typeOf (eval (Pair (IntE 1) (BoolE False))), typeOf main)
  print (sortOn negate [3, 1, 2 :: Int], eqT @Int @Int, eqT @Int @Bool)
