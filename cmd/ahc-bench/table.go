package main

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// median is the middle of ds (the mean of the two middle ones for an even
// count), or 0 for no durations. ds is left unchanged.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// cell is what one variant of one program did over its runs.
type cell struct {
	times    []time.Duration // wall times of the runs that finished
	mismatch int             // runs whose output differed from native's
	failed   int             // runs that exited non-zero, timed out or did not start
	note     string          // why the variant has no runs (e.g. "build failed")
}

// row is one program's line of the table.
type row struct {
	program  string
	cells    []cell  // one per variant, native first
	wasmSize []int64 // per ahc build (trampoline, tail calls); <0: none
	note     string  // a failure to report below the table
}

// formatTable lays out rows under the variant names: each cell is the
// median wall time and, for every variant but the first (native), its ratio
// to the native median; then the sizes of the .wasm modules.
func formatTable(variants, builds []string, rows []row) string {
	header := []string{"program"}
	header = append(header, variants...)
	for _, b := range builds {
		header = append(header, "wasm "+b)
	}
	table := [][]string{header}
	for _, r := range rows {
		line := []string{r.program}
		var native time.Duration
		for i, c := range r.cells {
			med := median(c.times)
			if i == 0 {
				native = med
			}
			line = append(line, formatCell(c, med, native, i == 0))
		}
		for len(line) < 1+len(variants) {
			line = append(line, "-")
		}
		for i := range builds {
			if i < len(r.wasmSize) && r.wasmSize[i] >= 0 {
				line = append(line, formatSize(r.wasmSize[i]))
			} else {
				line = append(line, "-")
			}
		}
		table = append(table, line)
	}

	widths := make([]int, len(header))
	for _, line := range table {
		for i, s := range line {
			widths[i] = max(widths[i], len(s))
		}
	}
	var b strings.Builder
	for n, line := range table {
		for i, s := range line {
			if i == 0 {
				fmt.Fprintf(&b, "%-*s", widths[i], s)
			} else {
				fmt.Fprintf(&b, "  %*s", widths[i], s)
			}
		}
		b.WriteString("\n")
		if n == 0 {
			total := 2 * (len(widths) - 1)
			for _, w := range widths {
				total += w
			}
			b.WriteString(strings.Repeat("-", total) + "\n")
		}
	}
	for _, r := range rows {
		if r.note != "" {
			fmt.Fprintf(&b, "%s: %s\n", r.program, r.note)
		}
	}
	return b.String()
}

// formatCell shows a variant's median, its ratio to native and what went
// wrong in its runs.
func formatCell(c cell, med, native time.Duration, isNative bool) string {
	if c.note != "" {
		return c.note
	}
	var s string
	if len(c.times) == 0 {
		s = "-"
	} else {
		s = formatDuration(med)
		if !isNative && native > 0 {
			s += fmt.Sprintf(" (%.1fx)", float64(med)/float64(native))
		}
	}
	if c.mismatch > 0 {
		s += fmt.Sprintf(" MISMATCH:%d", c.mismatch)
	}
	if c.failed > 0 {
		s += fmt.Sprintf(" FAILED:%d", c.failed)
	}
	return s
}

// formatDuration shows d in seconds with three decimals.
func formatDuration(d time.Duration) string {
	return fmt.Sprintf("%.3fs", d.Seconds())
}

// formatSize shows a byte count in KiB (or MiB from 10 MiB on).
func formatSize(n int64) string {
	if n >= 10<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+512)/1024)
}
