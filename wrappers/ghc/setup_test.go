package ghc

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestIsSetupScript(t *testing.T) {
	const d = "/p/dist-newstyle/build/x86_64-linux/ghc-9.0.2/pkg-0.1/setup"
	cabal := []string{"--make", "-fbuilding-cabal-package", "-odir", d, "-hidir", d, "-i", "-i/p/.",
		"-optP-include", "-optP" + d + "/setup_macros.h", "-hide-all-packages", "-no-user-package-db",
		"-package-db", "/store/package.db", "-package-id", "Cabal-3.4.1.0", "-package-id", "base",
		d + "/setup.hs", "-o", d + "/setup", "-threaded"}
	for _, tc := range []struct {
		name string
		args []string
		want bool
	}{
		{"cabal-install's setup compile", cabal, true},
		{"Setup.lhs", []string{"--make", "-odir", "b/setup", "b/setup/Setup.lhs", "-o", "b/setup/setup"}, true},
		{"a program named setup elsewhere", []string{"--make", "-odir", "out", "setup/setup.hs", "-o", "setup/setup"}, false},
		{"not --make", []string{"-c", "-odir", "b/setup", "b/setup/setup.hs", "-o", "b/setup/setup"}, false},
		{"another output", []string{"--make", "-odir", "b/setup", "b/setup/setup.hs", "-o", "b/setup/main"}, false},
		{"an ordinary build", []string{"--make", "Main.hs", "-o", "main"}, false},
	} {
		if got := IsSetupScript(tc.args); got != tc.want {
			t.Errorf("%s: IsSetupScript = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNativeSetupArgs(t *testing.T) {
	native := func(id string) (string, error) {
		switch id {
		case "base":
			return "base-4.15.1.0", nil
		case "Cabal-3.4.1.0":
			return id, nil
		}
		return "", &UnitNotNative{ID: id, Package: "cabal-doctest-1.0.9"}
	}
	got, err := NativeSetupArgs([]string{"--make", "-hide-all-packages", "-no-user-package-db",
		"-package-db", "/store/package.db", "-package-db=/x", "-clear-package-db",
		"-package-id", "Cabal-3.4.1.0", "-package-id", "base", "s/setup.hs", "-o", "s/setup", "-threaded"}, native)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--make", "-hide-all-packages", "-no-user-package-db",
		"-package-id", "Cabal-3.4.1.0", "-package-id", "base-4.15.1.0", "s/setup.hs", "-o", "s/setup", "-threaded"}
	if !slices.Equal(got, want) {
		t.Errorf("NativeSetupArgs =\n %q\nwant\n %q", got, want)
	}
	_, err = NativeSetupArgs([]string{"--make", "-package-id", "cabal-doctest-1.0.9-abc"}, native)
	var nn *UnitNotNative
	if !errors.As(err, &nn) || nn.Package != "cabal-doctest-1.0.9" {
		t.Errorf("a unit with no native twin: err = %v, want UnitNotNative", err)
	} else if !strings.Contains(err.Error(), "Debian's libghc-cabal-doctest-dev") {
		t.Errorf("the error does not name the Debian package that would install it: %v", err)
	}
}
