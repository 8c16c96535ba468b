-- N-body: five bodies (a sun and four planets) under Newtonian gravity,
-- advanced with a symplectic Euler step; prints the total energy before and
-- after, rounded so that the last bits of floating point do not matter.
{-# LANGUAGE BangPatterns #-}
module Main (main) where

import Numeric (showFFloat)

data Body = Body
  { px, py, pz :: !Double
  , vx, vy, vz :: !Double
  , mass :: !Double
  }

solarMass, daysPerYear :: Double
solarMass = 4 * pi * pi
daysPerYear = 365.24

-- Initial positions (AU) and velocities (AU/day) of the planets, in a
-- made-up but plausible configuration.
planets :: [Body]
planets =
  [ planet 4.84 (-1.16) (-0.10) 1.66e-3 7.70e-3 (-6.90e-5) 9.55e-4
  , planet 8.34 4.12 (-0.40) (-2.77e-3) 5.00e-3 2.30e-5 2.86e-4
  , planet 12.89 (-15.11) (-0.22) 2.96e-3 2.37e-3 (-2.96e-5) 4.37e-5
  , planet 15.38 (-25.92) 0.18 2.68e-3 1.63e-3 (-9.51e-5) 5.15e-5
  ]
  where
    planet x y z u v w m =
      Body x y z (u * daysPerYear) (v * daysPerYear) (w * daysPerYear) (m * solarMass)

-- The sun moves so that the total momentum is zero.
system :: [Body]
system = sun : planets
  where
    mom f = sum [f b * mass b | b <- planets]
    sun = Body 0 0 0 (-(mom vx) / solarMass) (-(mom vy) / solarMass) (-(mom vz) / solarMass) solarMass

energy :: [Body] -> Double
energy bs = go 0 bs
  where
    go !e [] = e
    go !e (b : rest) =
      let kin = 0.5 * mass b * (vx b * vx b + vy b * vy b + vz b * vz b)
          pot = sum [mass b * mass c / dist b c | c <- rest]
       in go (e + kin - pot) rest
    dist b c = sqrt (sq (px b - px c) + sq (py b - py c) + sq (pz b - pz c))
    sq x = x * x

-- One step: update all velocities pairwise, then all positions.
step :: Double -> [Body] -> [Body]
step dt bs = map move (velocities bs)
  where
    move b = b {px = px b + dt * vx b, py = py b + dt * vy b, pz = pz b + dt * vz b}
    velocities [] = []
    velocities (b : rest) =
      let (b', rest') = foldr pull (b, []) rest
       in b' : velocities rest'
    pull c (b, acc) =
      let dx = px b - px c
          dy = py b - py c
          dz = pz b - pz c
          d2 = dx * dx + dy * dy + dz * dz
          mag = dt / (d2 * sqrt d2)
          mb = mass b * mag
          mc = mass c * mag
          b' = b {vx = vx b - dx * mc, vy = vy b - dy * mc, vz = vz b - dz * mc}
          c' = c {vx = vx c + dx * mb, vy = vy c + dy * mb, vz = vz c + dz * mb}
       in (b', c' : acc)

run :: Int -> [Body] -> [Body]
run 0 bs = bs
run n bs = let bs' = step 0.01 bs in sum (map px bs') `seq` run (n - 1) bs'

main :: IO ()
main = do
  let n = 800000 :: Int
  putStrLn (showFFloat (Just 9) (energy system) "")
  let final = run n system
  putStrLn (showFFloat (Just 9) (energy final) "")
