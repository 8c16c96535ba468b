#!/bin/sh
# Regenerates the Cmm dumps of this directory with GHC 9.0.2; run it here,
# then `go test ./toolchain/cmm -update` to refresh the .golden files.
set -e
out=$(mktemp -d)
for f in Records Switch Prim FFI Names; do
	ghc -O1 -c $f.hs -fforce-recomp -odir "$out" -hidir "$out" \
		-ddump-cmm-raw -ddump-to-file -dumpdir ./ -dno-typeable-binds -dsuppress-timestamps
done
# With -g: unwind statements, source ticks and tick scopes.
mkdir "$out/g"
ghc -O1 -g -c Switch.hs -fforce-recomp -odir "$out" -hidir "$out" \
	-ddump-cmm-raw -ddump-to-file -dumpdir "$out/g/" -dno-typeable-binds -dsuppress-timestamps
mv "$out/g/Switch.dump-cmm-raw" Switch-g.dump-cmm-raw
ghc -O1 -c Typeable.hs -fforce-recomp -odir "$out" -hidir "$out" \
	-ddump-cmm-raw -ddump-to-file -dumpdir ./ -dsuppress-timestamps
# The dump of a .cmm file goes next to it: compile a copy.
src=${GHC_SRC:-$HOME/.cache/ahc/src/ghc/ghc-9.0.2}
cp "$src/rts/Updates.cmm" "$out/"
(cd "$out" && ghc -c Updates.cmm -I"$src/rts" -ddump-cmm -ddump-to-file -dsuppress-timestamps)
mv "$out/Updates.dump-cmm" ./
rm -rf "$out"
