import assert from 'node:assert/strict';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { NodeFS } from './fs-node.mjs';
import { ERRNO, FILETYPE, WasiError } from './wasi.mjs';

// root/ holds the sandbox; outside/ is next to it.
const base = fs.mkdtempSync(join(tmpdir(), 'ahc-nodefs-'));
const root = join(base, 'root');
fs.mkdirSync(join(root, 'sub'), { recursive: true });
fs.mkdirSync(join(base, 'outside'));
fs.writeFileSync(join(base, 'outside', 'secret'), 'secret');
fs.symlinkSync('../outside', join(root, 'escape'));
fs.symlinkSync('../../outside/new', join(root, 'sub', 'dangling-out'));
fs.symlinkSync('inside-new', join(root, 'dangling-in'));
fs.symlinkSync('sub', join(root, 'sublink'));
after(() => fs.rmSync(base, { recursive: true, force: true }));

const nfs = new NodeFS(root);
const top = nfs.root();

function errnoOf(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof WasiError, `not a WasiError: ${e}`);
    return e.errno;
  }
  return ERRNO.success;
}

test('files: create, write, read, stat, truncate', () => {
  const h = nfs.open(top, 'sub/f', { follow: true, create: true, read: true, write: true });
  assert.equal(h.filetype, FILETYPE.regularFile);
  assert.equal(h.pwrite(new TextEncoder().encode('hello'), 0), 5);
  const buf = new Uint8Array(10);
  assert.equal(h.pread(buf, 1), 4);
  assert.equal(new TextDecoder().decode(buf.subarray(0, 4)), 'ello');
  h.truncate(2);
  assert.equal(h.stat().size, 2n);
  h.close();
  assert.equal(nfs.stat(top, 'sub/f', true).size, 2n);
  const sub = nfs.open(top, 'sub', { follow: true, directory: true, read: true });
  assert.deepEqual(sub.readdir().map((e) => e.name).sort(), ['dangling-out', 'f']);
  nfs.rename(sub, 'f', top, 'g');
  nfs.unlink(top, 'g');
});

test('directories and symbolic links inside the root work', () => {
  nfs.mkdir(top, 'd');
  assert.equal(nfs.stat(top, 'd', true).filetype, FILETYPE.directory);
  nfs.rmdir(top, 'd');
  assert.equal(nfs.stat(top, 'sublink', false).filetype, FILETYPE.symbolicLink);
  assert.equal(nfs.stat(top, 'sublink', true).filetype, FILETYPE.directory);
  assert.equal(nfs.readlink(top, 'sublink'), 'sub');
  const h = nfs.open(top, 'dangling-in', { follow: true, create: true, write: true });
  h.close();
  assert.ok(fs.existsSync(join(root, 'inside-new')));
});

test('errors map to WASI errnos; nothing outside the root is reachable', () => {
  const cases = [
    ['missing', () => nfs.open(top, 'nope', { follow: true }), ERRNO.noent],
    ['exclusive', () => nfs.open(top, 'sub', { follow: true, create: true, exclusive: true }), ERRNO.exist],
    ['directory for writing', () => nfs.open(top, 'sub', { follow: true, write: true }), ERRNO.isdir],
    ['mkdir existing', () => nfs.mkdir(top, 'sub'), ERRNO.exist],
    ['rmdir non-empty', () => nfs.rmdir(top, 'sub'), ERRNO.notempty],
    ['dot-dot', () => nfs.stat(top, '../outside', true), ERRNO.notcapable],
    ['dot-dot inside a path', () => nfs.stat(top, 'sub/../../root', true), ERRNO.notcapable],
    ['absolute path', () => nfs.stat(top, '/etc', true), ERRNO.notcapable],
    ['through a link', () => nfs.open(top, 'escape/secret', { follow: true, read: true }), ERRNO.notcapable],
    ['to a link', () => nfs.open(top, 'escape', { follow: true, read: true }), ERRNO.notcapable],
    [
      'create via a dangling link',
      () => nfs.open(top, 'sub/dangling-out', { follow: true, create: true, write: true }),
      ERRNO.notcapable,
    ],
  ];
  for (const [name, fn, errno] of cases) {
    assert.equal(errnoOf(fn), errno, name);
  }
  assert.ok(!fs.existsSync(join(base, 'outside', 'new')));
});
