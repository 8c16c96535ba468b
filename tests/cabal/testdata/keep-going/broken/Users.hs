{-# LANGUAGE ForeignFunctionInterface #-}
module Users (userCount) where

foreign import ccall unsafe "broken_user_count" userCount :: IO Int
