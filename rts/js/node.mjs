#!/usr/bin/env node
// Runs an ahc program under Node.js:
//   node rts/js/node.mjs program.wasm [args...]
// argv[0] is the module's file name without ".wasm"; the environment is
// Node's; the current directory is pre-opened as ".".

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { NodeFS, stdin, stdout, stderr } from './fs-node.mjs';
import { WASI64 } from './wasi.mjs';

const say = (text) => stderr.write(new TextEncoder().encode(`${text}\n`));

async function main([wasmPath, ...args]) {
  if (wasmPath === undefined) {
    say('usage: node node.mjs program.wasm [args...]');
    return 2;
  }
  const wasi = new WASI64({
    args: [basename(wasmPath, '.wasm'), ...args],
    env: Object.entries(process.env).map(([k, v]) => `${k}=${v}`),
    fs: new NodeFS(process.cwd()),
    stdin,
    stdout,
    stderr,
  });
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiate(readFileSync(wasmPath), wasi.imports));
  } catch (e) {
    say(`ahc: cannot load ${wasmPath}: ${e.message}`);
    return 1;
  }
  try {
    return wasi.start(instance);
  } catch (e) {
    // The stack shows the wasm functions that led to the trap.
    const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
    say([`ahc: program trapped: ${e.message}`, ...frames].join('\n'));
    return 1;
  }
}

// Output is written synchronously, so setting exitCode loses none of it.
process.exitCode = await main(process.argv.slice(2));
