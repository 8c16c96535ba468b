package wasm

import (
	"bytes"
	"math"
	"testing"
)

func TestLEB(t *testing.T) {
	tests := []struct {
		v       int64
		uleb    []byte // of uint64(v)
		sleb    []byte
		padded5 []byte // unsigned, 5 bytes
	}{
		{0, []byte{0}, []byte{0}, []byte{0x80, 0x80, 0x80, 0x80, 0}},
		{63, []byte{63}, []byte{63}, []byte{0xbf, 0x80, 0x80, 0x80, 0}},
		{64, []byte{64}, []byte{0xc0, 0}, []byte{0xc0, 0x80, 0x80, 0x80, 0}},
		{624485, []byte{0xe5, 0x8e, 0x26}, []byte{0xe5, 0x8e, 0x26}, []byte{0xe5, 0x8e, 0xa6, 0x80, 0}},
		{-1, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1}, []byte{0x7f}, nil},
		{-64, nil, []byte{0x40}, nil},
		{-65, nil, []byte{0xbf, 0x7f}, nil},
		{math.MinInt64, nil, []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f}, nil},
	}
	for _, tt := range tests {
		if tt.uleb != nil {
			if got := appendULEB(nil, uint64(tt.v)); !bytes.Equal(got, tt.uleb) {
				t.Errorf("ULEB(%d) = % x, want % x", tt.v, got, tt.uleb)
			}
			if got, n := decodeULEB(tt.uleb); got != uint64(tt.v) || n != len(tt.uleb) {
				t.Errorf("decoding ULEB % x = %d", tt.uleb, got)
			}
		}
		if got := appendSLEB(nil, tt.v); !bytes.Equal(got, tt.sleb) {
			t.Errorf("SLEB(%d) = % x, want % x", tt.v, got, tt.sleb)
		}
		if tt.padded5 != nil {
			got := make([]byte, 5)
			putPaddedULEB(got, uint64(tt.v))
			if !bytes.Equal(got, tt.padded5) {
				t.Errorf("padded ULEB(%d) = % x, want % x", tt.v, got, tt.padded5)
			}
		}
	}
}

// TestPaddedLEB checks that the padded forms decode to their values, as
// the linker reads them.
func TestPaddedLEB(t *testing.T) {
	for _, v := range []int64{0, 1, 127, 128, 1 << 31, -1, -128, math.MaxInt64, math.MinInt64} {
		b := make([]byte, leb64Width)
		putPaddedSLEB(b, v)
		r := &reader{b: b}
		if got := r.sleb(); got != v || len(r.b) != 0 {
			t.Errorf("padded SLEB of %d reads %d with %d bytes left", v, got, len(r.b))
		}
		putPaddedULEB(b, uint64(v))
		r = &reader{b: b}
		if got := r.uleb(); got != uint64(v) || len(r.b) != 0 {
			t.Errorf("padded ULEB of %d reads %d with %d bytes left", uint64(v), got, len(r.b))
		}
	}
}

func decodeULEB(b []byte) (uint64, int) {
	r := &reader{b: b}
	v := r.uleb()
	return v, len(b) - len(r.b)
}
