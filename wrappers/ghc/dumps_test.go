package ghc

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestModuleNameOf(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"module A.B where\n", "A.B"},
		{"module A.B (f, g) where\n", "A.B"},
		{"module A.B(f) where\n", "A.B"},
		{"main = pure ()\n", "Main"},
		{"", "Main"},
		{"-- a comment\n{-# LANGUAGE CPP #-}\n{- block {- nested -} -}\nmodule X where\n", "X"},
		{"#include \"MachDeps.h\"\n#if 1\nmodule Y.Z\n  ( f\n  ) where\n#endif\n", "Y.Z"},
		{"module {- odd -} Q where", "Q"},
		{"module\n  Data.Map.Internal\n  where", "Data.Map.Internal"},
		{"moduleX = 1\n", "Main"},
		{"-- | doc\nmodule D where", "D"},
		{"--| an operator, not a comment\nmodule D where", "Main"},
		{"import Data.List\nmain = pure ()\n", "Main"},
	}
	for _, tt := range tests {
		if got := moduleNameOf([]byte(tt.src)); got != tt.want {
			t.Errorf("moduleNameOf(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestHeaderModuleNameLiterate(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Bird.lhs":  "Some prose.\n\n> module Lit.Bird where\n> x = 1\n",
		"Latex.lhs": "\\documentclass{article}\nmodule is a word here\n\\begin{code}\nmodule Lit.Latex where\n\\end{code}\n",
	}
	want := map[string]string{"Bird.lhs": "Lit.Bird", "Latex.lhs": "Lit.Latex"}
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
		if got, err := headerModuleName(path); err != nil || got != want[name] {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want[name])
		}
	}
}

// rawDump builds a -ddump-cmm-raw dump with one group per label list.
func rawDump(groups ...[]string) string {
	var b strings.Builder
	for i, labels := range groups {
		fmt.Fprintf(&b, "\n%s\n2026-01-01 00:00:0%d UTC\n\n[", rawHeader, i)
		for _, l := range labels {
			fmt.Fprintf(&b, "section \"\"data\" . %s\" {\n     %s:\n         const 1;\n },\n ", l, l)
		}
		b.WriteString("]\n\n")
	}
	return b.String()
}

func TestSplitDynamicToo(t *testing.T) {
	static := rawDump([]string{"A.f_closure", "_u1_srt"}, []string{"A.$trModule_closure"})
	dynamic := rawDump([]string{"A.f_closure", "_u9_srt"}, []string{"A.$trModule_closure"})
	s, d, err := splitDynamicToo([]byte(static+dynamic), "A")
	if err != nil {
		t.Fatal(err)
	}
	if string(s) != static || string(d) != dynamic {
		t.Errorf("split at the wrong place:\n%s\n---\n%s", s, d)
	}

	tests := []struct {
		name, dump, err string
	}{
		{"odd", rawDump([]string{"A.f_closure"}), "expected an even number"},
		{"empty", "", "0 groups"},
		{"mismatch", rawDump([]string{"A.f_closure"}, []string{"A.g_closure"}), "defines"},
	}
	for _, tt := range tests {
		if _, _, err := splitDynamicToo([]byte(tt.dump), "A"); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		}
	}
}

func TestDumpModuleNames(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		dump string
		want []string
	}{
		{rawDump([]string{"A.B.f_closure"}, []string{"A.B.$trModule_closure"}), []string{"A.B"}},
		{rawDump([]string{"Main.$trModule_closure"}, []string{"Main.$trModule_closure"}), []string{"Main"}},
		{rawDump([]string{"X.$trModule_closure"}, []string{"Y.$trModule_closure"}), []string{"X", "Y"}},
		{rawDump([]string{"f_closure"}), nil},
	}
	for i, tt := range tests {
		path := filepath.Join(dir, strconv.Itoa(i))
		if err := os.WriteFile(path, []byte(tt.dump), 0o666); err != nil {
			t.Fatal(err)
		}
		got, err := dumpModuleNames(path)
		if err != nil || strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("case %d: %q, %v; want %q", i, got, err, tt.want)
		}
	}
}

func TestMaxClimb(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"A.hs"}, 0},
		{[]string{"-i../lib", "A.hs"}, 1},
		{[]string{"../../x/A.hs", "-i/abs/../../y"}, 2},
		{[]string{"-isrc/../../lib", "A.hs"}, 2},
	}
	for _, tt := range tests {
		if got := maxClimb(ParseArgs(tt.args)); got != tt.want {
			t.Errorf("maxClimb(%q) = %d, want %d", tt.args, got, tt.want)
		}
	}
}

func TestCheckRecursion(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  []string
		ghc  string
		bad  bool
	}{
		{"plain", nil, "true", false},
		{"started by an ahc as its ghc", []string{EnvWrapperPID + "=" + strconv.Itoa(os.Getppid())}, "true", true},
		{"exec'd by a wrapper of an ahc", []string{EnvWrapperPID + "=" + strconv.Itoa(os.Getpid())}, "true", true},
		{"nested below ghc", []string{EnvWrapperPID + "=1"}, "true", false},
		{"ghc is ahc", nil, self, true},
	}
	for _, tt := range tests {
		if err := checkRecursion(tt.env, tt.ghc); (err != nil) != tt.bad {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}
