// Package dist does the final link of a pseudo-executable (linker/task):
// wasm-ld, the tail-call rewrite when asked, lowering to wasm32 with
// binaryen, and the JavaScript that runs the module on Node.js.
package dist

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/linker/tailcall"
	"github.com/ahc-hs/ahc/linker/task"
	"github.com/ahc-hs/ahc/rts/js"
)

// RuntimeDir is the subdirectory of the output directory that holds ahc's
// JavaScript runtime (the modules of rts/js).
const RuntimeDir = "rts"

// Options configure a final link.
type Options struct {
	Input     string // the pseudo-executable
	OutputDir string // "" means the input's directory
	Name      string // "" means the input's file name without extension
	TailCalls bool   // make jumps tail calls (linker/tailcall)
	Lower     linker.LowerOptions
	Link      linker.LinkOptions
	WasmOpt   string // path of wasm-opt
	// KeepWasm64 also writes the linked module before lowering, as
	// NAME.wasm64, for debugging.
	KeepWasm64 bool
}

// Result names the files Dist wrote.
type Result struct {
	Wasm    string // NAME.wasm, the lowered module
	Entry   string // NAME.mjs, the Node.js entry
	Request string // NAME.req.mjs
	Stats   tailcall.Stats
}

// Name is the program name Dist uses for the pseudo-executable at input.
func Name(input string) string {
	base := filepath.Base(input)
	if ext := filepath.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// Dist links opts.Input into opts.OutputDir. Every output is written under
// a temporary name and renamed at the end: a failure leaves no new file.
func Dist(ctx context.Context, opts Options) (Result, error) {
	var res Result
	t, err := task.ReadFile(opts.Input)
	if err != nil {
		return res, err
	}
	outDir := opts.OutputDir
	if outDir == "" {
		outDir = filepath.Dir(opts.Input)
	}
	name := opts.Name
	if name == "" {
		name = Name(opts.Input)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return res, err
	}
	for _, ext := range []string{".wasm", ".mjs", ".req.mjs", ".wasm64"} {
		if same(opts.Input, filepath.Join(outDir, name+ext)) {
			return res, fmt.Errorf("%s: the output %s would replace the input: choose another output directory", opts.Input, name+ext)
		}
	}
	scratch, err := os.MkdirTemp("", "ahc-dist-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(scratch)
	stage, err := os.MkdirTemp(outDir, "."+name+".tmp")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(stage)

	in := linker.LinkInput{Archives: t.Archives, Roots: t.Roots, LinkerFlags: t.LinkerFlags}
	for i, o := range t.Objects {
		p := filepath.Join(scratch, fmt.Sprintf("%04d-%s", i, filepath.Base(o.Source)))
		if err := os.WriteFile(p, o.Data, 0o644); err != nil {
			return res, err
		}
		in.Objects = append(in.Objects, p)
	}
	wasm64 := filepath.Join(scratch, name+".wasm64")
	if err := linker.Link(ctx, in, wasm64, opts.Link); err != nil {
		return res, fmt.Errorf("%s: %w", opts.Input, err)
	}
	lowerOpts := opts.Lower
	if opts.TailCalls {
		mod, err := os.ReadFile(wasm64)
		if err != nil {
			return res, err
		}
		mod, res.Stats, err = tailcall.Rewrite(mod)
		if err != nil {
			return res, fmt.Errorf("%s: making tail calls: %w", opts.Input, err)
		}
		if err := os.WriteFile(wasm64, mod, 0o644); err != nil {
			return res, err
		}
		lowerOpts.Features = append(append([]string(nil), lowerOpts.Features...), "tail-call")
	}
	files := map[string]string{} // staged name -> final name
	if opts.KeepWasm64 {
		data, err := os.ReadFile(wasm64)
		if err != nil {
			return res, err
		}
		if err := os.WriteFile(filepath.Join(stage, name+".wasm64"), data, 0o644); err != nil {
			return res, err
		}
		files[name+".wasm64"] = name + ".wasm64"
	}
	lowered := filepath.Join(stage, name+".wasm")
	if err := linker.Lower(ctx, opts.WasmOpt, wasm64, lowered, lowerOpts); err != nil {
		return res, fmt.Errorf("%s: %w", opts.Input, err)
	}
	if opts.TailCalls {
		// binaryen 108's merge-similar-functions (shrink level 2) turns
		// the merged functions into thunks that call, not tail-call, the
		// shared body: every jump through one would keep a frame, and deep
		// Haskell recursion would exhaust the engine's stack. Those calls
		// end their functions: make them tail calls again.
		if err := tailThunks(lowered, &res.Stats); err != nil {
			return res, fmt.Errorf("%s: %w", opts.Input, err)
		}
	}
	files[name+".wasm"] = name + ".wasm"

	req, err := requestModule(name, opts.TailCalls)
	if err != nil {
		return res, err
	}
	entry, err := entryModule(name)
	if err != nil {
		return res, err
	}
	for file, data := range map[string]string{name + ".req.mjs": req, name + ".mjs": entry} {
		mode := os.FileMode(0o644)
		if file == name+".mjs" {
			mode = 0o755
		}
		if err := os.WriteFile(filepath.Join(stage, file), []byte(data), mode); err != nil {
			return res, err
		}
		files[file] = file
	}
	if err := os.Mkdir(filepath.Join(stage, RuntimeDir), 0o755); err != nil {
		return res, err
	}
	if err := js.WriteRuntime(filepath.Join(stage, RuntimeDir)); err != nil {
		return res, err
	}

	// Everything is ready: move it into place.
	for staged, final := range files {
		if err := os.Rename(filepath.Join(stage, staged), filepath.Join(outDir, final)); err != nil {
			return res, err
		}
	}
	rt := filepath.Join(outDir, RuntimeDir)
	if err := os.RemoveAll(rt); err != nil {
		return res, err
	}
	if err := os.Rename(filepath.Join(stage, RuntimeDir), rt); err != nil {
		return res, err
	}
	res.Wasm = filepath.Join(outDir, name+".wasm")
	res.Entry = filepath.Join(outDir, name+".mjs")
	res.Request = filepath.Join(outDir, name+".req.mjs")
	return res, nil
}

// tailThunks makes the calls that end the functions of the module at path
// tail calls (tailcall.TailThunks), counting them in st.
func tailThunks(path string, st *tailcall.Stats) error {
	mod, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	mod, n, err := tailcall.TailThunks(mod)
	if err != nil {
		return fmt.Errorf("making the calls that end functions tail calls: %w", err)
	}
	st.Thunks = n
	if n == 0 {
		return nil
	}
	return os.WriteFile(path, mod, 0o644)
}

// same reports whether two paths name the same existing file.
func same(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// jsString is s as a JavaScript string literal.
func jsString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// requestModule is NAME.req.mjs: what is specific to this program.
func requestModule(name string, tailCalls bool) (string, error) {
	n, err := jsString(name)
	if err != nil {
		return "", err
	}
	w, err := jsString(name + ".wasm")
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(`// What is specific to the program %[1]s; written by ahc-dist.
//   name:      argv[0]
//   wasm:      the module, relative to this file
//   tailCalls: whether the module uses return_call (the engine must support
//              WebAssembly tail calls); otherwise StgRun is a trampoline
//   jsffi:     the JavaScript imports and exports of foreign import/export
//              javascript declarations (none yet)
export default {
  name: %[1]s,
  wasm: %[2]s,
  tailCalls: %[3]t,
  jsffi: { imports: {}, exports: [] },
};
`, n, w, tailCalls), nil
}

// entryModule is NAME.mjs: `node NAME.mjs args...` runs the program.
func entryModule(name string) (string, error) {
	req, err := jsString("./" + name + ".req.mjs")
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(`#!/usr/bin/env node
// Runs this program on Node.js (20 or newer): node THIS_FILE [args...]
// The program sees the arguments, Node's environment and standard streams,
// and the current directory pre-opened as "."; node exits with its code.
// Written by ahc-dist.

import { readFileSync } from 'node:fs';
import request from %[1]s;
import { NodeFS, stdin, stdout, stderr } from './%[2]s/fs-node.mjs';
import { WASI64 } from './%[2]s/wasi.mjs';

const say = (text) => stderr.write(new TextEncoder().encode(`+"`${text}\\n`"+`));

async function main(args) {
  const wasmURL = new URL(request.wasm, import.meta.url);
  const wasi = new WASI64({
    args: [request.name, ...args],
    env: Object.entries(process.env).map(([k, v]) => `+"`${k}=${v}`"+`),
    fs: new NodeFS(process.cwd()),
    stdin,
    stdout,
    stderr,
  });
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiate(readFileSync(wasmURL), wasi.imports));
  } catch (e) {
    say(`+"`ahc: cannot load ${wasmURL.pathname}: ${e.message}`"+`);
    return 1;
  }
  try {
    return wasi.start(instance);
  } catch (e) {
    const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
    say([`+"`ahc: program trapped: ${e.message}`"+`, ...frames].join('\n'));
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
`, req, RuntimeDir), nil
}
