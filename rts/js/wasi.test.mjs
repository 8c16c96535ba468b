import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from './fs-memory.mjs';
import { ERRNO, FILETYPE, WASI64 } from './wasi.mjs';

const enc = new TextEncoder();
const dec = new TextDecoder();

// A WASI64 over a one-page fake memory, with captured stdout and stderr.
function setup({ args = [], env = [], stdin = '', files = {} } = {}) {
  const fs = new MemoryFS();
  for (const [path, data] of Object.entries(files)) {
    fs.writeFile(path, data);
  }
  const out = { stdout: [], stderr: [] };
  const capture = (name) => ({ write: (b) => out[name].push(dec.decode(b)) });
  let input = enc.encode(stdin);
  const wasi = new WASI64({
    args,
    env,
    fs,
    stdin: {
      read(buf) {
        const n = Math.min(buf.length, input.length);
        buf.set(input.subarray(0, n));
        input = input.subarray(n);
        return n;
      },
    },
    stdout: capture('stdout'),
    stderr: capture('stderr'),
  });
  wasi.memory = new WebAssembly.Memory({ initial: 1 });
  const mem = {
    view: () => new DataView(wasi.memory.buffer),
    bytes: (p, n) => new Uint8Array(wasi.memory.buffer, p, n),
    u64: (p) => new DataView(wasi.memory.buffer).getBigUint64(p, true),
    u32: (p) => new DataView(wasi.memory.buffer).getUint32(p, true),
    string: (p, n) => dec.decode(new Uint8Array(wasi.memory.buffer, p, n)),
    put(p, data) {
      const bytes = typeof data === 'string' ? enc.encode(data) : data;
      new Uint8Array(wasi.memory.buffer).set(bytes, p);
      return BigInt(bytes.length);
    },
    // Writes an iovec array at p for [ptr, len] pairs.
    iovecs(p, pairs) {
      const v = new DataView(wasi.memory.buffer);
      pairs.forEach(([ptr, len], i) => {
        v.setBigUint64(p + i * 16, BigInt(ptr), true);
        v.setBigUint64(p + i * 16 + 8, BigInt(len), true);
      });
      return BigInt(pairs.length);
    },
  };
  return { wasi, fs, out, mem, w: wasi.imports.wasi_snapshot_preview1 };
}

const PAGE = 65536;

test('args_sizes_get and args_get use 8-byte sizes and pointers', () => {
  const { w, mem } = setup({ args: ['prog', 'a', 'b c', 'é'] });
  assert.equal(w.args_sizes_get(0n, 8n), ERRNO.success);
  assert.equal(mem.u64(0), 4n);
  assert.equal(mem.u64(8), 5n + 2n + 4n + 3n);
  assert.equal(w.args_get(100n, 200n), ERRNO.success);
  const ptrs = [0, 1, 2, 3].map((i) => Number(mem.u64(100 + i * 8)));
  assert.deepEqual(ptrs, [200, 205, 207, 211]);
  assert.equal(mem.string(200, 14), 'prog\0a\0b c\0é\0');
});

test('environ_sizes_get and environ_get', () => {
  const { w, mem } = setup({ env: ['A=1', 'BB=two'] });
  assert.equal(w.environ_sizes_get(0n, 8n), ERRNO.success);
  assert.deepEqual([mem.u64(0), mem.u64(8)], [2n, 11n]);
  assert.equal(w.environ_get(64n, 128n), ERRNO.success);
  assert.deepEqual([mem.u64(64), mem.u64(72)], [128n, 132n]);
  assert.equal(mem.string(128, 11), 'A=1\0BB=two\0');
});

test('fd_write gathers two iovecs', () => {
  const { w, mem, out } = setup();
  mem.put(100, 'hello, ');
  mem.put(200, 'world\n');
  const n = mem.iovecs(0, [[100, 7], [200, 6]]);
  assert.equal(w.fd_write(1, 0n, n, 48n), ERRNO.success);
  assert.equal(mem.u64(48), 13n);
  assert.deepEqual(out.stdout, ['hello, world\n']);
  assert.equal(w.fd_write(2, 0n, 1n, 48n), ERRNO.success);
  assert.deepEqual(out.stderr, ['hello, ']);
  assert.equal(w.fd_write(0, 0n, 1n, 48n), ERRNO.badf);
  assert.equal(w.fd_write(9, 0n, 1n, 48n), ERRNO.badf);
});

test('fd_read scatters stdin over iovecs, then reports EOF', () => {
  const { w, mem } = setup({ stdin: 'abcdefgh' });
  const n = mem.iovecs(0, [[100, 3], [200, 10]]);
  assert.equal(w.fd_read(0, 0n, n, 48n), ERRNO.success);
  assert.equal(mem.u64(48), 8n);
  assert.equal(mem.string(100, 3) + mem.string(200, 5), 'abcdefgh');
  assert.equal(w.fd_read(0, 0n, n, 48n), ERRNO.success);
  assert.equal(mem.u64(48), 0n);
});

test('prestat of fd 3 is the directory "."', () => {
  const { w, mem } = setup();
  mem.put(0, new Uint8Array(16).fill(0xff));
  assert.equal(w.fd_prestat_get(3, 0n), ERRNO.success);
  assert.equal(mem.bytes(0, 1)[0], 0);
  assert.equal(mem.u64(8), 1n);
  assert.equal(w.fd_prestat_dir_name(3, 32n, 1n), ERRNO.success);
  assert.equal(mem.string(32, 1), '.');
  assert.equal(w.fd_prestat_get(4, 0n), ERRNO.badf);
  assert.equal(w.fd_prestat_get(1, 0n), ERRNO.badf);
});

test('out-of-range pointers are faults, not traps', () => {
  const { w, mem } = setup({ args: ['prog'] });
  const cases = [
    ['args_sizes_get', () => w.args_sizes_get(BigInt(PAGE - 4), 0n)],
    ['args_get', () => w.args_get(BigInt(PAGE - 4), 0n)],
    ['negative pointer', () => w.args_get(-1n, 0n)],
    ['huge pointer', () => w.random_get(1n << 62n, 1n)],
    ['iovec table', () => w.fd_write(1, BigInt(PAGE - 8), 1n, 0n)],
    ['iovec buffer', () => (mem.iovecs(0, [[PAGE - 2, 4]]), w.fd_write(1, 0n, 1n, 32n))],
    ['result', () => (mem.iovecs(0, [[0, 0]]), w.fd_write(1, 0n, 1n, BigInt(PAGE)))],
    ['clock result', () => w.clock_time_get(0, 0n, BigInt(PAGE - 7))],
    ['path', () => w.path_open(3, 0, BigInt(PAGE), 5n, 0, 2n, 0n, 0, 0n)],
    ['random_get', () => w.random_get(BigInt(PAGE - 10), 11n)],
  ];
  for (const [name, call] of cases) {
    assert.equal(call(), ERRNO.fault, name);
  }
});

test('clocks', () => {
  const { w, mem } = setup();
  assert.equal(w.clock_time_get(0, 0n, 0n), ERRNO.success);
  assert.ok(mem.u64(0) > 1600000000n * 1000000000n);
  for (const id of [1, 2, 3]) {
    assert.equal(w.clock_time_get(id, 0n, 0n), ERRNO.success);
    const a = mem.u64(0);
    w.clock_time_get(id, 0n, 0n);
    assert.ok(mem.u64(0) >= a);
  }
  assert.equal(w.clock_res_get(1, 0n), ERRNO.success);
  assert.ok(mem.u64(0) > 0n);
  assert.equal(w.clock_time_get(9, 0n, 0n), ERRNO.inval);
});

// A sleep (poll_oneoff on a clock) advances the monotonic clock but not the
// process CPU clock, as natively.
test('the CPU clock does not count sleeps', () => {
  const { w, mem } = setup();
  const read = (id) => {
    assert.equal(w.clock_time_get(id, 0n, 0n), ERRNO.success);
    return mem.u64(0);
  };
  const sleepNs = 200_000_000n;
  const v = mem.view();
  v.setBigUint64(1000, 1n, true); // userdata
  v.setUint8(1000 + 8, 0); // a clock subscription
  v.setUint32(1000 + 16, 1, true); // on the monotonic clock
  v.setBigUint64(1000 + 24, sleepNs, true);
  v.setUint16(1000 + 40, 0, true);
  const cpu0 = read(2);
  const mono0 = read(1);
  assert.equal(w.poll_oneoff(1000n, 2000n, 1n, 48n), ERRNO.success);
  const mono1 = read(1);
  const cpu1 = read(2);
  assert.ok(mono1 - mono0 >= sleepNs, `monotonic advanced ${mono1 - mono0} ns`);
  assert.ok(cpu1 - cpu0 < sleepNs / 2n, `CPU advanced ${cpu1 - cpu0} ns over a 200 ms sleep`);
});

test('random_get fills more than one chunk', () => {
  const { w, mem } = setup();
  assert.equal(w.random_get(0n, BigInt(PAGE)), ERRNO.success);
  const bytes = mem.bytes(PAGE - 1024, 1024);
  assert.ok(bytes.some((b) => b !== 0));
});

test('files: open, write, seek, read, stat, append', () => {
  const { w, mem, fs } = setup();
  const open = (path, oflags, rights, fdflags = 0) => {
    const len = mem.put(1000, path);
    const errno = w.path_open(3, 1, 1000n, len, oflags, rights, 0n, fdflags, 2000n);
    return errno === ERRNO.success ? mem.u32(2000) : -errno;
  };
  const READ = 1n << 1n;
  const WRITE = 1n << 6n;
  const fd = open('f.txt', 1 | 8, READ | WRITE);
  assert.equal(fd, 4);
  mem.put(100, 'hello world');
  assert.equal(w.fd_write(fd, 0n, mem.iovecs(0, [[100, 11]]), 48n), ERRNO.success);
  assert.equal(w.fd_seek(fd, -5n, 1, 48n), ERRNO.success);
  assert.equal(mem.u64(48), 6n);
  assert.equal(w.fd_read(fd, 0n, mem.iovecs(0, [[300, 100]]), 48n), ERRNO.success);
  assert.equal(mem.u64(48), 5n);
  assert.equal(mem.string(300, 5), 'world');
  assert.equal(w.fd_tell(fd, 48n), ERRNO.success);
  assert.equal(mem.u64(48), 11n);
  assert.equal(w.fd_seek(fd, -1n, 0, 48n), ERRNO.inval);
  assert.equal(w.fd_pread(fd, 0n, mem.iovecs(0, [[300, 4]]), 2n, 48n), ERRNO.success);
  assert.equal(mem.string(300, 4), 'llo ');
  assert.equal(w.fd_filestat_get(fd, 400n), ERRNO.success);
  assert.equal(mem.bytes(416, 1)[0], FILETYPE.regularFile);
  assert.equal(mem.u64(432), 11n);
  assert.equal(w.fd_close(fd), ERRNO.success);
  assert.equal(w.fd_close(fd), ERRNO.badf);

  const ro = open('f.txt', 0, READ);
  assert.equal(w.fd_write(ro, 0n, mem.iovecs(0, [[100, 1]]), 48n), ERRNO.badf);
  const ap = open('f.txt', 0, WRITE, 1);
  assert.equal(w.fd_write(ap, 0n, mem.iovecs(0, [[100, 5]]), 48n), ERRNO.success);
  assert.equal(dec.decode(fs.readFile('f.txt')), 'hello worldhello');
  assert.equal(w.fd_fdstat_get(ap, 400n), ERRNO.success);
  assert.equal(mem.bytes(400, 1)[0], FILETYPE.regularFile);
  assert.equal(mem.view().getUint16(402, true), 1);
  assert.equal(mem.u64(408), WRITE);

  assert.equal(open('missing', 0, READ), -ERRNO.noent);
  assert.equal(open('f.txt', 1 | 4, READ), -ERRNO.exist);
  assert.equal(open('f.txt', 2, READ), -ERRNO.notdir);
  assert.equal(open('../x', 0, READ), -ERRNO.notcapable);
  assert.equal(open('.', 0, READ | WRITE), -ERRNO.isdir);
  const dir = open('.', 2, READ);
  assert.equal(w.fd_read(dir, 0n, mem.iovecs(0, [[100, 5]]), 48n), ERRNO.isdir);
  assert.equal(w.fd_seek(1, 0n, 0, 48n), ERRNO.spipe);
});

test('path operations', () => {
  const { w, mem, fs } = setup({ files: { 'a.txt': 'A' } });
  const path = (p) => [1000n, mem.put(1000, p)];
  const path2 = (p) => [1500n, mem.put(1500, p)];
  assert.equal(w.path_create_directory(3, ...path('d')), ERRNO.success);
  assert.equal(w.path_create_directory(3, ...path('d')), ERRNO.exist);
  assert.equal(w.path_filestat_get(3, 1, ...path('d'), 0n), ERRNO.success);
  assert.equal(mem.bytes(16, 1)[0], FILETYPE.directory);
  assert.equal(w.path_rename(3, ...path('a.txt'), 3, ...path2('d/b.txt')), ERRNO.success);
  assert.deepEqual(fs.list('d'), ['b.txt']);
  assert.equal(w.path_remove_directory(3, ...path('d')), ERRNO.notempty);
  assert.equal(w.path_unlink_file(3, ...path('d')), ERRNO.isdir);
  assert.equal(w.path_unlink_file(3, ...path('d/b.txt')), ERRNO.success);
  assert.equal(w.path_unlink_file(3, ...path('d/b.txt')), ERRNO.noent);
  assert.equal(w.path_remove_directory(3, ...path('d')), ERRNO.success);
  assert.equal(w.path_filestat_get(3, 1, ...path('d'), 0n), ERRNO.noent);
  assert.equal(w.path_symlink(...path('x'), 3, ...path2('y')), ERRNO.nosys);
  assert.equal(w.path_readlink(3, ...path('y'), 0n, 10n, 0n), ERRNO.nosys);
  assert.equal(w.path_create_directory(1, ...path('z')), ERRNO.notdir);
});

test('fd_readdir: cookies, and a full buffer when an entry is cut short', () => {
  const { w, mem } = setup({ files: { 'd/one': '', 'd/two': '' } });
  const len = mem.put(1000, 'd');
  assert.equal(w.path_open(3, 0, 1000n, len, 2, 1n << 14n, 0n, 0, 2000n), ERRNO.success);
  const fd = mem.u32(2000);
  // Read everything with a big buffer.
  assert.equal(w.fd_readdir(fd, 0n, 4096n, 0n, 8000n), ERRNO.success);
  const used = Number(mem.u64(8000));
  const entries = [];
  for (let off = 0; off < used; ) {
    const namlen = mem.u32(off + 16);
    entries.push({
      next: mem.u64(off),
      type: mem.bytes(off + 20, 1)[0],
      name: mem.string(off + 24, namlen),
    });
    off += 24 + namlen;
  }
  assert.deepEqual(
    entries.map((e) => [e.name, e.next, e.type]),
    [
      ['.', 1n, FILETYPE.directory],
      ['..', 2n, FILETYPE.directory],
      ['one', 3n, FILETYPE.regularFile],
      ['two', 4n, FILETYPE.regularFile],
    ],
  );
  assert.equal(used, 4 * 24 + 1 + 2 + 3 + 3);
  // A buffer too small for the third entry is filled completely.
  assert.equal(w.fd_readdir(fd, 0n, 60n, 0n, 8000n), ERRNO.success);
  assert.equal(mem.u64(8000), 60n);
  // Resuming at cookie 3 yields only "two".
  assert.equal(w.fd_readdir(fd, 0n, 4096n, 3n, 8000n), ERRNO.success);
  assert.equal(mem.u64(8000), 27n);
  assert.equal(mem.string(24, 3), 'two');
  assert.equal(w.fd_readdir(1, 0n, 4096n, 0n, 8000n), ERRNO.notdir);
});

test('poll_oneoff sleeps until the earliest clock deadline', () => {
  const { w, mem } = setup();
  const sub = (i, userdata, timeoutNs) => {
    const v = mem.view();
    const s = 1000 + i * 48;
    v.setBigUint64(s, userdata, true);
    v.setUint8(s + 8, 0);
    v.setUint32(s + 16, 1, true);
    v.setBigUint64(s + 24, timeoutNs, true);
    v.setUint16(s + 40, 0, true);
  };
  sub(0, 11n, 30_000_000n);
  sub(1, 22n, 5_000_000_000n);
  const t0 = performance.now();
  assert.equal(w.poll_oneoff(1000n, 2000n, 2n, 48n), ERRNO.success);
  const elapsed = performance.now() - t0;
  assert.ok(elapsed >= 29 && elapsed < 2000, `slept ${elapsed} ms`);
  assert.equal(mem.u64(48), 1n);
  assert.equal(mem.u64(2000), 11n);
  assert.equal(mem.view().getUint8(2010), 0);
  // An fd subscription is ready at once.
  const v = mem.view();
  v.setUint8(1048 + 8, 1);
  v.setUint32(1048 + 16, 0, true);
  assert.equal(w.poll_oneoff(1000n, 2000n, 2n, 48n), ERRNO.success);
  assert.equal(mem.u64(48), 1n);
  assert.equal(mem.u64(2000), 22n);
  assert.equal(mem.view().getUint8(2010), 1);
  assert.equal(w.poll_oneoff(1000n, 2000n, 0n, 48n), ERRNO.inval);
});

test('stdio fdstat: character devices; tty only if the stream says so', () => {
  const { w, mem } = setup();
  const SEEK_TELL = (1n << 2n) | (1n << 5n);
  assert.equal(w.fd_fdstat_get(1, 0n), ERRNO.success);
  assert.equal(mem.bytes(0, 1)[0], FILETYPE.characterDevice);
  assert.notEqual(mem.u64(8) & SEEK_TELL, 0n);
  const tty = new WASI64({ stdout: { isTTY: true, write() {} } });
  tty.memory = new WebAssembly.Memory({ initial: 1 });
  assert.equal(tty.imports.wasi_snapshot_preview1.fd_fdstat_get(1, 0n), ERRNO.success);
  assert.equal(new DataView(tty.memory.buffer).getBigUint64(8, true) & SEEK_TELL, 0n);
});

test('unsupported calls answer nosys or notsup', () => {
  const { w } = setup();
  assert.equal(w.sock_accept(3, 0, 0n), ERRNO.nosys);
  assert.equal(w.sock_recv(3, 0n, 0n, 0, 0n, 0n), ERRNO.nosys);
  assert.equal(w.sock_send(3, 0n, 0n, 0, 0n), ERRNO.nosys);
  assert.equal(w.sock_shutdown(3, 0), ERRNO.nosys);
  assert.equal(w.fd_fdstat_set_rights(1, 0n, 0n), ERRNO.notsup);
  assert.equal(w.fd_renumber(3, 1), ERRNO.notsup);
  assert.equal(w.sched_yield(), ERRNO.success);
});

// (module
//   (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
//   (memory (export "memory") 1)
//   (global $mode (mut i32) (i32.const 0))
//   (func (export "set_mode") (param i32) (global.set $mode (local.get 0)))
//   (func (export "_start")
//     (if (i32.eq (global.get $mode) (i32.const 1))
//       (then (call $exit (i32.const 7))))
//     (if (i32.eq (global.get $mode) (i32.const 2)) (then unreachable))))
const EXIT_MODULE = Buffer.from(
  'AGFzbQEAAAABCAJgAX8AYAAAAiQBFndhc2lfc25hcHNob3RfcHJldmlldzEJcHJvY19leGl0AA' +
    'ADAwIAAQUDAQABBgYBfwFBAAsHHgMGbWVtb3J5AgAIc2V0X21vZGUAAQZfc3RhcnQAAgogAgYA' +
    'IAAkAAsXACMAQQFGBEBBBxAACyMAQQJGBEAACws=',
  'base64',
);

test('start: return is 0, proc_exit gives its code, traps are re-thrown', async () => {
  for (const [mode, expected] of [[0, 0], [1, 7], [2, WebAssembly.RuntimeError]]) {
    const wasi = new WASI64();
    const { instance } = await WebAssembly.instantiate(EXIT_MODULE, wasi.imports);
    instance.exports.set_mode(mode);
    if (typeof expected === 'number') {
      assert.equal(wasi.start(instance), expected);
    } else {
      assert.throws(() => wasi.start(instance), expected);
    }
  }
});
