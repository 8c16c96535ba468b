package derived

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/wasmobj"
)

// NmCommand is the first argument that makes ahc-boot (and this package's
// test binary) run Nm: the program Build gives deriveConstants as its nm.
const NmCommand = "nm"

// Nm prints the defined data symbols of wasm objects the way `nm -P` (POSIX
// format) prints an ELF object's: "NAME TYPE VALUE SIZE", in hex. That is
// what deriveConstants reads its constants from (each one is the size of a
// char array). GNU nm cannot read wasm, and llvm-nm prints 0 as the size of
// every wasm symbol, so ahc reads the linking section itself.
//
// TYPE is D (d when local, V when weak); VALUE is the address llvm-nm
// prints. Functions and other symbols, which carry no size, are left out.
func Nm(args []string, stdout io.Writer) error {
	var files []string
	for _, a := range args {
		switch {
		case a == "-P" || a == "--portability" || a == "--format=posix":
			// the only format there is
		case strings.HasPrefix(a, "-") && a != "-":
			return fmt.Errorf("unsupported option %q (ahc's nm reads wasm objects for deriveConstants: nm -P FILE...)", a)
		default:
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		return fmt.Errorf("no object file given (usage: nm -P FILE...)")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		obj, err := wasmobj.Parse(data)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if len(files) > 1 {
			fmt.Fprintf(stdout, "%s:\n", f)
		}
		if err := writeSymbols(stdout, obj); err != nil {
			return err
		}
	}
	return nil
}

func writeSymbols(w io.Writer, obj *wasmobj.Object) error {
	for _, s := range obj.Symbols {
		if s.Kind != wasmobj.Data || !s.Defined() {
			continue
		}
		typ := 'D'
		switch {
		case s.Flags&wasmobj.FlagLocal != 0:
			typ = 'd'
		case s.Flags&wasmobj.FlagWeak != 0:
			typ = 'V'
		}
		if _, err := fmt.Fprintf(w, "%s %c %016x %016x\n", s.Name, typ, obj.Addr(s), s.Size); err != nil {
			return err
		}
	}
	return nil
}
