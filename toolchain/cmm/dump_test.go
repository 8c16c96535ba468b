package cmm

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata")

func testdataDumps(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"testdata/*.dump-cmm-raw", "testdata/*.dump-cmm"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no dumps in testdata")
	}
	return files
}

// TestGolden parses each dump of testdata and compares its explicit
// printing with the .golden file beside it.
func TestGolden(t *testing.T) {
	for _, path := range testdataDumps(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := PrintCanonical(&buf, f); err != nil {
				t.Fatal(err)
			}
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("canonical form differs from %s:\n%s", golden, firstDiff(string(want), buf.String()))
			}
		})
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n want " + a + "\n got  " + b
		}
	}
	return ""
}

// checkDump checks that f, parsed from src, prints back as src (up to
// whitespace and the spelling of integer statics), that the printing
// parses back to f, and that f survives the binary form.
func checkDump(t *testing.T, name string, src []byte, f *File) {
	t.Helper()
	var buf bytes.Buffer
	if err := Print(&buf, f); err != nil {
		t.Fatal(err)
	}
	if msg := compareDump(dumpTokens(string(src)), dumpTokens(buf.String())); msg != "" {
		t.Errorf("%s: printed back differently: %s", name, msg)
	}
	f2, err := Parse(name+" (printed)", buf.Bytes())
	if err != nil {
		t.Errorf("reparsing the printing: %v", err)
	} else if !reflect.DeepEqual(f, f2) {
		t.Errorf("%s: reparsing the printing gives another File", name)
	}
	data, err := f.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	f3, err := UnmarshalBinary(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !reflect.DeepEqual(f, f3) {
		t.Errorf("%s: binary round trip gives another File", name)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, path := range testdataDumps(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(path, src)
		if err != nil {
			t.Fatal(err)
		}
		checkDump(t, path, src, f)
	}
}

func TestBinaryErrors(t *testing.T) {
	f, err := ParseFile("testdata/Switch.dump-cmm-raw")
	if err != nil {
		t.Fatal(err)
	}
	data, err := f.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UnmarshalBinary([]byte("nonsense")); err == nil {
		t.Error("no error for a non-IR input")
	}
	// Every truncation fails cleanly.
	for n := 0; n < len(data); n += 1 + n/64 {
		if _, err := UnmarshalBinary(data[:n]); err == nil {
			t.Errorf("no error for %d of %d bytes", n, len(data))
		}
	}
	bad := append([]byte(nil), data...)
	bad[len(binaryMagic)] = binaryVersion + 1
	if _, err := UnmarshalBinary(bad); err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("version mismatch: %v", err)
	}
}

// dumpTokens splits a dump into whitespace-separated tokens, dropping the
// timestamp line after each section header.
func dumpTokens(s string) []string {
	var keep []string
	afterHeader := false
	for _, l := range strings.Split(s, "\n") {
		if afterHeader && l != "" && l[0] >= '0' && l[0] <= '9' {
			afterHeader = false
			continue
		}
		afterHeader = strings.HasPrefix(l, headerRule+" ")
		keep = append(keep, l)
	}
	return strings.Fields(strings.Join(keep, "\n"))
}

// compareDump compares token lists, taking the two spellings of an
// integer static (`const (-1);` and `const 18446744073709551615;`) as
// equal: the IR keeps the bits only.
func compareDump(want, got []string) string {
	for i := 0; i < len(want) && i < len(got); i++ {
		if want[i] != got[i] && !sameStaticInt(want, got, i) {
			lo := max(i-6, 0)
			return "token " + strconv.Itoa(i) + ":\n dump:    " + strings.Join(want[lo:min(i+4, len(want))], " ") +
				"\n printed: " + strings.Join(got[lo:min(i+4, len(got))], " ")
		}
	}
	if len(want) != len(got) {
		return "lengths " + strconv.Itoa(len(want)) + " and " + strconv.Itoa(len(got))
	}
	return ""
}

func sameStaticInt(want, got []string, i int) bool {
	if i == 0 || want[i-1] != "const" {
		return false
	}
	parse := func(s string) (uint64, bool) {
		s = strings.TrimSuffix(s, ";")
		neg := strings.HasPrefix(s, "(-") && strings.HasSuffix(s, ")")
		if neg {
			s = s[2 : len(s)-1]
		}
		v, err := strconv.ParseUint(s, 10, 64)
		if neg {
			v = -v
		}
		return v, err == nil
	}
	a, ok1 := parse(want[i])
	b, ok2 := parse(got[i])
	if !ok1 || !ok2 {
		return false
	}
	mask := ^uint64(0)
	if i+2 < len(want) && want[i+1] == "::" {
		switch want[i+2] {
		case "W8;":
			mask = 0xff
		case "W16;":
			mask = 0xffff
		case "W32;":
			mask = 0xffffffff
		}
	}
	return a&mask == b&mask
}

// TestParseCorpus parses every dump under $AHC_CMM_CORPUS and checks it
// like the testdata dumps.
func TestParseCorpus(t *testing.T) {
	dir := os.Getenv("AHC_CMM_CORPUS")
	if dir == "" {
		t.Skip("AHC_CMM_CORPUS is not set")
	}
	var files, failed int
	var size int64
	var parseTime time.Duration
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.Contains(d.Name(), ".dump-cmm") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		size += int64(len(src))
		start := time.Now()
		f, err := Parse(path, src)
		parseTime += time.Since(start)
		if err != nil {
			failed++
			t.Error(err)
			return nil
		}
		checkDump(t, path, src, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d dumps, %d MB, %d failed; parsed in %v (%.0f MB/s)",
		files, size>>20, failed, parseTime, float64(size)/parseTime.Seconds()/1e6)
}

func BenchmarkParse(b *testing.B) {
	var srcs [][]byte
	var n int64
	for _, pat := range []string{"testdata/*.dump-cmm-raw", "testdata/*.dump-cmm"} {
		m, _ := filepath.Glob(pat)
		for _, path := range m {
			src, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			srcs = append(srcs, src)
			n += int64(len(src))
		}
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			if _, err := Parse("bench", src); err != nil {
				b.Fatal(err)
			}
		}
	}
}
