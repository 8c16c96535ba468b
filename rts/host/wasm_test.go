package host

import "encoding/binary"

// A tiny WebAssembly encoder, enough to build the test modules by hand
// without external tools.

// testModule is a module with one page of memory exported as "memory" and
// funcs[0] exported as "_start".
type testModule struct {
	imports []testImport // from wasi_snapshot_preview1
	funcs   []testFunc
	data    []testData
}

type testImport struct {
	name            string
	params, results string // 'i' i32, 'I' or 'p' i64
}

type testFunc struct {
	params, results string
	body            []byte // instructions, without the final end
}

type testData struct {
	offset uint32
	bytes  string
}

func (m testModule) encode() []byte {
	var types, imports, funcs, code, data []byte
	ntypes := 0
	addType := func(params, results string) []byte {
		types = append(types, 0x60)
		types = append(types, valueTypes(params)...)
		types = append(types, valueTypes(results)...)
		ntypes++
		return uleb(uint64(ntypes - 1))
	}
	for _, im := range m.imports {
		imports = append(imports, str(wasiModule)...)
		imports = append(imports, str(im.name)...)
		imports = append(imports, 0x00)
		imports = append(imports, addType(im.params, im.results)...)
	}
	for _, f := range m.funcs {
		funcs = append(funcs, addType(f.params, f.results)...)
		body := append([]byte{0x00}, f.body...) // no locals
		body = append(body, 0x0b)
		code = append(code, uleb(uint64(len(body)))...)
		code = append(code, body...)
	}
	for _, d := range m.data {
		data = append(data, 0x00, 0x41)
		data = append(data, sleb(int64(int32(d.offset)))...)
		data = append(data, 0x0b)
		data = append(data, str(d.bytes)...)
	}
	exports := append(str("memory"), 0x02, 0x00)
	exports = append(exports, str("_start")...)
	exports = append(exports, 0x00)
	exports = append(exports, uleb(uint64(len(m.imports)))...)

	out := []byte("\x00asm\x01\x00\x00\x00")
	out = appendSection(out, 1, ntypes, types)
	out = appendSection(out, 2, len(m.imports), imports)
	out = appendSection(out, 3, len(m.funcs), funcs)
	out = appendSection(out, 5, 1, []byte{0x00, 0x01})
	out = appendSection(out, 7, 2, exports)
	out = appendSection(out, 10, len(m.funcs), code)
	out = appendSection(out, 11, len(m.data), data)
	return out
}

func appendSection(out []byte, id byte, count int, body []byte) []byte {
	if count == 0 {
		return out
	}
	body = append(uleb(uint64(count)), body...)
	out = append(out, id)
	out = append(out, uleb(uint64(len(body)))...)
	return append(out, body...)
}

func valueTypes(spec string) []byte {
	b := uleb(uint64(len(spec)))
	for _, c := range spec {
		if c == 'i' {
			b = append(b, 0x7f)
		} else {
			b = append(b, 0x7e)
		}
	}
	return b
}

func str(s string) []byte { return append(uleb(uint64(len(s))), s...) }

func uleb(v uint64) []byte { return binary.AppendUvarint(nil, v) }

func sleb(v int64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// Instructions.
func i32Const(v int32) []byte { return append([]byte{0x41}, sleb(int64(v))...) }
func i64Const(v int64) []byte { return append([]byte{0x42}, sleb(v)...) }
func call(f uint32) []byte    { return append([]byte{0x10}, uleb(uint64(f))...) }

const (
	opUnreachable = 0x00
	opDrop        = 0x1a
	opReturnCall  = 0x12
)

func instrs(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// importSpec gives the wasi64 signature of a host function as testImport.
func importSpec(name string) testImport {
	for _, f := range hostFuncs {
		if f.name == name {
			results := "i"
			if name == "proc_exit" {
				results = ""
			}
			return testImport{name, f.params, results}
		}
	}
	panic("no host function " + name)
}
