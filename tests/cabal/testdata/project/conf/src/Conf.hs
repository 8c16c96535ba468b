{-# LANGUAGE CPP #-}
-- | What the package's configure script found out by running a C program.
module Conf (configured) where

configured :: String
configured = "configure found long = " ++ show (CONF_LONG :: Int)
  ++ " bytes, pointers = " ++ show (CONF_POINTER :: Int) ++ " bytes"
