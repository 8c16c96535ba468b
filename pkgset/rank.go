package pkgset

import "sort"

// Ranked is a library of the set with the number of the set's libraries
// that name it among their dependencies.
type Ranked struct {
	Lib         *Library
	ReverseDeps int
}

// ByReverseDependencies ranks the set's libraries that have sources of
// their own (neither ghc's packages nor the native tools) by how many of
// the set's libraries depend on them directly, as Debian built them: most
// first, then by name.
func (s *Set) ByReverseDependencies() []Ranked {
	count := map[string]int{}
	for _, l := range s.libs {
		for _, d := range l.Depends {
			count[d]++
		}
	}
	var out []Ranked
	for _, l := range s.libs {
		if l.Source == "ghc" || l.Tool {
			continue
		}
		out = append(out, Ranked{Lib: l, ReverseDeps: count[l.Name]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ReverseDeps != out[j].ReverseDeps {
			return out[i].ReverseDeps > out[j].ReverseDeps
		}
		return out[i].Lib.Name < out[j].Lib.Name
	})
	return out
}

// Library returns the set's library of that name, nil if there is none.
func (s *Set) Library(name string) *Library { return s.libs[name] }
