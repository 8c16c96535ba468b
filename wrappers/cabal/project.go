package cabal

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/ahc-hs/ahc/pkgset"
)

// Project is what ahc-cabal needs of the project cabal will build: its
// local packages, and the packages they and the command's targets need.
type Project struct {
	Root  string
	Local []pkgset.CabalFile
	// Extra are packages the project file names to build from the
	// repository (extra-packages).
	Extra []string
}

// projectPackages matches the fields of cabal.project that list packages.
var projectPackages = regexp.MustCompile(`(?i)^(packages|optional-packages|extra-packages)\s*:(.*)$`)

// FindProject finds the project of a command run in dir, as cabal does: the
// cabal.project (or --project-file) in dir or the nearest parent, else an
// implicit project of the package in dir.
func FindProject(dir string, c Command) (Project, error) {
	name := "cabal.project"
	if v, ok := flagValue(c.Args, "--project-file"); ok {
		name = v
	}
	var file string
	if filepath.IsAbs(name) {
		file = name
	} else {
		for d := dir; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, name)); err == nil {
				file = filepath.Join(d, name)
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	if file == "" {
		p := Project{Root: dir}
		return p, p.addPackages(dir, []string{"./*.cabal"}, true)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return Project{}, err
	}
	p := Project{Root: filepath.Dir(file)}
	fields := readFields(string(data))
	if _, ok := fields["packages"]; !ok {
		fields["packages"] = []string{"./*.cabal"}
	}
	if err := p.addPackages(p.Root, fields["packages"], false); err != nil {
		return Project{}, fmt.Errorf("%s: %w", file, err)
	}
	if err := p.addPackages(p.Root, fields["optional-packages"], true); err != nil {
		return Project{}, fmt.Errorf("%s: %w", file, err)
	}
	p.Extra = fields["extra-packages"]
	return p, nil
}

// readFields reads the package-listing fields of a project file: each
// value split at white space and commas, continuation lines included.
func readFields(text string) map[string][]string {
	fields := map[string][]string{}
	cur := ""
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		if m := projectPackages.FindStringSubmatch(line); m != nil {
			cur = strings.ToLower(m[1])
			fields[cur] = append(fields[cur], splitValue(m[2])...)
			continue
		}
		if cur != "" && strings.TrimSpace(line) != "" && leading(line) > 0 {
			fields[cur] = append(fields[cur], splitValue(line)...)
			continue
		}
		cur = ""
	}
	return fields
}

func splitValue(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' })
}

func leading(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

// addPackages adds the packages that entries name (directories, .cabal
// files, globs of either), relative to root. A glob that matches nothing
// is cabal's error to report, unless optional.
func (p *Project) addPackages(root string, entries []string, optional bool) error {
	for _, e := range entries {
		if strings.Contains(e, "://") {
			continue // a remote tarball or repository: cabal's business
		}
		pat := e
		if !filepath.IsAbs(pat) {
			pat = filepath.Join(root, pat)
		}
		matches, err := filepath.Glob(pat)
		if err != nil {
			return fmt.Errorf("package entry %q: %w", e, err)
		}
		sort.Strings(matches)
		for _, m := range matches {
			files := []string{m}
			if info, err := os.Stat(m); err == nil && info.IsDir() {
				files, _ = filepath.Glob(filepath.Join(m, "*.cabal"))
			}
			for _, f := range files {
				if filepath.Ext(f) != ".cabal" {
					continue
				}
				data, err := os.ReadFile(f)
				if err != nil {
					return err
				}
				p.Local = append(p.Local, pkgset.ParseCabalFile(string(data)))
			}
		}
	}
	return nil
}

// LocalNames are the names of the project's own packages.
func (p Project) LocalNames() map[string]bool {
	names := map[string]bool{}
	for _, l := range p.Local {
		names[l.Name] = true
	}
	return names
}

// Roots are the packages of the package set a command may build: what the
// local packages need, the project's extra packages, and the targets that
// name packages (pkg, pkg-1.0, pkg:exe:name) that are not local.
func (p Project) Roots(targets []string) []string {
	local := p.LocalNames()
	var roots []string
	add := func(n string) {
		if n != "" && !local[n] {
			roots = append(roots, n)
		}
	}
	for _, l := range p.Local {
		for _, n := range l.Needs {
			add(n)
		}
	}
	for _, e := range p.Extra {
		add(targetPackage(e))
	}
	for _, t := range targets {
		add(targetPackage(t))
	}
	return roots
}

// versionSuffix is the -VERSION of a package id target.
var versionSuffix = regexp.MustCompile(`-[0-9][0-9.]*$`)

// targetPackage is the package a target names, or "" for targets that
// name no package (all, ., paths).
func targetPackage(t string) string {
	if t == "all" || strings.ContainsAny(t, "/.") && !versionSuffix.MatchString(t) {
		return ""
	}
	name, _, _ := strings.Cut(t, ":")
	if name == "exe" || name == "lib" || name == "test" || name == "bench" || name == "flib" || name == "pkg" {
		return "" // a component of a local package
	}
	return versionSuffix.ReplaceAllString(name, "")
}
