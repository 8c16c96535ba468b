import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFS } from './fs-memory.mjs';
import { ERRNO, FILETYPE, WasiError } from './wasi.mjs';

const dec = new TextDecoder();
const RW = { read: true, write: true };

function errnoOf(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof WasiError, `not a WasiError: ${e}`);
    return e.errno;
  }
  return ERRNO.success;
}

test('embedder API: writeFile, readFile, list', () => {
  const fs = new MemoryFS();
  fs.writeFile('/a/b/c.txt', 'héllo');
  fs.writeFile('a/bytes', new Uint8Array([1, 2, 3]));
  fs.writeFile('a/buffer', new Uint16Array([0x0201]).buffer);
  assert.equal(dec.decode(fs.readFile('a/b/c.txt')), 'héllo');
  assert.deepEqual([...fs.readFile('a/bytes')], [1, 2, 3]);
  assert.deepEqual([...fs.readFile('a/buffer')], [1, 2]);
  assert.deepEqual(fs.list(), ['a']);
  assert.deepEqual(fs.list('a'), ['b', 'buffer', 'bytes']);
  // readFile returns a copy.
  fs.readFile('a/bytes')[0] = 9;
  assert.equal(fs.readFile('a/bytes')[0], 1);
  fs.writeFile('a/bytes', 'x');
  assert.equal(dec.decode(fs.readFile('a/bytes')), 'x');
});

test('file handles: write, read back, truncate, stat', () => {
  const fs = new MemoryFS();
  const root = fs.root();
  const h = fs.open(root, 'f', { create: true, ...RW });
  assert.equal(h.filetype, FILETYPE.regularFile);
  assert.equal(h.pwrite(new TextEncoder().encode('abcdef'), 0), 6);
  assert.equal(h.pwrite(new TextEncoder().encode('XY'), 10), 2);
  const buf = new Uint8Array(20);
  assert.equal(h.pread(buf, 0), 12);
  assert.deepEqual([...buf.subarray(6, 10)], [0, 0, 0, 0]);
  assert.equal(h.pread(buf, 12), 0);
  h.truncate(3);
  h.truncate(5);
  assert.deepEqual([...fs.readFile('f')], [97, 98, 99, 0, 0]);
  const st = fs.stat(root, 'f');
  assert.equal(st.size, 5n);
  assert.equal(st.nlink, 1n);
  assert.equal(st.filetype, FILETYPE.regularFile);
  h.utimes(5n, undefined);
  assert.equal(fs.stat(root, 'f').atim, 5n);
  // Truncating on open.
  fs.open(root, 'f', { truncate: true, write: true });
  assert.equal(fs.readFile('f').length, 0);
});

test('readdir lists entries in creation order', () => {
  const fs = new MemoryFS();
  fs.writeFile('d/z', '');
  fs.writeFile('d/a', '');
  fs.mkdir(fs.root(), 'd/sub');
  const dir = fs.open(fs.root(), 'd', { directory: true, read: true });
  assert.deepEqual(
    dir.readdir().map((e) => [e.name, e.filetype]),
    [
      ['z', FILETYPE.regularFile],
      ['a', FILETYPE.regularFile],
      ['sub', FILETYPE.directory],
    ],
  );
});

test('paths resolve relative to the handle; ".." may not leave the root', () => {
  const fs = new MemoryFS();
  fs.writeFile('a/b/f', 'x');
  const b = fs.open(fs.root(), 'a/b', { directory: true });
  assert.equal(fs.stat(b, 'f').size, 1n);
  assert.equal(fs.stat(b, './../b/f').size, 1n);
  assert.equal(fs.stat(b, '..').filetype, FILETYPE.directory);
  assert.equal(errnoOf(() => fs.stat(b, '../../..')), ERRNO.notcapable);
  assert.equal(errnoOf(() => fs.stat(fs.root(), '..')), ERRNO.notcapable);
});

test('rename', () => {
  const fs = new MemoryFS();
  const root = fs.root();
  fs.writeFile('a', 'A');
  fs.writeFile('b', 'B');
  fs.writeFile('d/inner', 'I');
  fs.rename(root, 'a', root, 'b'); // replaces b
  assert.deepEqual(fs.list(), ['b', 'd']);
  assert.equal(dec.decode(fs.readFile('b')), 'A');
  fs.rename(root, 'd', root, 'e');
  assert.equal(dec.decode(fs.readFile('e/inner')), 'I');
  // A moved directory's ".." follows it.
  fs.mkdir(root, 'x');
  fs.rename(root, 'e', root, 'x/e');
  const e = fs.open(root, 'x/e', { directory: true });
  assert.deepEqual(fs.list('x'), ['e']);
  assert.equal(fs.stat(e, '../e/inner').size, 1n);
});

test('unlink keeps open handles readable; link adds a name', () => {
  const fs = new MemoryFS();
  const root = fs.root();
  fs.writeFile('f', 'data');
  const h = fs.open(root, 'f', { read: true });
  fs.link(root, 'f', root, 'g');
  assert.equal(fs.stat(root, 'g').nlink, 2n);
  fs.unlink(root, 'f');
  fs.unlink(root, 'g');
  assert.deepEqual(fs.list(), []);
  const buf = new Uint8Array(4);
  assert.equal(h.pread(buf, 0), 4);
  assert.equal(h.stat().nlink, 0n);
});

test('errors', () => {
  const fs = new MemoryFS();
  const root = fs.root();
  fs.writeFile('f', 'x');
  fs.writeFile('d/g', 'y');
  fs.mkdir(root, 'empty');
  const removed = fs.open(root, 'empty', { directory: true });
  fs.rmdir(root, 'empty');
  const cases = [
    ['open missing', () => fs.open(root, 'nope', {}), ERRNO.noent],
    ['open empty path', () => fs.open(root, '', {}), ERRNO.noent],
    ['open exclusive', () => fs.open(root, 'f', { create: true, exclusive: true }), ERRNO.exist],
    ['open file as directory', () => fs.open(root, 'f', { directory: true }), ERRNO.notdir],
    ['open directory for writing', () => fs.open(root, 'd', { write: true }), ERRNO.isdir],
    ['create below a file', () => fs.open(root, 'f/x', { create: true }), ERRNO.notdir],
    ['create in missing directory', () => fs.open(root, 'no/x', { create: true }), ERRNO.noent],
    ['create in removed directory', () => fs.open(removed, 'x', { create: true }), ERRNO.noent],
    ['mkdir existing', () => fs.mkdir(root, 'd'), ERRNO.exist],
    ['rmdir non-empty', () => fs.rmdir(root, 'd'), ERRNO.notempty],
    ['rmdir file', () => fs.rmdir(root, 'f'), ERRNO.notdir],
    ['rmdir root', () => fs.rmdir(root, '.'), ERRNO.busy],
    ['unlink directory', () => fs.unlink(root, 'd'), ERRNO.isdir],
    ['unlink missing', () => fs.unlink(root, 'nope'), ERRNO.noent],
    ['rename missing', () => fs.rename(root, 'nope', root, 'x'), ERRNO.noent],
    ['rename dir over file', () => fs.rename(root, 'd', root, 'f'), ERRNO.notdir],
    ['rename file over dir', () => fs.rename(root, 'f', root, 'd'), ERRNO.isdir],
    ['rename dir into itself', () => fs.rename(root, 'd', root, 'd/sub'), ERRNO.inval],
    ['link directory', () => fs.link(root, 'd', root, 'd2'), ERRNO.perm],
    ['link over existing', () => fs.link(root, 'f', root, 'd'), ERRNO.exist],
    ['readFile missing', () => fs.readFile('nope'), ERRNO.noent],
    ['readFile directory', () => fs.readFile('d'), ERRNO.isdir],
    ['list file', () => fs.list('f'), ERRNO.notdir],
  ];
  for (const [name, fn, errno] of cases) {
    assert.equal(errnoOf(fn), errno, name);
  }
});
