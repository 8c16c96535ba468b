package pkgset

import (
	"regexp"
	"sort"
	"strings"
)

// dependencyField matches the fields of a .cabal file that name packages
// a build needs.
var dependencyField = regexp.MustCompile(`(?i)^(\s*)(build-depends|setup-depends|build-tool-depends|build-tools)\s*:(.*)$`)

// nameField matches a package's name field.
var nameField = regexp.MustCompile(`(?i)^name\s*:\s*([A-Za-z0-9-]+)\s*$`)

// packageName is the package an item of a dependency field names: the
// name before a version range, a component list (name:{a,b}) or, in
// build-tool-depends, the executable (happy:happy).
var packageName = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9-]*)`)

// componentSet is the component list of a dependency: pkg:{a, b}.
var componentSet = regexp.MustCompile(`:\s*\{[^}]*\}`)

// CabalFile is what the package set needs of a package description.
type CabalFile struct {
	Name string
	// Needs are the packages that any component, under any condition,
	// depends on (build-depends, setup-depends, build-tool-depends and
	// build-tools): more than a build may use, which is what fetching
	// the sources ahead of cabal's solver wants.
	Needs []string
	// SetupNeeds are those of its custom-setup stanza's setup-depends:
	// what cabal builds before the setup script, which Debian's
	// dependencies of the library do not name.
	SetupNeeds []string
}

// ParseCabalFile reads the name and the dependencies of a .cabal file.
// It reads fields by their indentation, as cabal's own lexer does; the
// braces of the other layout style do not hide fields from it.
func ParseCabalFile(text string) CabalFile {
	var cf CabalFile
	seen, seenSetup := map[string]bool{}, map[string]bool{}
	add := func(field, value string) {
		for _, item := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == '\n' }) {
			n := packageName.FindStringSubmatch(item)
			if n == nil {
				continue
			}
			if !seen[n[1]] {
				seen[n[1]] = true
				cf.Needs = append(cf.Needs, n[1])
			}
			if strings.EqualFold(field, "setup-depends") && !seenSetup[n[1]] {
				seenSetup[n[1]] = true
				cf.SetupNeeds = append(cf.SetupNeeds, n[1])
			}
		}
	}
	text = componentSet.ReplaceAllString(strings.ReplaceAll(text, "\r\n", "\n"), "")
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		line := stripComment(lines[i])
		if m := nameField.FindStringSubmatch(line); m != nil && cf.Name == "" {
			cf.Name = m[1]
			continue
		}
		if strings.ContainsAny(line, "{;}") {
			// The braces layout: fields end at ; or a brace.
			for _, seg := range strings.FieldsFunc(line, func(r rune) bool { return r == '{' || r == ';' || r == '}' }) {
				if m := dependencyField.FindStringSubmatch(seg); m != nil {
					add(m[2], m[3])
				}
			}
			continue
		}
		m := dependencyField.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		indent := len(m[1])
		field, value := m[2], m[3]
		for i+1 < len(lines) {
			next := stripComment(lines[i+1])
			if strings.TrimSpace(next) != "" && leadingSpace(next) <= indent || strings.ContainsAny(next, "{;}") {
				break
			}
			value += "\n" + next
			i++
		}
		add(field, value)
	}
	sort.Strings(cf.Needs)
	sort.Strings(cf.SetupNeeds)
	return cf
}

func stripComment(line string) string {
	if strings.HasPrefix(strings.TrimSpace(line), "--") {
		return ""
	}
	return line
}

func leadingSpace(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }
