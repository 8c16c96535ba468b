package sweep

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Summary is what a report says beside the results.
type Summary struct {
	Description string        // which packages, in which order
	Elapsed     time.Duration // the whole sweep
	StoreBefore int64         // bytes in the store before the sweep
	StoreAfter  int64
}

// Report prints the counts, the failures grouped by cause, the time and
// the disk, and ends with the line make pkgset-report promises:
// "pkgset: N of M packages build for wasm (K wait for Template Haskell)".
func Report(w io.Writer, results []Result, s Summary) {
	count := map[Status]int{}
	th := 0
	byCause := map[string][]string{}
	byDep := map[string][]string{}
	for _, r := range results {
		count[r.Status]++
		if r.TH {
			th++
		}
		switch r.Status {
		case Failed, NoPlan:
			byCause[r.Cause] = append(byCause[r.Cause], r.Lib.Name)
		case DependencyFailed:
			byDep[r.Cause] = append(byDep[r.Cause], r.Lib.Name)
		}
	}
	fmt.Fprintf(w, "\npkgset sweep: %s\n", s.Description)
	for _, st := range []Status{Built, Failed, DependencyFailed, NoPlan} {
		fmt.Fprintf(w, "  %-20s %4d\n", st, count[st])
	}
	if len(byCause) > 0 {
		fmt.Fprintln(w, "\nfailures by cause:")
		printGroups(w, byCause)
	}
	if len(byDep) > 0 {
		fmt.Fprintln(w, "\nwaiting for a dependency that failed:")
		printGroups(w, byDep)
	}
	cold := "a warm run: the store held packages already"
	if s.StoreBefore == 0 {
		cold = "a cold run: the store was empty"
	}
	fmt.Fprintf(w, "\ntime: %s; store: %s after, %s before (%s)\n",
		s.Elapsed.Round(time.Second), bytesString(s.StoreAfter), bytesString(s.StoreBefore), cold)
	fmt.Fprintf(w, "pkgset: %d of %d packages build for wasm (%d wait for Template Haskell)\n", count[Built], len(results), th)
}

// printGroups prints groups largest first, each with its packages.
func printGroups(w io.Writer, groups map[string][]string) {
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(groups[keys[i]]) != len(groups[keys[j]]) {
			return len(groups[keys[i]]) > len(groups[keys[j]])
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		names := groups[k]
		sort.Strings(names)
		fmt.Fprintf(w, "  %4d  %s\n        %s\n", len(names), k, strings.Join(names, " "))
	}
}

func bytesString(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
