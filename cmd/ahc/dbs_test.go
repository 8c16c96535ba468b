package main

import "testing"

func TestCompilesC(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"-c", "cbits/x.c", "-odir", "o"}, true},
		{[]string{"-c", "Foo.hs"}, false},
		{[]string{"--make", "-no-link", "Foo"}, false},
		{[]string{"--make", "-o", "prog", "Main.hs"}, true}, // links: the C stub of main
		{[]string{"Main.hs"}, true},
		{[]string{"--info"}, false},
		{[]string{"--numeric-version"}, false},
		{[]string{"-c", "X.cmm"}, false},
	}
	for _, tt := range tests {
		if got := compilesC(tt.args); got != tt.want {
			t.Errorf("compilesC(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestNeedsPackages(t *testing.T) {
	for args, want := range map[string]bool{"--version": false, "--info": false, "-c": true, "--print-libdir": false, "--make": true} {
		if got := needsPackages([]string{args}); got != want {
			t.Errorf("needsPackages(%q) = %v, want %v", args, got, want)
		}
	}
}

func TestRewriteInfo(t *testing.T) {
	in := ` [("Project name","The Glorious Glasgow Haskell Compilation System")
 ,("GHC Dynamic","YES")
 ,("Global Package DB","/usr/lib/ghc/package.conf.d")
 ]`
	want := ` [("Project name","The Glorious Glasgow Haskell Compilation System")
 ,("GHC Dynamic","NO")
 ,("Global Package DB","/cache/pkgdb/current")
 ]`
	if got := string(rewriteInfo([]byte(in), "/cache/pkgdb/current")); got != want {
		t.Errorf("rewriteInfo =\n%s\nwant\n%s", got, want)
	}
}

func TestInterpreterFlags(t *testing.T) {
	tests := []struct {
		args []string
		want int // how many flags ahc adds
	}{
		{[]string{"--make", "A.hs"}, 1},
		{[]string{"-c", "A.hs"}, 1},
		{[]string{"--make", "-fno-external-interpreter", "A.hs"}, 0},
		{[]string{"--make", "-fexternal-interpreter", "A.hs"}, 0},
		{[]string{"--info"}, 0},
		{[]string{"--interactive"}, 0},
	}
	for _, tt := range tests {
		if got := interpreterFlags(tt.args); len(got) != tt.want {
			t.Errorf("interpreterFlags(%q) = %q, want %d flags", tt.args, got, tt.want)
		}
	}
}
