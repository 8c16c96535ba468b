module Typeable where

data T = A | B Int | T :+: T

tlist :: [T]
tlist = [A, B 1 :+: A]
