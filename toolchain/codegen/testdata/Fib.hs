{-# LANGUAGE MagicHash #-}
module Fib (fib, sumTo) where

import GHC.Exts

-- Non-tail recursion: return points on the STG stack.
fib :: Int# -> Int#
fib n = if isTrue# (n <# 2#) then n else fib (n -# 1#) +# fib (n -# 2#)

-- A loop.
sumTo :: Int# -> Int# -> Int#
sumTo acc 0# = acc
sumTo acc n = sumTo (acc +# n *# n) (n -# 1#)
