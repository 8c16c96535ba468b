package rspfile

import (
	"errors"
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  bool
	}{
		{in: `"-o"` + "\n" + `"hello"` + "\n", want: []string{"-o", "hello"}},
		{in: `a 'b c' "d\"e" f\ g`, want: []string{"a", "b c", `d"e`, "f g"}},
		{in: `-c a\ b.c 'x y' "p\"q" ` + "\n-o\tout.o", want: []string{"-c", "a b.c", "x y", `p"q`, "-o", "out.o"}},
		{in: `""`, want: []string{""}},
		{in: "", want: nil},
		{in: `"open`, err: true},
		{in: `trailing\`, err: true},
	}
	for _, tt := range tests {
		got, err := Split(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("Split(%q): error %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuoteRoundTrips(t *testing.T) {
	for _, s := range []string{`a b"c\d`, "tab\there", "it's", "", "new\nline"} {
		got, err := Split(Quote(s) + "\n")
		if s == "" {
			continue // an empty argument has no unquoted spelling
		}
		if err != nil || !slices.Equal(got, []string{s}) {
			t.Errorf("Split(Quote(%q)) = %q, %v", s, got, err)
		}
	}
}

func TestExpand(t *testing.T) {
	files := map[string]string{"a.rsp": "-o 'out file'\nx.o", "bad.rsp": `"unterminated`}
	read := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("no such file")
	}
	got, err := Expand([]string{"-v", "@a.rsp", "@", "y.o"}, read)
	if err != nil || !slices.Equal(got, []string{"-v", "-o", "out file", "x.o", "@", "y.o"}) {
		t.Errorf("Expand = %q, %v", got, err)
	}
	for _, bad := range []string{"@missing.rsp", "@bad.rsp"} {
		if _, err := Expand([]string{bad}, read); err == nil {
			t.Errorf("Expand(%s) succeeded", bad)
		}
	}
}
