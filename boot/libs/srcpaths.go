package libs

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// The file names a package's modules record (HasCallStack locations,
// `error, called at libraries/base/GHC/Err.hs:75:14 in base:GHC.Err`) are
// the paths ghc found them by. GHC's own build compiles each boot package
// from the top of its source tree, with -ilibraries/base; Cabal compiles
// from the package's directory, with -i. (./GHC/Err.hs). So that a
// program's standard error is native's byte for byte, nativeSourcePaths
// makes the package's directory hold itself at its path in GHC's tree
// (dir/libraries/base -> ..) and its hs-source-dirs go through it.

// nativeSourcePaths prepares the package in dir, at tree (such as
// "libraries/base" or "libraries/containers/containers") in GHC's source
// tree, to be compiled under the paths GHC's build compiles it under.
func nativeSourcePaths(dir, tree string) error {
	cabals, err := filepath.Glob(filepath.Join(dir, "*.cabal"))
	if err != nil || len(cabals) != 1 {
		return fmt.Errorf("%s: expected one .cabal file, found %d", dir, len(cabals))
	}
	link := filepath.Join(dir, filepath.FromSlash(tree))
	if _, err := os.Lstat(link); err == nil {
		return fmt.Errorf("%s: the package has a %s of its own", dir, tree)
	}
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		return err
	}
	// From the link's own directory, back to dir.
	up := strings.TrimSuffix(strings.Repeat("../", strings.Count(tree, "/")), "/")
	if err := os.Symlink(up, link); err != nil {
		return err
	}
	text, err := os.ReadFile(cabals[0])
	if err != nil {
		return err
	}
	return os.WriteFile(cabals[0], prefixSourceDirs(text, tree), 0o644)
}

// prefixSourceDirs puts prefix before every directory of the
// hs-source-dirs fields of a .cabal file, and gives a library stanza
// without one (whose default is ".") the field "hs-source-dirs: prefix".
func prefixSourceDirs(cabal []byte, prefix string) []byte {
	lines := strings.SplitAfter(string(cabal), "\n")
	var out strings.Builder
	// A library stanza's header not yet followed by an hs-source-dirs
	// field of its own: the field goes before its first field.
	pendingLibrary := false
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		name, value, isField := strings.Cut(trimmed, ":")
		isField = isField && !strings.ContainsAny(name, " \t") && name != ""
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "--"):
		case indent == 0:
			stanza := strings.ToLower(strings.Fields(trimmed)[0])
			pendingLibrary = stanza == "library" && !isField && !hasSourceDirs(lines[i+1:])
		case pendingLibrary:
			pendingLibrary = false
			out.WriteString(line[:indent] + "hs-source-dirs: " + prefix + "\n")
		}
		if !isField || !strings.EqualFold(name, "hs-source-dirs") {
			out.WriteString(line)
			continue
		}
		// The field's value: the rest of its line and the lines indented
		// more deeply than it.
		values := strings.Fields(strings.ReplaceAll(value, ",", " "))
		for i+1 < len(lines) {
			next := lines[i+1]
			nt := strings.TrimSpace(next)
			ni := len(next) - len(strings.TrimLeft(next, " \t"))
			if nt == "" || ni <= indent {
				break
			}
			values = append(values, strings.Fields(strings.ReplaceAll(nt, ",", " "))...)
			i++
		}
		for k, v := range values {
			values[k] = path.Join(prefix, v)
		}
		out.WriteString(line[:indent] + name + ": " + strings.Join(values, " ") + "\n")
	}
	return []byte(out.String())
}

// hasSourceDirs says whether the stanza whose lines follow has an
// hs-source-dirs field, in a conditional or not.
func hasSourceDirs(lines []string) bool {
	for _, line := range lines {
		trimmed := strings.TrimSpace(line)
		if trimmed != "" && !strings.HasPrefix(trimmed, "--") && len(line) == len(strings.TrimLeft(line, " \t")) {
			return false // the next stanza
		}
		if name, _, ok := strings.Cut(trimmed, ":"); ok && strings.EqualFold(name, "hs-source-dirs") {
			return true
		}
	}
	return false
}
