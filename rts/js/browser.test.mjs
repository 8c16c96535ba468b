// Runs the C platform check (tests/cplatform/testdata/platform.c, built for wasm64
// and lowered; path in AHC_PLATFORM_WASM) through browser.mjs's run() and
// compares its output with a native build's when gcc is available.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from './browser.mjs';

const WASM = process.env.AHC_PLATFORM_WASM;
const GCC = '/usr/bin/gcc';
const SOURCE = fileURLToPath(new URL('../../tests/cplatform/testdata/platform.c', import.meta.url));
const STDIN = 'hello\nworld\nthree\n';
const ARGS = ['out', 'a', 'b c'];

// The native program's stdout lines and stderr, run in a fresh directory.
function native() {
  const dir = mkdtempSync(join(tmpdir(), 'ahc-platform-'));
  try {
    const exe = join(dir, 'platform');
    const cc = spawnSync(GCC, ['-O2', '-o', exe, SOURCE, '-lm', '-lz'], { encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    const r = spawnSync(exe, ARGS, {
      cwd: dir,
      input: STDIN,
      encoding: 'utf8',
      env: { ...process.env, AHC_PLATFORM_VAR: 'v1' },
    });
    return { status: r.status, stdout: r.stdout.split('\n').slice(0, -1), stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the C platform check runs through browser.mjs', { skip: !WASM && 'AHC_PLATFORM_WASM is not set' }, async () => {
  const stdout = [];
  const stderr = [];
  const { exitCode, fs } = await run(readFileSync(WASM), {
    args: ['platform', ...ARGS],
    env: { AHC_PLATFORM_VAR: 'v1' },
    files: { 'data/keep.txt': 'kept' },
    stdin: STDIN,
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
  });
  assert.equal(exitCode, 3);
  assert.deepEqual(stderr, ['to stderr: 0 failures']);
  assert.ok(!stdout.some((l) => l.includes('FAILED')), stdout.join('\n'));
  assert.ok(stdout.includes('stdin: 3 lines, 18 bytes'));
  // The program removes what it created; the embedder's file is untouched.
  assert.deepEqual(fs.list(), ['data']);
  assert.equal(new TextDecoder().decode(fs.readFile('data/keep.txt')), 'kept');
  if (existsSync(GCC)) {
    const expected = native();
    assert.equal(expected.status, 3);
    assert.deepEqual(stdout, expected.stdout);
    assert.equal(`${stderr.join('\n')}\n`, expected.stderr);
  }
});

// (module
//   (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i64 i64 i64) (result i32)))
//   (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i64 i64 i64) (result i32)))
//   (memory (export "memory") 1)
//   ;; iovecs at 0 and 16 split "a\né\nb" inside the é; the one at 96 is
//   ;; for stdin, and fd_read stores its byte count as that iovec's length.
//   (data (i32.const 0) "\40\00\00\00\00\00\00\00\03\00\00\00\00\00\00\00"
//                       "\43\00\00\00\00\00\00\00\03\00\00\00\00\00\00\00")
//   (data (i32.const 64) "a\n\c3\a9\nb")
//   (data (i32.const 96) "\80\00\00\00\00\00\00\00\64\00\00\00\00\00\00\00")
//   (func (export "_start")
//     (drop (call $write (i32.const 1) (i64.const 0) (i64.const 1) (i64.const 48)))
//     (drop (call $write (i32.const 1) (i64.const 16) (i64.const 1) (i64.const 48)))
//     (drop (call $read (i32.const 0) (i64.const 96) (i64.const 1) (i64.const 104)))
//     (drop (call $write (i32.const 1) (i64.const 96) (i64.const 1) (i64.const 48)))))
const ECHO_MODULE = Buffer.from(
  'AGFzbQEAAAABDAJgBH9+fn4Bf2AAAAJEAhZ3YXNpX3NuYXBzaG90X3ByZXZpZXcxCGZkX3dyaXRl' +
    'AAAWd2FzaV9zbmFwc2hvdF9wcmV2aWV3MQdmZF9yZWFkAAADAgEBBQMBAAEHEwIGbWVtb3J5AgAG' +
    'X3N0YXJ0AAIKMwExAEEBQgBCAUIwEAAaQQFCEEIBQjAQABpBAELgAEIBQugAEAEaQQFC4ABCAUIw' +
    'EAAaCwtIAwBBAAsgQAAAAAAAAAADAAAAAAAAAEMAAAAAAAAAAwAAAAAAAAAAQcAACwZhCsOpCmIA' +
    'QeAACxCAAAAAAAAAAGQAAAAAAAAA',
  'base64',
);

test('run() splits output into lines, flushing the last at exit', async () => {
  const lines = [];
  const { exitCode } = await run(new WebAssembly.Module(ECHO_MODULE), {
    stdin: 'x\ny',
    stdout: (line) => lines.push(line),
  });
  assert.equal(exitCode, 0);
  assert.deepEqual(lines, ['a', 'é', 'bx', 'y']);
});

test('run() accepts a Response', async () => {
  const lines = [];
  const response = new Response(ECHO_MODULE, { headers: { 'Content-Type': 'application/wasm' } });
  const { exitCode } = await run(response, { stdout: (line) => lines.push(line) });
  assert.equal(exitCode, 0);
  assert.deepEqual(lines, ['a', 'é', 'b']);
});
