package wasmbin

import (
	"math"
	"testing"
)

func TestLEBRoundTrips(t *testing.T) {
	for _, v := range []int64{0, 1, 63, 64, -1, -64, -65, 127, 128, 1 << 40, math.MaxInt64, math.MinInt64} {
		r := Reader{B: AppendSLEB(nil, v)}
		if got := r.SLEB(); got != v || r.Err != nil || r.More() {
			t.Errorf("SLEB %d: got %d, %v", v, got, r.Err)
		}
		u := uint64(v)
		r = Reader{B: AppendULEB(nil, u)}
		if got := r.ULEB(); got != u || r.Err != nil || r.More() {
			t.Errorf("ULEB %d: got %d, %v", u, got, r.Err)
		}
	}
}

func TestPadded(t *testing.T) {
	tests := []struct {
		width int
		u     uint64
		s     int64
		fits  bool
	}{
		{5, 0, 0, true},
		{5, 1<<35 - 1, -(1 << 34), true},
		{5, 1 << 35, -(1 << 35), false},
		{10, math.MaxUint64, math.MinInt64, true},
	}
	for _, tt := range tests {
		b := make([]byte, tt.width)
		if ok := PutPaddedULEB(b, tt.u); ok != tt.fits {
			t.Errorf("PutPaddedULEB(%d bytes, %d) fits = %v", tt.width, tt.u, ok)
		} else if ok {
			r := Reader{B: b}
			if got := r.ULEB(); got != tt.u || r.More() {
				t.Errorf("padded ULEB %d read back as %d", tt.u, got)
			}
		}
		if ok := PutPaddedSLEB(b, tt.s); ok != tt.fits {
			t.Errorf("PutPaddedSLEB(%d bytes, %d) fits = %v", tt.width, tt.s, ok)
		} else if ok {
			r := Reader{B: b}
			if got := r.SLEB(); got != tt.s || r.More() {
				t.Errorf("padded SLEB %d read back as %d", tt.s, got)
			}
		}
	}
}

func TestReaderErrors(t *testing.T) {
	r := Reader{B: []byte{0x80}}
	if r.ULEB(); r.Err == nil {
		t.Error("a truncated LEB128 read without error")
	}
	r = Reader{B: []byte{2, 'a'}}
	if r.Name(); r.Err == nil {
		t.Error("a name longer than the data read without error")
	}
}
