package pkgset

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Build tools. cabal builds every tool a package names in
// build-tool-depends or build-tools (happy, hsc2hs...) from a package of
// its repository, with the compiler of the build: for ahc, a wasm program.
// The tools below are Debian's native programs instead, because they must
// run other programs (hsc2hs and c2hs run the C compiler), or are faster
// natively and ship no library: each gets a package of the set, written
// here, whose Setup.hs (compiled natively, like every setup script) finds
// the native tool on PATH at configure time, checks its version and
// installs a link to it as the package's executable. Other tools (cpphs,
// hspec-discover...) build from their source packages and run on the
// embedded host like any pseudo-executable.

// nativeTools maps each tool to the Debian binary package that installs
// it, at the tool's version; "ghc" means the tool comes with ghc, and its
// version is the one it reports.
var nativeTools = map[string]string{
	"alex":   "alex",
	"c2hs":   "c2hs",
	"happy":  "happy",
	"hsc2hs": "ghc",
}

// upstreamVersion is the Hackage version in a Debian version: no epoch,
// no Debian revision, no repack suffix (1:1.20.0+dfsg-1 -> 1.20.0).
var upstreamVersion = regexp.MustCompile(`^(?:[0-9]+:)?([0-9]+(?:\.[0-9]+)*)`)

// ToolVersion reads a tool's version from what its --version prints
// ("hsc2hs version 0.68.7", "Alex version 3.2.7.1, (c) ..."): the first
// word that is a version number.
func ToolVersion(out string) (string, bool) {
	for _, w := range strings.FieldsFunc(out, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' }) {
		if m := upstreamVersion.FindString(w); m != "" && m == w && strings.Contains(w, ".") {
			return w, true
		}
	}
	return "", false
}

// writeToolPackage writes the source tarball of the package that offers
// the native tool l.Name at l.Version, built in scratch.
func writeToolPackage(scratch string, l *Library, out string) error {
	dir := filepath.Join(scratch, l.String())
	files := map[string]string{
		l.Name + ".cabal": toolCabalFile(l),
		"Setup.hs":        toolSetup(l),
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return writeTarball(dir, l.String(), out)
}

func toolCabalFile(l *Library) string {
	return fmt.Sprintf(`cabal-version: 2.2
name:          %[1]s
version:       %[2]s
synopsis:      Debian's native %[1]s, as a build tool
description:
  ahc's package set offers Debian's native %[1]s %[2]s as this package,
  so that build-tool-depends and build-tools find it: Setup.hs finds it
  on PATH, checks its version, and installs a link to it.
license:       NONE
category:      Development
build-type:    Custom

custom-setup
  setup-depends: base, Cabal, directory, filepath, process

executable %[1]s
  -- Setup.hs installs the native program; nothing is compiled.
  main-is:          Main.hs
  build-depends:    base
  default-language: Haskell2010
`, l.Name, l.Version)
}

func toolSetup(l *Library) string {
	return fmt.Sprintf(`-- ahc's package set: %[1]s-%[2]s is Debian's native %[1]s. configure
-- finds it on PATH and checks its version; build compiles nothing; copy
-- and install link the executable to it.
import Control.Monad (unless)
import Distribution.PackageDescription (PackageDescription)
import Distribution.Simple
import Distribution.Simple.LocalBuildInfo (LocalBuildInfo, absoluteInstallDirs, bindir, buildDir)
import Distribution.Simple.Program.Find (defaultProgramSearchPath, findProgramOnSearchPath)
import Distribution.Simple.Setup (CopyDest (NoCopyDest), configVerbosity, copyDest, fromFlag)
import Distribution.Simple.Utils (die')
import Distribution.Verbosity (Verbosity, silent)
import System.Directory (createDirectoryIfMissing, createFileLink, doesPathExist, removeFile)
import System.FilePath ((</>))
import System.Process (readProcess)

tool, version :: String
tool = %[1]q
version = %[2]q

main :: IO ()
main = defaultMainWithHooks simpleUserHooks
  { postConf = \_ flags _ lbi -> findNative (fromFlag (configVerbosity flags)) lbi
  , buildHook = \_ _ _ _ -> return ()
  , copyHook = \pd lbi _ flags -> install pd lbi (fromFlag (copyDest flags))
  , instHook = \pd lbi _ _ -> install pd lbi NoCopyDest
  }

-- Where configure leaves the native program's path for copy.
found :: LocalBuildInfo -> FilePath
found lbi = buildDir lbi </> "native-" ++ tool

findNative :: Verbosity -> LocalBuildInfo -> IO ()
findNative v lbi = do
  r <- findProgramOnSearchPath silent defaultProgramSearchPath tool
  path <- case r of
    Just (p, _) -> return p
    Nothing -> die' v ("ahc's package set offers the native " ++ tool ++ " " ++ version
      ++ ", but there is none on PATH: install Debian's " ++ tool ++ " (make setup does)")
  out <- readProcess path ["--version"] ""
  unless (version `+"`elem`"+` words (map (\c -> if c == ',' then ' ' else c) out)) $
    die' v (path ++ " is not " ++ tool ++ " " ++ version ++ ", the version of ahc's package set; it says: " ++ out)
  createDirectoryIfMissing True (buildDir lbi)
  writeFile (found lbi) path

install :: PackageDescription -> LocalBuildInfo -> CopyDest -> IO ()
install pd lbi dest = do
  path <- readFile (found lbi)
  length path `+"`seq`"+` return ()
  let dir = bindir (absoluteInstallDirs pd lbi dest)
      exe = dir </> tool
  createDirectoryIfMissing True dir
  exists <- doesPathExist exe
  if exists then removeFile exe else return ()
  createFileLink path exe
`, l.Name, l.Version)
}
