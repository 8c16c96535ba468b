// An in-memory file system for browsers: the WASI64 backend interface (see
// wasi.mjs) plus writeFile/readFile/list for the embedder. No symbolic links.

import { ERRNO, FILETYPE, WasiError } from './wasi.mjs';

const fail = (errno) => {
  throw new WasiError(errno);
};

const now = () => BigInt(Date.now()) * 1000000n;

export class MemoryFS {
  #nextIno = 1n;
  #root;

  constructor() {
    this.#root = this.#newDir(null);
  }

  // The embedder's API. Paths are relative to the root ("/" optional).

  /**
   * Creates or replaces a file (and any missing parent directories) with a
   * copy of data: a string (written as UTF-8), an ArrayBuffer or a view.
   */
  writeFile(path, data) {
    const parts = components(path);
    const name = parts.pop();
    let dir = this.#root;
    for (const part of parts) {
      let next = dir.entries.get(part);
      if (!next) {
        next = this.#newDir(dir);
        link(dir, part, next);
      } else if (next.filetype !== FILETYPE.directory) {
        fail(ERRNO.notdir);
      }
      dir = next;
    }
    let file = name === undefined ? dir : dir.entries.get(name);
    if (!file) {
      file = this.#newFile();
      link(dir, name, file);
    } else if (file.filetype !== FILETYPE.regularFile) {
      fail(ERRNO.isdir);
    }
    file.data = toBytes(data);
    file.size = file.data.length;
    touch(file);
  }

  /** A copy of a file's contents. */
  readFile(path) {
    const node = this.#find(path);
    if (node.filetype !== FILETYPE.regularFile) {
      fail(ERRNO.isdir);
    }
    return node.data.slice(0, node.size);
  }

  /** The sorted names in a directory. */
  list(path = '.') {
    const node = this.#find(path);
    if (node.filetype !== FILETYPE.directory) {
      fail(ERRNO.notdir);
    }
    return [...node.entries.keys()].sort();
  }

  // The backend interface.

  root() {
    return new Handle(this.#root);
  }

  open(dir, path, { create, exclusive, truncate, directory, write }) {
    const { parent, name, node } = this.#lookup(dir, path);
    if (!node) {
      if (!create || directory) {
        fail(ERRNO.noent);
      }
      const file = this.#newFile();
      link(parent, name, file);
      return new Handle(file);
    }
    if (create && exclusive) {
      fail(ERRNO.exist);
    }
    if (node.filetype === FILETYPE.directory) {
      if (write || truncate) {
        fail(ERRNO.isdir);
      }
    } else if (directory) {
      fail(ERRNO.notdir);
    } else if (truncate) {
      resize(node, 0);
    }
    return new Handle(node);
  }

  stat(dir, path) {
    return this.#existing(dir, path).node.stat();
  }

  utimes(dir, path, _follow, atim, mtim) {
    setTimes(this.#existing(dir, path).node, atim, mtim);
  }

  mkdir(dir, path) {
    const { parent, name, node } = this.#lookup(dir, path);
    if (node) {
      fail(ERRNO.exist);
    }
    link(parent, name, this.#newDir(parent));
  }

  rmdir(dir, path) {
    const { parent, name, node } = this.#existing(dir, path);
    if (node.filetype !== FILETYPE.directory) {
      fail(ERRNO.notdir);
    }
    if (name === undefined) {
      fail(node === this.#root ? ERRNO.busy : ERRNO.inval);
    }
    if (node.entries.size > 0) {
      fail(ERRNO.notempty);
    }
    unlink(parent, name);
  }

  unlink(dir, path) {
    const { parent, name, node } = this.#existing(dir, path);
    if (node.filetype === FILETYPE.directory) {
      fail(ERRNO.isdir);
    }
    unlink(parent, name);
  }

  rename(dir, path, newDir, newPath) {
    const from = this.#existing(dir, path);
    const to = this.#lookup(newDir, newPath);
    if (from.name === undefined || to.name === undefined) {
      fail(ERRNO.busy);
    }
    if (from.node === to.node) {
      return;
    }
    if (from.node.filetype === FILETYPE.directory) {
      if (to.node && to.node.filetype !== FILETYPE.directory) {
        fail(ERRNO.notdir);
      }
      if (to.node?.entries.size) {
        fail(ERRNO.notempty);
      }
      // A directory cannot move below itself.
      for (let d = to.parent; d; d = d.parent) {
        if (d === from.node) {
          fail(ERRNO.inval);
        }
      }
    } else if (to.node?.filetype === FILETYPE.directory) {
      fail(ERRNO.isdir);
    }
    if (to.node) {
      unlink(to.parent, to.name);
    }
    from.parent.entries.delete(from.name);
    touch(from.parent);
    to.parent.entries.set(to.name, from.node);
    touch(to.parent);
    if (from.node.filetype === FILETYPE.directory) {
      from.node.parent = to.parent;
    }
  }

  link(dir, path, newDir, newPath) {
    const { node } = this.#existing(dir, path);
    const to = this.#lookup(newDir, newPath);
    if (to.node) {
      fail(ERRNO.exist);
    }
    if (node.filetype === FILETYPE.directory) {
      fail(ERRNO.perm);
    }
    link(to.parent, to.name, node);
  }

  #newFile() {
    return new Node(FILETYPE.regularFile, this.#nextIno++, null);
  }

  #newDir(parent) {
    return new Node(FILETYPE.directory, this.#nextIno++, parent);
  }

  #find(path) {
    return this.#existing(new Handle(this.#root), path).node;
  }

  #existing(dir, path) {
    const found = this.#lookup(dir, path);
    if (!found.node) {
      fail(ERRNO.noent);
    }
    return found;
  }

  // Resolves path below dir: { parent, name, node }, where node is undefined
  // if the last component does not exist, and name is undefined if the path
  // ends in "." or "..".
  #lookup(dir, path) {
    if (path === '') {
      fail(ERRNO.noent);
    }
    const parts = components(path);
    const last = parts.pop();
    let cur = dir.node;
    for (const part of parts) {
      cur = this.#step(cur, part);
      if (!cur) {
        fail(ERRNO.noent);
      }
      if (cur.filetype !== FILETYPE.directory) {
        fail(ERRNO.notdir);
      }
    }
    if (last === undefined || last === '..') {
      const node = last ? this.#step(cur, last) : cur;
      return { parent: node.parent, name: undefined, node };
    }
    if (cur.nlink === 0n) {
      fail(ERRNO.noent); // a removed directory
    }
    return { parent: cur, name: last, node: cur.entries.get(last) };
  }

  #step(dir, name) {
    if (name !== '..') {
      return dir.entries.get(name);
    }
    if (dir === this.#root) {
      fail(ERRNO.notcapable);
    }
    return dir.parent ?? fail(ERRNO.noent);
  }
}

// A file holds its bytes in data[0, size); data may have spare capacity,
// which is kept zeroed so that growing a file exposes zeros.
class Node {
  constructor(filetype, ino, parent) {
    this.filetype = filetype;
    this.ino = ino;
    this.nlink = filetype === FILETYPE.directory ? 1n : 0n;
    this.atim = this.mtim = this.ctim = now();
    if (filetype === FILETYPE.directory) {
      this.parent = parent;
      this.entries = new Map();
    } else {
      this.data = new Uint8Array(0);
      this.size = 0;
    }
  }

  stat() {
    const size = this.filetype === FILETYPE.directory ? this.entries.size : this.size;
    return {
      dev: 1n,
      ino: this.ino,
      filetype: this.filetype,
      nlink: this.nlink,
      size: BigInt(size),
      atim: this.atim,
      mtim: this.mtim,
      ctim: this.ctim,
    };
  }
}

class Handle {
  constructor(node) {
    this.node = node;
  }

  get filetype() {
    return this.node.filetype;
  }

  stat() {
    return this.node.stat();
  }

  pread(buf, pos) {
    const { data, size } = this.node;
    const n = Math.max(0, Math.min(buf.length, size - pos));
    buf.set(data.subarray(pos, pos + n));
    return n;
  }

  pwrite(buf, pos) {
    const node = this.node;
    if (pos + buf.length > node.size) {
      resize(node, pos + buf.length);
    }
    node.data.set(buf, pos);
    touch(node);
    return buf.length;
  }

  truncate(size) {
    resize(this.node, size);
  }

  utimes(atim, mtim) {
    setTimes(this.node, atim, mtim);
  }

  readdir() {
    return [...this.node.entries].map(([name, n]) => ({
      name,
      filetype: n.filetype,
      ino: n.ino,
    }));
  }

  sync() {}

  close() {}
}

function toBytes(data) {
  if (typeof data === 'string') {
    return new TextEncoder().encode(data);
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  }
  return new Uint8Array(data).slice();
}

function components(path) {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

function link(dir, name, node) {
  dir.entries.set(name, node);
  // A directory's own nlink stays 1: it has exactly one parent.
  if (node.filetype !== FILETYPE.directory) {
    node.nlink++;
  }
  touch(dir);
}

function unlink(dir, name) {
  const node = dir.entries.get(name);
  dir.entries.delete(name);
  node.nlink = node.filetype === FILETYPE.directory ? 0n : node.nlink - 1n;
  touch(dir);
}

function resize(node, size) {
  if (size > node.data.length) {
    const data = new Uint8Array(Math.max(size, node.data.length * 2));
    data.set(node.data.subarray(0, node.size));
    node.data = data;
  } else if (size < node.size) {
    node.data.fill(0, size, node.size);
  }
  node.size = size;
  touch(node);
}

function touch(node) {
  node.mtim = node.ctim = now();
}

function setTimes(node, atim, mtim) {
  node.atim = atim ?? node.atim;
  node.mtim = mtim ?? node.mtim;
  node.ctim = now();
}
