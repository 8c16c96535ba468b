// Runs an ahc program in a browser (or any JS engine with WebAssembly): files
// live in a MemoryFS, stdout and stderr go line by line to callbacks
// (console.log / console.error by default).

import { MemoryFS } from './fs-memory.mjs';
import { WASI64 } from './wasi.mjs';

/**
 * Runs a program to completion.
 *
 * wasm: bytes (ArrayBuffer or view), a WebAssembly.Module, or a fetch
 *   Response (or a promise of any of these).
 * args: argv including argv[0]; env: "K=V" strings or an object;
 * files: { path: string | bytes } (or a Map) put in the file system first;
 * stdin: a string or bytes, empty if absent;
 * stdout, stderr: called with each output line, without its newline.
 *
 * Resolves to { exitCode, fs } (fs: the MemoryFS, to read files back); a trap
 * rejects, after the output so far has been flushed.
 */
export async function run(
  wasm,
  {
    args = ['program'],
    env = [],
    files = {},
    stdin,
    stdout = console.log,
    stderr = console.error,
  } = {},
) {
  const fs = new MemoryFS();
  for (const [path, data] of files instanceof Map ? files : Object.entries(files)) {
    fs.writeFile(path, data);
  }
  const out = lineWriter(stdout);
  const err = lineWriter(stderr);
  const wasi = new WASI64({
    args,
    env: Array.isArray(env) ? env : Object.entries(env).map(([k, v]) => `${k}=${v}`),
    fs,
    stdin: byteReader(stdin),
    stdout: out,
    stderr: err,
  });
  const instance = await instantiate(await wasm, wasi.imports);
  try {
    return { exitCode: wasi.start(instance), fs };
  } finally {
    out.flush();
    err.flush();
  }
}

async function instantiate(source, imports) {
  if (source instanceof WebAssembly.Module) {
    return WebAssembly.instantiate(source, imports);
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    // Streaming compilation insists on the right MIME type.
    const type = source.headers.get('Content-Type') ?? '';
    if (WebAssembly.instantiateStreaming && type.startsWith('application/wasm')) {
      return (await WebAssembly.instantiateStreaming(source, imports)).instance;
    }
    source = await source.arrayBuffer();
  }
  return (await WebAssembly.instantiate(source, imports)).instance;
}

function byteReader(input = new Uint8Array(0)) {
  let bytes = typeof input === 'string' ? new TextEncoder().encode(input) : new Uint8Array(input);
  return {
    read(buf) {
      const n = Math.min(buf.length, bytes.length);
      buf.set(bytes.subarray(0, n));
      bytes = bytes.subarray(n);
      return n;
    },
  };
}

// A stream that passes complete lines to emit; flush() emits the rest.
function lineWriter(emit) {
  const decoder = new TextDecoder();
  let pending = '';
  return {
    // Output is shown as it comes, so let libc line-buffer it like a tty.
    isTTY: true,
    write(buf) {
      const lines = (pending + decoder.decode(buf, { stream: true })).split('\n');
      pending = lines.pop();
      lines.forEach((line) => emit(line));
    },
    flush() {
      pending += decoder.decode();
      if (pending !== '') {
        emit(pending);
      }
      pending = '';
    },
  };
}
