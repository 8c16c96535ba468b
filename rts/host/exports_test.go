package host

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestSignaturesMatchSpec checks hostFuncs against the function table of
// rts/wasi64.md, the contract with libc.
func TestSignaturesMatchSpec(t *testing.T) {
	doc, err := os.ReadFile("../wasi64.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(doc), "## Functions")
	if !ok {
		t.Fatal(`wasi64.md has no "## Functions" section`)
	}
	table, _, _ = strings.Cut(table, "\n## ")

	row := regexp.MustCompile("(?m)^\\| (`.*`) \\| (.*) \\|$")
	name := regexp.MustCompile("`([a-z_0-9]+)`")
	want := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(table, -1) {
		params := ""
		if m[2] != "—" {
			for _, p := range strings.Split(m[2], ",") {
				p, _, _ = strings.Cut(p, "(") // "code i (no result)"
				fields := strings.Fields(p)
				params += fields[len(fields)-1]
			}
		}
		for _, n := range name.FindAllStringSubmatch(m[1], -1) {
			want[n[1]] = params
		}
	}
	if len(want) < 40 {
		t.Fatalf("read only %d functions from wasi64.md", len(want))
	}

	got := map[string]string{}
	for _, f := range hostFuncs {
		got[f.name] = f.params
	}
	for n, params := range want {
		if g, ok := got[n]; !ok {
			t.Errorf("%s is missing", n)
		} else if g != params {
			t.Errorf("%s has parameters %q, wasi64.md says %q", n, g, params)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("%s is not in wasi64.md", n)
		}
	}
}
