package rts

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/boot/derived"
	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

func TestAutoconf(t *testing.T) {
	in := []byte("#define HAVE_SIGNAL_H 1\n#define HAVE_SIGNAL_H_X 1\n#define SIZEOF_VOID_P 8\n" +
		"#define USE_LARGE_ADDRESS_SPACE 1\n#define HAVE_CLOCK_GETTIME 1\n#define ALIGNMENT_DOUBLE 8\n")
	out := string(Autoconf(in))
	for _, tt := range []struct {
		line string
		kept bool
	}{
		{"#define HAVE_SIGNAL_H 1", false},
		{"#define USE_LARGE_ADDRESS_SPACE 1", false},
		{"#define HAVE_SIGNAL_H_X 1", true},
		{"#define SIZEOF_VOID_P 8", true},
		{"#define ALIGNMENT_DOUBLE 8", true},
		{"#define HAVE_CLOCK_GETTIME 1", true},
	} {
		if got := strings.Contains(out, tt.line+"\n"); got != tt.kept {
			t.Errorf("%q kept = %v, want %v:\n%s", tt.line, got, tt.kept, out)
		}
	}
	for _, f := range undefinedFeatures {
		if strings.HasPrefix(f, "SIZEOF_") || strings.HasPrefix(f, "ALIGNMENT_") {
			t.Errorf("%s changes the layout: it must stay as on x86_64", f)
		}
	}
}

func TestLdOptions(t *testing.T) {
	got := ldOptions(`"-Wl,-u,base_GHCziTopHandler_runIO_closure" -Wl,-u,hs_atomic_add8 "-pthread"` + "\n")
	want := []string{"-Wl,-u,base_GHCziTopHandler_runIO_closure", "-Wl,-u,hs_atomic_add8"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ldOptions = %q, want %q", got, want)
	}
}

func TestExcluded(t *testing.T) {
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"Linker.c", true},
		{"linker/Elf.c", true},
		{"posix/OSMem.c", true},
		{"posix/Select.c", false},
		{"sm/GC.c", false},
		{"Schedule.c", false},
		{"port/StgRun.c", false},
		{"eventlog/EventLogWriter.c", false},
		{"adjustor/NativeAmd64.c", true},
	} {
		if got := excluded(tt.path); got != tt.want {
			t.Errorf("excluded(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestConf(t *testing.T) {
	dir := t.TempDir()
	b := &builder{inputs: &inputs{ldOptions: []string{"-Wl,-u,base_GHCziTopHandler_runIO_closure"}}}
	if err := os.WriteFile(filepath.Join(dir, ConfFile), []byte(b.conf()), 0o644); err != nil {
		t.Fatal(err)
	}
	conf, err := Conf(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := string(conf)
	for _, want := range []string{
		"name: rts\n", "version: 1.0.2\n", "id: rts\n", "key: rts\n", "exposed: True\n",
		"library-dirs: " + dir + "/lib\n", "hs-libraries: HSrts\n",
		"include-dirs: " + dir + "/include\n", "includes: Stg.h\n",
		`    "-Wl,-u,base_GHCziTopHandler_runIO_closure"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("rts.conf lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, placeholder) || strings.Contains(s, "extra-libraries") {
		t.Errorf("rts.conf:\n%s", s)
	}
}

// built builds (or finds up to date) the RTS with the ahc of $AHC_BIN or
// of the repository's bin/, as ahc-boot would.
func built(t *testing.T) (config.Config, string) {
	t.Helper()
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sysroot.Find(cfg.CacheDir); err != nil {
		t.Skipf("needs the wasm64 sysroot: %v", err)
	}
	for _, src := range []string{"ghc", "wasi-libc"} {
		if _, err := os.Stat(filepath.Join(cfg.CacheDir, "src", src)); err != nil {
			t.Skipf("needs the %s source package (run `make setup`): %v", src, err)
		}
	}
	bin := os.Getenv("AHC_BIN")
	if bin == "" {
		bin = filepath.Join("..", "..", "bin")
	}
	ahc, err := filepath.Abs(filepath.Join(bin, "ahc"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ahc); err != nil {
		t.Skipf("needs ahc to compile the .cmm files (run `make build`): %v", err)
	}
	var progress bytes.Buffer
	dir, err := Build(context.Background(), Options{Config: cfg, Ahc: ahc, Progress: &progress})
	if err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	found, err := Find(cfg.CacheDir)
	if err != nil || found != dir {
		t.Fatalf("Find = %q, %v; want %q", found, err, dir)
	}
	return cfg, dir
}

// definedSymbols lists the symbols llvm-nm says an archive defines.
func definedSymbols(t *testing.T, nm, archive string) map[string]string {
	t.Helper()
	out, err := exec.Command(nm, "--defined-only", archive).Output()
	if err != nil {
		t.Fatalf("llvm-nm %s: %v", archive, err)
	}
	syms := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 {
			syms[f[2]] = f[1]
		}
	}
	return syms
}

func TestArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the RTS")
	}
	cfg, dir := built(t)
	nm, err := tools.Lookup("llvm-nm", "llvm")
	if err != nil {
		t.Fatal(err)
	}
	syms := definedSymbols(t, nm, filepath.Join(dir, Archive))
	// Code labels are data descriptors (D) with a $code function (T).
	for _, tt := range []struct{ sym, kind string }{
		{"hs_main", "T"}, {"hs_init_ghc", "T"}, {"StgRun", "T"}, {"createThread", "T"},
		{"scheduleWaitThread", "T"}, {"rts_evalLazyIO", "T"}, {"GarbageCollect", "T"},
		{"allocate", "T"}, {"osGetMBlocks", "T"}, {"getMonotonicNSec", "T"},
		{"StgReturn", "D"}, {"StgReturn$code", "T"},
		{"stg_upd_frame_info", "D"}, {"stg_upd_frame_info$code", "T"},
		{"stg_ap_v_fast", "D"}, {"stg_ap_v_fast$code", "T"},
		{"stg_returnToStackTop", "D"}, {"stg_returnToStackTop$code", "T"},
		{"__ahc_BaseReg", ""}, {"__ahc_get_R1", "T"}, {"__ahc_set_BaseReg", "T"},
	} {
		kind, ok := syms[tt.sym]
		if !ok {
			t.Errorf("%s defines no %s", Archive, tt.sym)
		} else if tt.kind != "" && kind != tt.kind {
			t.Errorf("%s is %s, want %s", tt.sym, kind, tt.kind)
		}
	}
	// A way built Of another has the same members.
	ar, err := tools.Lookup("llvm-ar", "llvm")
	if err != nil {
		t.Fatal(err)
	}
	members := map[string]string{}
	for _, w := range Ways {
		out, err := exec.Command(ar, "t", filepath.Join(dir, w.Archive())).Output()
		if err != nil {
			t.Fatal(err)
		}
		members[w.Name()] = string(out)
	}
	for _, w := range Ways {
		if w.Of != "" && members[w.Name()] != members[w.Of] {
			t.Errorf("%s's members differ from those of %s's archive", w.Archive(), w.Of)
		}
	}
	// Each way has its archive, and the code its defines switch on.
	for _, w := range Ways {
		syms := definedSymbols(t, nm, filepath.Join(dir, w.Archive()))
		for sym, want := range map[string]bool{
			"hs_main":          true,
			"checkSanity":      strings.Contains(w.Tag, "debug"),
			"initEventLogging": strings.Contains(w.Tag, "debug") || strings.HasSuffix(w.Tag, "l"),
		} {
			if _, got := syms[sym]; got != want {
				t.Errorf("%s defines %s: %v, want %v", w.Archive(), sym, got, want)
			}
		}
	}
	conf, err := Conf(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(conf), "library-dirs: "+dir+"/lib\n") {
		t.Errorf("rts.conf:\n%s", conf)
	}
	_ = cfg
}

// TestLink links the whole archive of each way with wasi-libc: every
// undefined symbol must be one the Haskell packages define, and there must
// be no other complaint (such as a function used as data: a code label
// mismatch).
func TestLink(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the RTS")
	}
	cfg, dir := built(t)
	wasmLd, err := tools.Lookup(cfg.Tools.WasmLD, "lld")
	if err != nil {
		t.Fatal(err)
	}
	clangPath, err := tools.Lookup(cfg.Tools.Clang, "clang")
	if err != nil {
		t.Fatal(err)
	}
	sr, err := sysroot.Find(cfg.CacheDir)
	if err != nil {
		t.Fatal(err)
	}
	builtins, err := tools.Output(context.Background(), clangPath, "--target="+clang.Triple, "-print-libgcc-file-name")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range Ways {
		t.Run(w.Name(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "rts.wasm")
			// --no-gc-sections: references from code no export reaches count too.
			cmd := exec.Command(wasmLd, "-mwasm64", "--no-entry", "--no-gc-sections", "--export=hs_main", "--export=hs_init_ghc",
				"--whole-archive", filepath.Join(dir, w.Archive()), "--no-whole-archive",
				"-L"+clang.LibDir(sr), "-lc", strings.TrimSpace(builtins),
				"--unresolved-symbols=report-all", "--error-limit=0", "-o", out)
			msgs, _ := cmd.CombinedOutput()
			undefined := regexp.MustCompile(`undefined symbol: (\S+)$`)
			n := 0
			for _, line := range strings.Split(strings.TrimSpace(string(msgs)), "\n") {
				if line == "" {
					continue
				}
				m := undefined.FindStringSubmatch(line)
				if m == nil {
					t.Errorf("wasm-ld: %s", line)
					continue
				}
				n++
				sym := m[1]
				if !strings.HasPrefix(sym, "base_") && !strings.HasPrefix(sym, "ghczmprim_") &&
					!strings.HasPrefix(sym, "ghczmbignum_") && sym != "ZCMain_main_closure" {
					t.Errorf("undefined symbol %s is not a Haskell package's", sym)
				}
			}
			t.Logf("%d references to Haskell package symbols", n)
		})
	}
}

// TestLayout checks that C compiled for wasm64 against the published
// include directory (with its adjusted ghcautoconf.h) has the layout of
// the installed DerivedConstants.h, which the Cmm assumes: each constant
// becomes a static assertion, as deriveConstants measures it.
func TestLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the RTS")
	}
	cfg, dir := built(t)
	clangPath, err := tools.Lookup(cfg.Tools.Clang, "clang")
	if err != nil {
		t.Fatal(err)
	}
	sr, err := sysroot.Find(cfg.CacheDir)
	if err != nil {
		t.Fatal(err)
	}
	header, err := os.ReadFile(filepath.Join(dir, "include", derived.Header))
	if err != nil {
		t.Fatal(err)
	}
	src, total := layoutAsserts(header)
	path := filepath.Join(t.TempDir(), "layout.c")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	args := append(clang.TargetFlags(sr), "-I"+filepath.Join(dir, "include"), "-ferror-limit=0", "-fsyntax-only", path)
	msgs, _ := exec.Command(clangPath, args...).CombinedOutput()
	failedLines := map[string]bool{}
	for _, line := range strings.Split(string(msgs), "\n") {
		if !strings.Contains(line, "error:") {
			continue
		}
		if strings.Contains(line, "static_assert failed") || strings.Contains(line, "static assertion failed") {
			t.Errorf("layout differs from %s: %s", derived.Header, line)
		}
		if i := strings.Index(line, "layout.c:"); i >= 0 {
			failedLines[strings.SplitN(line[i:], ":", 3)[1]] = true
		}
	}
	checked := total - len(failedLines)
	t.Logf("%d of %d constants checked", checked, total)
	if checked < total*3/4 {
		t.Errorf("only %d of %d constants could be checked:\n%s", checked, total, msgs)
	}
}

// layoutAsserts turns DerivedConstants.h into C static assertions; the
// constants not named after a type and a field (or that need RTS-private
// headers) fail to compile and are counted as unchecked.
func layoutAsserts(header []byte) (string, int) {
	var b strings.Builder
	b.WriteString("#define THREADED_RTS\n#include \"Rts.h\"\n#include <stddef.h>\n")
	def := regexp.MustCompile(`^#define (OFFSET|SIZEOF)_(\w+) (-?\d+)$`)
	text := string(header)
	// Closure types: those with a size without header, or a field
	// accessor that adds the header's size.
	closureTypes := map[string]bool{}
	for _, m := range regexp.MustCompile(`SIZEOF_(\w+?)_NoHdr|SIZEOF_StgHeader\+OFFSET_([A-Za-z0-9]+)_`).FindAllStringSubmatch(text, -1) {
		closureTypes[m[1]+m[2]] = true
	}
	total := 0
	for _, line := range strings.Split(text, "\n") {
		m := def.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		kind, name, val := m[1], m[2], m[3]
		var expr string
		switch {
		case kind == "SIZEOF" && strings.HasSuffix(name, "_NoThunkHdr"):
			expr = fmt.Sprintf("sizeof(%s) - sizeof(StgThunkHeader)", strings.TrimSuffix(name, "_NoThunkHdr"))
		case kind == "SIZEOF" && strings.HasSuffix(name, "_NoHdr"):
			expr = fmt.Sprintf("sizeof(%s) - sizeof(StgHeader)", strings.TrimSuffix(name, "_NoHdr"))
		case kind == "SIZEOF":
			expr = fmt.Sprintf("sizeof(%s)", name)
		default:
			typ, field, ok := strings.Cut(name, "_")
			if !ok {
				continue
			}
			expr = fmt.Sprintf("offsetof(%s, %s)", typ, field)
			// Closure fields count from the end of the header.
			if closureTypes[typ] {
				expr += " - sizeof(StgHeader)"
			}
		}
		total++
		fmt.Fprintf(&b, "_Static_assert(%s == %s, \"%s_%s\");\n", expr, val, kind, name)
	}
	return b.String(), total
}
