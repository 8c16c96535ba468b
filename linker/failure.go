package linker

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ahc-hs/ahc/linker/fnptr"
	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// Failure is a wasm-ld run that failed, told by its causes first: the
// whole command line (kilobytes of paths) and output go to Log.
type Failure struct {
	Causes []string // wasm-ld's errors, grouped, with their detail lines
	Log    string   // the file with the command and its output; "" if none
	Cmd    *tools.Error
}

// maxCauses is how many causes a Failure shows.
const maxCauses = 10

func (f *Failure) Error() string {
	if len(f.Causes) == 0 {
		if f.Log != "" {
			return fmt.Sprintf("wasm-ld failed (%v); its command and output: %s", f.Cmd.Err, f.Log)
		}
		return f.Cmd.Error()
	}
	shown := f.Causes
	if len(shown) > maxCauses {
		shown = shown[:maxCauses]
	}
	msg := strings.Join(shown, "\n")
	if n := len(f.Causes) - len(shown); n > 0 {
		msg += fmt.Sprintf("\n... and %d more", n)
	}
	if f.Log != "" {
		return msg + "\nwasm-ld's command and output: " + f.Log
	}
	return msg + "\nwasm-ld's command: " + f.Cmd.Cmd
}

func (f *Failure) Unwrap() error { return f.Cmd }

// newFailure makes the Failure of a wasm-ld run, writing the command and
// its output to logPath when it is not "".
func newFailure(cmdErr *tools.Error, logPath string) *Failure {
	f := &Failure{Causes: causes(cmdErr.Stderr), Cmd: cmdErr}
	if logPath == "" {
		return f
	}
	text := "$ " + cmdErr.Cmd + "\n\n" + cmdErr.Stderr
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err == nil && os.WriteFile(logPath, []byte(text), 0o644) == nil {
		f.Log = logPath
	}
	return f
}

// causes reads wasm-ld's errors ("wasm-ld: error: ...", each followed by
// ">>> " detail lines). Undefined symbols are grouped by symbol, with the
// objects that reference them and, for a Haskell symbol, the name it
// stands for.
func causes(stderr string) []string {
	var out []string
	undefined := map[string]int{} // symbol -> index in out
	refs := map[string][]string{}
	for _, d := range diagnostics(stderr, "wasm-ld: error: ") {
		// REF: undefined symbol: SYM
		if ref, sym, ok := strings.Cut(d.msg, ": undefined symbol: "); ok {
			if _, seen := undefined[sym]; !seen {
				undefined[sym] = len(out)
				out = append(out, "")
			}
			refs[sym] = append(refs[sym], ref)
			continue
		}
		cause := d.msg
		for _, more := range d.details {
			cause += "\n    " + more
		}
		out = append(out, cause)
	}
	for sym, i := range undefined {
		out[i] = undefinedCause(sym, refs[sym])
	}
	return out
}

// diagnostic is one of wasm-ld's messages with the lines that explain it.
type diagnostic struct {
	msg     string   // after the prefix ("wasm-ld: error: ")
	details []string // the following ">>> " lines, without it
}

// diagnostics reads wasm-ld's messages of one kind, each with the indented
// lines (">>> defined in ...") that follow it.
func diagnostics(stderr, prefix string) []diagnostic {
	var out []diagnostic
	lines := strings.Split(stderr, "\n")
	for i := 0; i < len(lines); i++ {
		msg, ok := strings.CutPrefix(lines[i], prefix)
		if !ok {
			continue
		}
		d := diagnostic{msg: msg}
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], ">>> ") {
			d.details = append(d.details, strings.TrimPrefix(lines[i+1], ">>> "))
			i++
		}
		out = append(out, d)
	}
	return out
}

// undefinedCause tells of an undefined symbol and who references it.
func undefinedCause(sym string, refs []string) string {
	s := "undefined symbol: " + sym
	if f := fnptr.FuncName(sym); f != sym {
		s = "undefined symbol: " + f + " (whose address Haskell code takes)"
	}
	if f := UnsupportedRTSFeature(sym); f != "" {
		s += "\n    a symbol of GHC's RTS for " + f + ", which ahc's RTS for WebAssembly does not support"
	}
	if d, ok := cmm.Demangle(sym); ok {
		s += "\n    the Haskell " + d.String() + ": is its package linked, at the version compiled against?"
	}
	const maxRefs = 3
	shown := refs
	if len(shown) > maxRefs {
		shown = shown[:maxRefs]
	}
	s += "\n    referenced by " + strings.Join(shown, ", ")
	if n := len(refs) - len(shown); n > 0 {
		s += fmt.Sprintf(" and %d more", n)
	}
	return s
}
