package derived

import (
	"reflect"
	"testing"
)

func TestCompare(t *testing.T) {
	const ref = "/* generated */\n\n#define A 1\n#define B 8\n#define f(__ptr__) W_[__ptr__+8]\n"
	tests := []struct {
		name string
		got  string
		want []Difference
	}{
		{"equal", ref, nil},
		{"value", "/* generated */\n\n#define A 1\n#define B 16\n#define f(__ptr__) W_[__ptr__+8]\n",
			[]Difference{{"B", "8", "16"}}},
		{"macro body", "/* generated */\n\n#define A 1\n#define B 8\n#define f(__ptr__) W_[__ptr__+16]\n",
			[]Difference{{"f(__ptr__)", "W_[__ptr__+8]", "W_[__ptr__+16]"}}},
		{"missing and extra", "/* generated */\n\n#define A 1\n#define C 3\n#define f(__ptr__) W_[__ptr__+8]\n",
			[]Difference{{"B", "8", missing}, {"C", missing, "3"}}},
		{"duplicate", ref + "#define A 2\n", []Difference{{"A#2", missing, "2"}}},
		{"order", "/* generated */\n\n#define B 8\n#define A 1\n#define f(__ptr__) W_[__ptr__+8]\n",
			[]Difference{{"line 3", `"#define A 1"`, `"#define B 8"`}}},
		{"comment", "/* other */\n\n#define A 1\n#define B 8\n#define f(__ptr__) W_[__ptr__+8]\n",
			[]Difference{{"line 1", `"/* generated */"`, `"/* other */"`}}},
		{"trailing line", ref + "\n", []Difference{{"line 6", "(end of file)", `""`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compare([]byte(ref), []byte(tt.got))
			if c.Constants != 3 {
				t.Errorf("Constants = %d, want 3", c.Constants)
			}
			if !reflect.DeepEqual(c.Differences, tt.want) {
				t.Errorf("Differences = %q, want %q", c.Differences, tt.want)
			}
		})
	}
}

func TestDifferenceString(t *testing.T) {
	d := Difference{Name: "OFFSET_StgRegTable_rHp", Want: "896", Got: "840"}
	if got, want := d.String(), "OFFSET_StgRegTable_rHp: x86_64 896, wasm64 840"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
