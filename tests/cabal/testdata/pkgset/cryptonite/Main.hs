{-# LANGUAGE OverloadedStrings #-}
-- Hashes, ciphers and signatures from cryptonite's C code, each printed as
-- hex: the BLAKE2 and AES code that ahc's patch chooses on wasm, and the
-- 64-bit curve code that arch(x86_64) selects.
module Main (main) where

import qualified Crypto.Cipher.AES as AES
import qualified Crypto.Cipher.ChaChaPoly1305 as CCP
import Crypto.Cipher.Types (cipherInit, ctrCombine, ecbEncrypt, makeIV)
import Crypto.Error (throwCryptoError)
import Crypto.Hash
import qualified Crypto.PubKey.Curve25519 as X25519
import qualified Crypto.PubKey.Ed25519 as Ed25519
import qualified Crypto.PubKey.Ed448 as Ed448
import Crypto.Random (drgNewSeed, seedFromInteger, withDRG)
import qualified Crypto.Random as R
import Data.ByteArray (convert)
import Data.ByteArray.Encoding (Base (Base16), convertToBase)
import qualified Data.ByteString as B
import qualified Data.ByteString.Char8 as C
import Data.Maybe (fromJust)

hex :: B.ByteString -> String
hex = C.unpack . convertToBase Base16

message :: B.ByteString
message = C.pack (concatMap show [1 .. 500 :: Int])

main :: IO ()
main = do
  putStrLn ("sha256     " ++ show (hash message :: Digest SHA256))
  putStrLn ("sha3-512   " ++ show (hash message :: Digest SHA3_512))
  putStrLn ("blake2s    " ++ show (hash message :: Digest Blake2s_256))
  putStrLn ("blake2b    " ++ show (hash message :: Digest Blake2b_512))
  putStrLn ("blake2sp   " ++ show (hash message :: Digest Blake2sp_256))
  putStrLn ("blake2bp   " ++ show (hash message :: Digest Blake2bp_512))
  let key = B.pack [0 .. 31]
      aes = throwCryptoError (cipherInit (B.take 16 key)) :: AES.AES128
      aes256 = throwCryptoError (cipherInit key) :: AES.AES256
      iv = fromJust (makeIV (B.replicate 16 7))
  putStrLn ("aes128-ecb " ++ hex (ecbEncrypt aes (B.take 64 message)))
  putStrLn ("aes256-ctr " ++ hex (ctrCombine aes256 iv (B.take 100 message)))
  let nonce = throwCryptoError (CCP.nonce12 (B.replicate 12 1))
      st = throwCryptoError (CCP.initialize key nonce)
      (ct, st') = CCP.encrypt (B.take 50 message) (CCP.finalizeAAD (CCP.appendAAD ("header" :: B.ByteString) st))
  putStrLn ("chachapoly " ++ hex ct ++ " " ++ hex (convert (CCP.finalize st')))
  -- Keys from a seeded generator: the same on every run and every host.
  let drg = drgNewSeed (seedFromInteger 2024)
      ((edSecret, x1, x2, e448), _) = withDRG drg $ do
        a <- Ed25519.generateSecretKey
        b <- X25519.generateSecretKey
        c <- X25519.generateSecretKey
        d <- Ed448.generateSecretKey
        return (a, b, c, d)
      edPublic = Ed25519.toPublic edSecret
  putStrLn ("ed25519    " ++ hex (convert (Ed25519.sign edSecret edPublic message)))
  putStrLn ("verified   " ++ show (Ed25519.verify edPublic message (Ed25519.sign edSecret edPublic message)))
  putStrLn ("x25519     " ++ hex (convert (X25519.dh (X25519.toPublic x1) x2))
            ++ " " ++ show (X25519.dh (X25519.toPublic x1) x2 == X25519.dh (X25519.toPublic x2) x1))
  putStrLn ("ed448      " ++ hex (convert (Ed448.sign e448 (Ed448.toPublic e448) message)))
  bytes <- R.getRandomBytes 32 :: IO B.ByteString
  putStrLn ("entropy    " ++ show (B.length bytes) ++ " bytes")
