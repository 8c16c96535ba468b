package oracle

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/toolchain/cmm"
)

// testHs has what the oracle must see through: SRTs, thunks and return
// points (temporaries), a static indirection that GHC emits as .equiv,
// large stack bitmaps, strings, floating-point literals, built-in syntax,
// Integer literals, type representations and a foreign export.
const testHs = `{-# LANGUAGE MagicHash, UnboxedTuples #-}
module M where

import GHC.Exts
import Data.Word

data T = A | B Int | C String Double deriving (Show, Eq, Ord)

newtype N = N Int
{-# NOINLINE n #-}
n :: N
n = N 4242

f :: Int -> [T]
f k = [A, B k, C (show k) 2.5]

h :: Maybe (Int, Int) -> String
h Nothing = "nothing h\233re \955"
h (Just (a, b)) = show a ++ ":" ++ show b

k :: Double -> Float -> (Double, Float, ())
k x y = (x * 1.5, y + 0.25, ())

big :: Integer
big = 123456789012345678901234567890

ws :: [Word8]
ws = [0, 255, 7]

ut :: Int# -> (# Int#, Int# #)
ut x = (# x +# 1#, x *# 2# #)

live :: [Int] -> IO Int
live xs = do
  let [v1,v2,v3,v4,v5,v6,v7,v8,v9,v10,v11,v12,v13,v14,v15,v16,v17,v18,v19,v20,v21,v22,v23,v24,v25,v26,v27,v28,v29,v30,v31,v32,v33,v34,v35,v36,v37,v38,v39,v40,v41,v42,v43,v44,v45,v46,v47,v48,v49,v50,v51,v52,v53,v54,v55,v56,v57,v58,v59,v60,v61,v62,v63,v64] = map (*2) xs
  m <- return $! length xs
  print m
  return (v1+v2+v3+v4+v5+v6+v7+v8+v9+v10+v11+v12+v13+v14+v15+v16+v17+v18+v19+v20+v21+v22+v23+v24+v25+v26+v27+v28+v29+v30+v31+v32+v33+v34+v35+v36+v37+v38+v39+v40+v41+v42+v43+v44+v45+v46+v47+v48+v49+v50+v51+v52+v53+v54+v55+v56+v57+v58+v59+v60+v61+v62+v63+v64+m)

-- The C stub of a foreign export is merged into the object, and is not Cmm.
foreign export ccall hsTwice :: Int -> Int
hsTwice :: Int -> Int
hsTwice x = x * 2

sw :: Int -> Int
sw 1 = 10
sw 2 = 20
sw 3 = 33
sw 4 = 44
sw 5 = 55
sw _ = 0
`

// ghcForTest is the ghc of ahc's configuration and GHC's source tree, or
// skips the test.
func ghcForTest(t *testing.T) (ghc, src string) {
	t.Helper()
	if testing.Short() {
		t.Skip("compiles with ghc")
	}
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	ghc, err = exec.LookPath(cfg.Tools.GHC)
	if err != nil {
		t.Skipf("no ghc: %v", err)
	}
	return ghc, filepath.Join(cfg.CacheDir, "src", "ghc", "ghc-9.0.2")
}

func run(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func verifyFiles(t *testing.T, ghc, obj, dump string) *Result {
	t.Helper()
	global, err := cmm.GlobalPackageDB(ghc)
	if err != nil {
		t.Fatal(err)
	}
	units, err := cmm.LoadPackageDBs(global)
	if err != nil {
		t.Fatal(err)
	}
	res, err := VerifyFiles(obj, dump, Config{Units: units})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range res.Mismatches {
		t.Errorf("%s: %s", filepath.Base(obj), m)
	}
	return res
}

// TestHaskellModule verifies a module against ghc's object, and again
// against the same assembly assembled with its .L symbols kept, which
// must find every temporary where the first found it. Code compiled with
// -fPIC refers to its info tables without relocations.
func TestHaskellModule(t *testing.T) {
	ghc, _ := ghcForTest(t)
	for _, flags := range [][]string{{"-O1"}, {"-O1", "-fPIC"}, {"-O0"}} {
		t.Run(strings.Join(flags, " "), func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "M.hs"), []byte(testHs), 0o644); err != nil {
				t.Fatal(err)
			}
			run(t, dir, ghc, append(flags, "-c", "M.hs", "-ddump-cmm-raw", "-ddump-to-file", "-dumpdir", "D/", "-keep-s-file")...)
			dump := filepath.Join(dir, "D", "M.dump-cmm-raw")
			res := verifyFiles(t, ghc, filepath.Join(dir, "M.o"), dump)
			t.Logf("M.o: %s, found by %v", res.Summary(), res.Located)
			if res.Symbols < 100 || res.Relocs < 100 || res.Located["alias"] != 1 || res.Located["content"] == 0 {
				t.Errorf("M.o: %s, found by %v: too little checked", res.Summary(), res.Located)
			}

			as, err := exec.LookPath("as")
			if err != nil {
				t.Skip("no GNU as on PATH")
			}
			run(t, dir, as, "--64", "-L", "-o", "ML.o", "M.s")
			resL := verifyFiles(t, ghc, filepath.Join(dir, "ML.o"), dump)
			if resL.Symbols != res.Symbols || resL.Relocs != res.Relocs || resL.Bytes != res.Bytes+4*len(res.Unverified) {
				t.Errorf("with .L symbols: %s, without: %s", resL.Summary(), res.Summary())
			}
			if resL.Located["symbol"]+resL.Located["alias"] != resL.Symbols || len(resL.Unverified) != 0 {
				t.Errorf("with .L symbols: found by %v, unverified %v", resL.Located, resL.Unverified)
			}
			// Tables of the same contents may have been found at each
			// other's places: together they are at the same places.
			type at struct {
				sec string
				off uint64
			}
			places := map[at]int{}
			for l, p := range res.Places {
				pl := resL.Places[l]
				places[at{p.Section, p.Offset}]++
				places[at{pl.Section, pl.Offset}]--
				if p.How != "content" && (pl.Section != p.Section || pl.Offset != p.Offset) {
					t.Errorf("%s found (%s) at %s+%#x, its symbol is at %s+%#x", l, p.How, p.Section, p.Offset, pl.Section, pl.Offset)
				}
			}
			for a, n := range places {
				if n != 0 {
					t.Errorf("%s+%#x: %d more declarations found there than named there", a.sec, a.off, n)
				}
			}
		})
	}
}

// TestCmmFile verifies RTS .cmm files, whose info tables the dump gives
// in structured form.
func TestCmmFile(t *testing.T) {
	ghc, src := ghcForTest(t)
	rts := filepath.Join(src, "rts")
	for _, name := range []string{"Updates", "StgMiscClosures", "Exception"} {
		t.Run(name, func(t *testing.T) {
			cmmSrc, err := os.ReadFile(filepath.Join(rts, name+".cmm"))
			if err != nil {
				t.Skipf("no GHC source tree: %v", err)
			}
			// ghc dumps next to the source: compile a copy.
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, name+".cmm"), cmmSrc, 0o644); err != nil {
				t.Fatal(err)
			}
			run(t, dir, ghc, "-c", name+".cmm", "-I"+rts, "-ddump-cmm", "-ddump-to-file")
			res := verifyFiles(t, ghc, filepath.Join(dir, name+".o"), filepath.Join(dir, name+".dump-cmm"))
			t.Logf("%s.o: %s, found by %v", name, res.Summary(), res.Located)
			if res.Symbols < 3 {
				t.Errorf("%s.o: %s: too little checked", name, res.Summary())
			}
		})
	}
}
