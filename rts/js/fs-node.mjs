// The WASI64 file-system backend over node:fs (synchronous calls), and the
// process's stdio as WASI64 streams.

import fs from 'node:fs';
import nodePath from 'node:path';
import { isatty } from 'node:tty';
import { ERRNO, FILETYPE, WasiError } from './wasi.mjs';

const fail = (errno) => {
  throw new WasiError(errno);
};

// Node reports errors by their POSIX names, which are WASI's with an "E".
// Anything else (such as Node's own ERR_* codes) is not an I/O error.
function errnoOf(e) {
  if (!/^E[A-Z0-9]+$/.test(e?.code)) {
    return undefined;
  }
  const aliases = { EOPNOTSUPP: ERRNO.notsup, EWOULDBLOCK: ERRNO.again };
  return aliases[e.code] ?? ERRNO[e.code.slice(1).toLowerCase()] ?? ERRNO.io;
}

// Runs a node:fs call, turning its errors into WasiErrors.
function host(fn) {
  try {
    return fn();
  } catch (e) {
    const errno = errnoOf(e);
    if (errno === undefined) {
      throw e;
    }
    throw new WasiError(errno);
  }
}

function filetypeOf(st) {
  if (st.isFile()) return FILETYPE.regularFile;
  if (st.isDirectory()) return FILETYPE.directory;
  if (st.isSymbolicLink()) return FILETYPE.symbolicLink;
  if (st.isCharacterDevice()) return FILETYPE.characterDevice;
  if (st.isBlockDevice()) return FILETYPE.blockDevice;
  // wasi-libc maps DT_FIFO to socket_stream.
  if (st.isSocket() || st.isFIFO()) return FILETYPE.socketStream;
  return FILETYPE.unknown;
}

function toStat(st) {
  return {
    dev: st.dev,
    ino: st.ino,
    filetype: filetypeOf(st),
    nlink: st.nlink,
    size: st.size,
    atim: st.atimeNs,
    mtim: st.mtimeNs,
    ctim: st.ctimeNs,
  };
}

// node:fs takes times in (fractional) seconds; keep the current time where
// WASI leaves one unchanged.
function utimesArgs(atim, mtim, current) {
  const st = atim === undefined || mtim === undefined ? current() : null;
  return [Number(atim ?? st.atimeNs) / 1e9, Number(mtim ?? st.mtimeNs) / 1e9];
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const sleepMs = (ms) => Atomics.wait(sleepCell, 0, 0, ms);

/**
 * A host directory (default: the current directory) as the pre-opened ".".
 * Paths are resolved lexically below it, ".." past it is notcapable, and
 * symbolic links must not lead outside it either.
 */
export class NodeFS {
  #root;
  #rootReal;

  constructor(root = process.cwd()) {
    this.#root = nodePath.resolve(root);
    this.#rootReal = fs.realpathSync.native(this.#root);
  }

  root() {
    return new NodeDir([], this.#root);
  }

  open(dir, path, { follow, create, exclusive, truncate, directory, read, write }) {
    const { parts, file } = this.#resolve(dir, path, follow);
    const st = host(() =>
      follow
        ? fs.statSync(file, { throwIfNoEntry: false })
        : fs.lstatSync(file, { throwIfNoEntry: false }),
    );
    // Directories are handled by path alone: no host descriptor is kept.
    if (st?.isDirectory()) {
      if (create && exclusive) {
        fail(ERRNO.exist);
      }
      if (write || truncate) {
        fail(ERRNO.isdir);
      }
      return new NodeDir(parts, file);
    }
    if (directory) {
      fail(st ? ERRNO.notdir : ERRNO.noent);
    }
    const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW } =
      fs.constants;
    const flags =
      (read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY) |
      (create ? O_CREAT : 0) |
      (exclusive ? O_EXCL : 0) |
      (truncate ? O_TRUNC : 0) |
      (follow ? 0 : O_NOFOLLOW);
    const fd = host(() => fs.openSync(file, flags, 0o666));
    return new NodeFile(fd, st ? filetypeOf(st) : FILETYPE.regularFile);
  }

  stat(dir, path, follow) {
    const { file } = this.#resolve(dir, path, follow);
    return toStat(
      host(() =>
        follow
          ? fs.statSync(file, { bigint: true })
          : fs.lstatSync(file, { bigint: true }),
      ),
    );
  }

  utimes(dir, path, follow, atim, mtim) {
    const { file } = this.#resolve(dir, path, follow);
    host(() => {
      const stat = follow ? fs.statSync : fs.lstatSync;
      const [a, m] = utimesArgs(atim, mtim, () => stat(file, { bigint: true }));
      (follow ? fs.utimesSync : fs.lutimesSync)(file, a, m);
    });
  }

  mkdir(dir, path) {
    const { file } = this.#resolve(dir, path, false);
    host(() => fs.mkdirSync(file));
  }

  rmdir(dir, path) {
    const { parts, file } = this.#resolve(dir, path, false);
    if (parts.length === 0) {
      fail(ERRNO.busy);
    }
    host(() => fs.rmdirSync(file));
  }

  unlink(dir, path) {
    const { file } = this.#resolve(dir, path, false);
    host(() => fs.unlinkSync(file));
  }

  rename(dir, path, newDir, newPath) {
    const from = this.#resolve(dir, path, false);
    const to = this.#resolve(newDir, newPath, false);
    if (from.parts.length === 0 || to.parts.length === 0) {
      fail(ERRNO.busy);
    }
    host(() => fs.renameSync(from.file, to.file));
  }

  link(dir, path, newDir, newPath) {
    const from = this.#resolve(dir, path, false);
    const to = this.#resolve(newDir, newPath, false);
    host(() => fs.linkSync(from.file, to.file));
  }

  symlink(target, dir, path) {
    const { file } = this.#resolve(dir, path, false);
    host(() => fs.symlinkSync(target, file));
  }

  readlink(dir, path) {
    const { file } = this.#resolve(dir, path, false);
    return host(() => fs.readlinkSync(file));
  }

  // The components of path below the root, and the host file name. With
  // follow, a symbolic link in the last component is checked as well.
  #resolve(dir, path, follow) {
    if (path === '') {
      fail(ERRNO.noent);
    }
    if (path.startsWith('/')) {
      fail(ERRNO.notcapable);
    }
    const parts = [...dir.parts];
    for (const part of path.split('/')) {
      if (part === '..') {
        if (parts.length === 0) {
          fail(ERRNO.notcapable);
        }
        parts.pop();
      } else if (part !== '' && part !== '.') {
        parts.push(part);
      }
    }
    const file = nodePath.join(this.#root, ...parts);
    if (parts.length > 1) {
      this.#confine(nodePath.dirname(file));
    }
    if (follow && parts.length > 0) {
      this.#confineLink(file, 0);
    }
    return { parts, file };
  }

  // Fails if the directory `dir` exists but really lies outside the root.
  // (If it is missing, the operation itself fails later.)
  #confine(dir) {
    const real = this.#realpath(dir);
    if (real !== undefined && !this.#inside(real)) {
      fail(ERRNO.notcapable);
    }
  }

  // If file is a symbolic link, where it leads must be inside the root too,
  // even if that does not exist yet (O_CREAT through a dangling link
  // creates it).
  #confineLink(file, depth) {
    const st = host(() => fs.lstatSync(file, { throwIfNoEntry: false }));
    if (!st?.isSymbolicLink()) {
      return;
    }
    const real = this.#realpath(file);
    if (real !== undefined) {
      if (!this.#inside(real)) {
        fail(ERRNO.notcapable);
      }
      return;
    }
    if (depth >= 40) {
      fail(ERRNO.loop);
    }
    const target = nodePath.resolve(
      nodePath.dirname(file),
      host(() => fs.readlinkSync(file)),
    );
    this.#confine(nodePath.dirname(target));
    this.#confineLink(target, depth + 1);
  }

  // The real path of file, or undefined if it does not exist.
  #realpath(file) {
    try {
      return fs.realpathSync.native(file);
    } catch (e) {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
        return undefined;
      }
      throw new WasiError(errnoOf(e) ?? ERRNO.io);
    }
  }

  #inside(real) {
    const root = this.#rootReal;
    return (
      real === root ||
      real.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep)
    );
  }
}

class NodeDir {
  filetype = FILETYPE.directory;

  constructor(parts, file) {
    this.parts = parts;
    this.file = file;
  }

  stat() {
    return toStat(host(() => fs.statSync(this.file, { bigint: true })));
  }

  utimes(atim, mtim) {
    host(() => {
      const [a, m] = utimesArgs(atim, mtim, () =>
        fs.statSync(this.file, { bigint: true }),
      );
      fs.utimesSync(this.file, a, m);
    });
  }

  // Inode numbers are left 0 (unknown) to spare an lstat per entry.
  readdir() {
    return host(() => fs.readdirSync(this.file, { withFileTypes: true })).map(
      (d) => ({ name: d.name, filetype: filetypeOf(d), ino: 0n }),
    );
  }

  sync() {}

  close() {}
}

class NodeFile {
  constructor(fd, filetype) {
    this.fd = fd;
    this.filetype = filetype;
  }

  stat() {
    return toStat(host(() => fs.fstatSync(this.fd, { bigint: true })));
  }

  pread(buf, pos) {
    return host(() => fs.readSync(this.fd, buf, 0, buf.length, pos));
  }

  pwrite(buf, pos) {
    return host(() => fs.writeSync(this.fd, buf, 0, buf.length, pos));
  }

  truncate(size) {
    host(() => fs.ftruncateSync(this.fd, size));
  }

  utimes(atim, mtim) {
    host(() => {
      const [a, m] = utimesArgs(atim, mtim, () =>
        fs.fstatSync(this.fd, { bigint: true }),
      );
      fs.futimesSync(this.fd, a, m);
    });
  }

  sync() {
    host(() => fs.fsyncSync(this.fd));
  }

  close() {
    host(() => fs.closeSync(this.fd));
  }
}

// Standard streams. A non-blocking descriptor (EAGAIN) is retried after a
// short sleep, since WASI calls here are synchronous.

export const stdin = {
  isTTY: isatty(0),
  read(buf) {
    for (;;) {
      try {
        return fs.readSync(0, buf, 0, buf.length, null);
      } catch (e) {
        if (e.code === 'EAGAIN') {
          sleepMs(10);
        } else if (e.code === 'EOF') {
          return 0; // Windows reports end of input as an error
        } else {
          throw new WasiError(errnoOf(e) ?? ERRNO.io);
        }
      }
    }
  },
};

function output(fd) {
  return {
    isTTY: isatty(fd),
    write(buf) {
      let off = 0;
      while (off < buf.length) {
        try {
          off += fs.writeSync(fd, buf, off, buf.length - off);
        } catch (e) {
          if (e.code !== 'EAGAIN') {
            throw new WasiError(errnoOf(e) ?? ERRNO.io);
          }
          sleepMs(1);
        }
      }
    },
  };
}

export const stdout = output(1);
export const stderr = output(2);
