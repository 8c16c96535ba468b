package main

import (
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var ds []time.Duration
		for _, n := range ns {
			ds = append(ds, time.Duration(n)*time.Millisecond)
		}
		return ds
	}
	tests := []struct {
		name string
		in   []time.Duration
		want time.Duration
	}{
		{"empty", nil, 0},
		{"one", ms(7), 7 * time.Millisecond},
		{"odd unsorted", ms(30, 10, 20), 20 * time.Millisecond},
		{"even averages the middle two", ms(40, 10, 30, 20), 25 * time.Millisecond},
		{"duplicates", ms(5, 5, 9, 5, 1), 5 * time.Millisecond},
		{"outlier ignored", ms(100, 101, 99, 5000, 102), 101 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := append([]time.Duration(nil), tt.in...)
			if got := median(tt.in); got != tt.want {
				t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
			}
			for i := range orig {
				if orig[i] != tt.in[i] {
					t.Fatalf("median reordered its input: %v", tt.in)
				}
			}
		})
	}
}

func TestFormatCell(t *testing.T) {
	sec := time.Second
	tests := []struct {
		name     string
		c        cell
		native   time.Duration
		isNative bool
		want     string
	}{
		{"native", cell{times: []time.Duration{sec / 2}}, sec / 2, true, "0.500s"},
		{"ratio", cell{times: []time.Duration{3 * sec / 2}}, sec / 2, false, "1.500s (3.0x)"},
		{"no native time", cell{times: []time.Duration{sec}}, 0, false, "1.000s"},
		{"mismatch", cell{times: []time.Duration{sec}, mismatch: 2}, sec, false, "1.000s (1.0x) MISMATCH:2"},
		{"all failed", cell{failed: 5}, sec, false, "- FAILED:5"},
		{"note wins", cell{note: "build failed"}, sec, false, "build failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := formatCell(tt.c, median(tt.c.times), tt.native, tt.isNative)
			if got != tt.want {
				t.Errorf("formatCell = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 KiB"},
		{1536, "2 KiB"},
		{1 << 20, "1024 KiB"},
		{10 << 20, "10.0 MiB"},
		{15 << 19, "7680 KiB"},
	}
	for _, tt := range tests {
		if got := formatSize(tt.n); got != tt.want {
			t.Errorf("formatSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestFormatTable(t *testing.T) {
	sec := time.Second
	variants := []string{"native", "wazero"}
	builds := []string{"tramp"}
	tests := []struct {
		name string
		rows []row
		want string
	}{
		{
			name: "aligned columns",
			rows: []row{
				{program: "nbody", cells: []cell{{times: []time.Duration{sec}}, {times: []time.Duration{2 * sec}}}, wasmSize: []int64{2048}},
				{program: "q", cells: []cell{{times: []time.Duration{sec / 4}}, {times: []time.Duration{sec}, mismatch: 1}}, wasmSize: []int64{-1}},
			},
			want: "" +
				"program  native                    wazero  wasm tramp\n" +
				"-----------------------------------------------------\n" +
				"nbody    1.000s             2.000s (2.0x)       2 KiB\n" +
				"q        0.250s  1.000s (4.0x) MISMATCH:1           -\n",
		},
		{
			name: "build failure noted below",
			rows: []row{
				{program: "fannkuch", cells: []cell{{times: []time.Duration{sec}}, {note: "build failed"}}, note: "ahc build failed: boom"},
			},
			want: "" +
				"program   native        wazero  wasm tramp\n" +
				"------------------------------------------\n" +
				"fannkuch  1.000s  build failed           -\n" +
				"fannkuch: ahc build failed: boom\n",
		},
		{
			name: "missing cells padded",
			rows: []row{{program: "p", cells: []cell{{note: "no native"}}}},
			want: "" +
				"program     native  wazero  wasm tramp\n" +
				"--------------------------------------\n" +
				"p        no native       -           -\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := formatTable(variants, builds, tt.rows)
			if got != tt.want {
				t.Errorf("formatTable:\n%s\nwant:\n%s", got, tt.want)
			}
			if strings.Contains(got, "\t") {
				t.Error("table contains tabs")
			}
		})
	}
}
