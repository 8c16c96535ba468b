package wasm_test

import (
	"fmt"

	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// An object with a function that calls C's puts on a string of its own.
func Example() {
	o := wasm.NewObject()
	puts := o.Func("puts", wasm.FuncType{Params: []wasm.ValType{wasm.I64}, Results: []wasm.ValType{wasm.I32}})

	msg := o.Data("greeting")
	var s wasm.Contents
	s.Write([]byte("hello\x00"))
	msg.Define(wasm.ROData, 1, &s)

	c := wasm.NewCode()
	c.I64ConstAddr(msg, 0)
	c.Call(puts)
	c.Op(wasm.Drop)
	o.Func("greet", wasm.FuncType{}).Define(c)

	b, err := o.Bytes()
	fmt.Println(len(b) > 0, err)
	// Output: true <nil>
}
