// WASI preview1 with 64-bit pointers and sizes, as specified in rts/wasi64.md.
//
// Every pointer/size parameter arrives as a BigInt (wasm i64) and every
// structure holding one is widened to 8 bytes; otherwise this is preview1.
//
// File-system backend interface (implemented by NodeFS and MemoryFS).
// Errors are reported by throwing `new WasiError(errno)`. Paths are strings
// relative to a directory handle; timestamps are BigInt nanoseconds.
//
//   fs.root() → Handle                 the directory pre-opened as "." (fd 3)
//   fs.open(dir, path, { follow, create, exclusive, truncate, directory,
//                        read, write }) → Handle
//   fs.stat(dir, path, follow) → Stat
//   fs.utimes(dir, path, follow, atim | undefined, mtim | undefined)
//   fs.mkdir(dir, path), fs.rmdir(dir, path), fs.unlink(dir, path)
//   fs.rename(dir, path, newDir, newPath)
//   optional (missing → nosys): fs.link(dir, path, newDir, newPath),
//     fs.symlink(target, dir, path), fs.readlink(dir, path) → string
//
//   Handle: filetype (FILETYPE value), stat() → Stat, utimes(atim, mtim),
//     sync(), close(); regular files also pread(u8, pos) → bytes read,
//     pwrite(u8, pos) → bytes written, truncate(size); directories also
//     readdir() → [{ name, filetype, ino }] without "." and "..".
//   Stat: { dev, ino, filetype, nlink, size, atim, mtim, ctim }, all BigInt
//     except filetype.
//
// The file position and the append flag are kept here, per descriptor, so
// backends only need positional I/O.
//
// Streams (stdin, stdout, stderr): stdin.read(u8) → bytes read (0 = EOF);
// stdout.write(u8) writes all of u8 synchronously. An optional `isTTY`
// property makes libc's isatty() true, so it line-buffers that stream.

const ERRNO_NAMES = (
  'success 2big acces addrinuse addrnotavail afnosupport again already badf ' +
  'badmsg busy canceled child connaborted connrefused connreset deadlk ' +
  'destaddrreq dom dquot exist fault fbig hostunreach idrm ilseq inprogress ' +
  'intr inval io isconn isdir loop mfile mlink msgsize multihop nametoolong ' +
  'netdown netreset netunreach nfile nobufs nodev noent noexec nolck nolink ' +
  'nomem nomsg noprotoopt nospc nosys notconn notdir notempty ' +
  'notrecoverable notsock notsup notty nxio overflow ownerdead perm pipe ' +
  'proto protonosupport prototype range rofs spipe srch stale timedout ' +
  'txtbsy xdev notcapable'
).split(' ');

/** WASI preview1 errno values by name: ERRNO.noent === 44. */
export const ERRNO = Object.freeze(
  Object.fromEntries(ERRNO_NAMES.map((name, i) => [name, i])),
);

export const FILETYPE = Object.freeze({
  unknown: 0,
  blockDevice: 1,
  characterDevice: 2,
  directory: 3,
  regularFile: 4,
  socketDgram: 5,
  socketStream: 6,
  symbolicLink: 7,
});

export class WasiError extends Error {
  constructor(errno) {
    super(`WASI error ${ERRNO_NAMES[errno] ?? errno} (${errno})`);
    this.errno = errno;
  }
}

const fail = (errno) => {
  throw new WasiError(errno);
};

// Thrown by proc_exit to unwind the wasm stack; caught in start().
class ExitStatus {
  constructor(code) {
    this.code = code;
  }
}

const RIGHTS = {
  fdRead: 1n << 1n,
  fdSeek: 1n << 2n,
  fdFdstatSetFlags: 1n << 3n,
  fdTell: 1n << 5n,
  fdWrite: 1n << 6n,
  fdFilestatGet: 1n << 21n,
  pollFdReadwrite: 1n << 27n,
  all: (1n << 30n) - 1n,
};
const FDFLAGS_APPEND = 1;
const OFLAGS = { create: 1, directory: 2, exclusive: 4, truncate: 8 };
const LOOKUP_SYMLINK_FOLLOW = 1;
const FSTFLAGS = { atim: 1, atimNow: 2, mtim: 4, mtimNow: 8 };
const WHENCE = { set: 0, cur: 1, end: 2 };
const CLOCK = { realtime: 0, monotonic: 1, processCputime: 2, threadCputime: 3 };
const EVENTTYPE_CLOCK = 0;
const SUBCLOCK_ABSTIME = 1;
const PREOPEN_FD = 3;
const DIRENT_SIZE = 24;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const hrtime = globalThis.process?.hrtime?.bigint;
const monotonicNow = hrtime
  ? () => hrtime()
  : () => BigInt(Math.round(performance.now() * 1e6));

function realtimeNow() {
  const ms = performance.timeOrigin + performance.now();
  const whole = Math.floor(ms);
  return BigInt(whole) * 1000000n + BigInt(Math.round((ms - whole) * 1e6));
}

// The CPU-time clocks are the process's CPU time where the host tells it
// (Node.js), so that sleeping does not advance them; in a page, where
// nothing tells it, they are the monotonic clock.
const cpuUsage = globalThis.process?.cpuUsage;
const cpuNow = cpuUsage
  ? () => {
      const { user, system } = cpuUsage();
      return BigInt(user + system) * 1000n;
    }
  : monotonicNow;

function clockNow(id) {
  switch (id) {
    case CLOCK.realtime:
      return realtimeNow();
    case CLOCK.monotonic:
      return monotonicNow();
    case CLOCK.processCputime:
    case CLOCK.threadCputime:
      return cpuNow();
    default:
      return fail(ERRNO.inval);
  }
}

// Atomics.wait blocks without burning CPU, but browsers forbid it on the
// main thread (and may lack SharedArrayBuffer): there we spin instead.
let sleepCell;
function canBlock() {
  if (sleepCell === undefined) {
    try {
      sleepCell = new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(sleepCell, 0, 0, 0);
    } catch {
      sleepCell = null;
    }
  }
  return sleepCell !== null;
}

function sleepNs(ns) {
  const deadline = monotonicNow() + ns;
  for (let left = ns; left > 0n; left = deadline - monotonicNow()) {
    if (canBlock()) {
      Atomics.wait(sleepCell, 0, 0, Number(left) / 1e6);
    }
  }
}

const streamStat = () => ({
  dev: 0n,
  ino: 0n,
  filetype: FILETYPE.characterDevice,
  nlink: 1n,
  size: 0n,
  atim: 0n,
  mtim: 0n,
  ctim: 0n,
});

export class WASI64 {
  /** Set by start(); tests may assign a WebAssembly.Memory directly. */
  memory = null;
  #args;
  #env;
  #fs;
  #fds = new Map();
  #imports = null;

  constructor({ args = [], env = [], fs, stdin, stdout, stderr } = {}) {
    this.#args = args.map((a) => encoder.encode(`${a}\0`));
    this.#env = env.map((e) => encoder.encode(`${e}\0`));
    this.#fs = fs;
    const ignore = { write() {} };
    this.#addStream(0, stdin ?? { read: () => 0 }, RIGHTS.fdRead);
    this.#addStream(1, stdout ?? ignore, RIGHTS.fdWrite);
    this.#addStream(2, stderr ?? ignore, RIGHTS.fdWrite);
    if (fs) {
      this.#fds.set(PREOPEN_FD, {
        handle: fs.root(),
        filetype: FILETYPE.directory,
        rightsBase: RIGHTS.all,
        rightsInheriting: RIGHTS.all,
        flags: 0,
        pos: 0,
        preopen: '.',
      });
    }
  }

  /** The import object for WebAssembly.instantiate. */
  get imports() {
    this.#imports ??= { wasi_snapshot_preview1: this.#syscalls() };
    return this.#imports;
  }

  /** Runs `_start`; returns the exit code. Traps are re-thrown. */
  start(instance) {
    this.memory = instance.exports.memory;
    try {
      instance.exports._start();
      return 0;
    } catch (e) {
      if (e instanceof ExitStatus) {
        return e.code;
      }
      throw e;
    }
  }

  #addStream(fd, stream, rights) {
    // libc's isatty() is "character device without seek/tell rights".
    const seekable = stream.isTTY ? 0n : RIGHTS.fdSeek | RIGHTS.fdTell;
    this.#fds.set(fd, {
      stream,
      filetype: FILETYPE.characterDevice,
      rightsBase:
        rights |
        seekable |
        RIGHTS.fdFdstatSetFlags |
        RIGHTS.fdFilestatGet |
        RIGHTS.pollFdReadwrite,
      rightsInheriting: 0n,
      flags: 0,
      pos: 0,
    });
  }

  // Memory access. Views are made afresh on each call because memory.grow
  // detaches the old buffer.

  #range(ptr, len) {
    const p = Number(ptr);
    const n = Number(len);
    if (!(p >= 0 && n >= 0 && p + n <= this.memory.buffer.byteLength)) {
      fail(ERRNO.fault);
    }
    return [p, n];
  }

  #bytes(ptr, len) {
    const [p, n] = this.#range(ptr, len);
    return new Uint8Array(this.memory.buffer, p, n);
  }

  #view(ptr, len) {
    const [p, n] = this.#range(ptr, len);
    return new DataView(this.memory.buffer, p, n);
  }

  #setU64(ptr, value) {
    this.#view(ptr, 8).setBigUint64(0, BigInt(value), true);
  }

  #setU32(ptr, value) {
    this.#view(ptr, 4).setUint32(0, value, true);
  }

  #path(ptr, len) {
    const path = decoder.decode(this.#bytes(ptr, len));
    if (path.includes('\0')) {
      fail(ERRNO.inval);
    }
    return path;
  }

  // The buffers of an iovec array (16-byte entries: u64 buf, u64 len).
  #iovecs(ptr, count) {
    const n = Number(count);
    const table = this.#view(ptr, n * 16);
    const bufs = [];
    for (let i = 0; i < n; i++) {
      bufs.push(
        this.#bytes(
          table.getBigUint64(i * 16, true),
          table.getBigUint64(i * 16 + 8, true),
        ),
      );
    }
    return bufs;
  }

  #fd(fd) {
    return this.#fds.get(fd) ?? fail(ERRNO.badf);
  }

  #dir(fd) {
    const entry = this.#fd(fd);
    if (entry.filetype !== FILETYPE.directory) {
      fail(ERRNO.notdir);
    }
    return entry.handle;
  }

  // A regular-file descriptor that holds `right`.
  #file(fd, right) {
    const entry = this.#fd(fd);
    if (entry.stream) {
      fail(ERRNO.spipe);
    }
    if (entry.filetype === FILETYPE.directory) {
      fail(right === RIGHTS.fdRead ? ERRNO.isdir : ERRNO.badf);
    }
    if (right !== undefined && !(entry.rightsBase & right)) {
      fail(ERRNO.badf);
    }
    return entry;
  }

  #stat(entry) {
    return entry.stream ? streamStat() : entry.handle.stat();
  }

  #allocateFd() {
    let fd = 0;
    while (this.#fds.has(fd)) {
      fd++;
    }
    return fd;
  }

  #writeStat(ptr, st) {
    const v = this.#view(ptr, 64);
    v.setBigUint64(0, st.dev, true);
    v.setBigUint64(8, st.ino, true);
    v.setBigUint64(16, 0n, true);
    v.setUint8(16, st.filetype);
    v.setBigUint64(24, st.nlink, true);
    v.setBigUint64(32, st.size, true);
    v.setBigUint64(40, st.atim, true);
    v.setBigUint64(48, st.mtim, true);
    v.setBigUint64(56, st.ctim, true);
  }

  // [atim, mtim] for utimes: undefined means "leave unchanged".
  #times(atim, mtim, flags) {
    const pick = (value, set, now) => {
      if (flags & set && flags & now) {
        fail(ERRNO.inval);
      }
      if (flags & now) {
        return realtimeNow();
      }
      return flags & set ? BigInt.asUintN(64, value) : undefined;
    };
    return [
      pick(atim, FSTFLAGS.atim, FSTFLAGS.atimNow),
      pick(mtim, FSTFLAGS.mtim, FSTFLAGS.mtimNow),
    ];
  }

  #read(entry, bufs, pos) {
    if (entry.stream) {
      // One read for all buffers, so a stream never blocks twice.
      const total = bufs.reduce((n, b) => n + b.length, 0);
      if (total === 0) {
        return 0;
      }
      const tmp = new Uint8Array(total);
      const got = entry.stream.read(tmp);
      let off = 0;
      for (const b of bufs) {
        if (off >= got) {
          break;
        }
        b.set(tmp.subarray(off, Math.min(got, off + b.length)));
        off += b.length;
      }
      return got;
    }
    let total = 0;
    for (const b of bufs) {
      const n = entry.handle.pread(b, pos + total);
      total += n;
      if (n < b.length) {
        break;
      }
    }
    return total;
  }

  #write(entry, bufs, pos) {
    if (entry.stream) {
      const data = bufs.length === 1 ? bufs[0] : concat(bufs);
      entry.stream.write(data);
      return data.length;
    }
    let total = 0;
    for (const b of bufs) {
      const n = entry.handle.pwrite(b, pos + total);
      total += n;
      if (n < b.length) {
        break;
      }
    }
    return total;
  }

  #syscalls() {
    const sizes = (strings, countPtr, sizePtr) => {
      this.#setU64(countPtr, strings.length);
      this.#setU64(
        sizePtr,
        strings.reduce((n, s) => n + s.length, 0),
      );
      return ERRNO.success;
    };
    const strings = (strings, arrayPtr, bufPtr) => {
      const array = this.#view(arrayPtr, strings.length * 8);
      const total = strings.reduce((n, s) => n + s.length, 0);
      const buf = this.#bytes(bufPtr, total);
      let off = 0;
      strings.forEach((s, i) => {
        array.setBigUint64(i * 8, BigInt(buf.byteOffset + off), true);
        buf.set(s, off);
        off += s.length;
      });
      return ERRNO.success;
    };
    const nosys = () => ERRNO.nosys;

    const calls = {
      args_get: (argv, buf) => strings(this.#args, argv, buf),
      args_sizes_get: (count, size) => sizes(this.#args, count, size),
      environ_get: (environ, buf) => strings(this.#env, environ, buf),
      environ_sizes_get: (count, size) => sizes(this.#env, count, size),

      clock_res_get: (id, retptr) => {
        clockNow(id);
        const res = id === CLOCK.realtime || !hrtime ? 1000n : 1n;
        this.#setU64(retptr, res);
        return ERRNO.success;
      },
      clock_time_get: (id, _precision, retptr) => {
        this.#setU64(retptr, clockNow(id));
        return ERRNO.success;
      },

      fd_advise: (fd) => {
        this.#fd(fd);
        return ERRNO.success;
      },
      fd_allocate: (fd, offset, len) => {
        const { handle } = this.#file(fd, RIGHTS.fdWrite);
        const end = BigInt.asUintN(64, offset) + BigInt.asUintN(64, len);
        if (handle.stat().size < end) {
          handle.truncate(Number(end));
        }
        return ERRNO.success;
      },
      fd_close: (fd) => {
        const entry = this.#fd(fd);
        this.#fds.delete(fd);
        entry.handle?.close();
        return ERRNO.success;
      },
      fd_datasync: (fd) => calls.fd_sync(fd),
      fd_sync: (fd) => {
        this.#fd(fd).handle?.sync();
        return ERRNO.success;
      },
      fd_fdstat_get: (fd, retptr) => {
        const entry = this.#fd(fd);
        const v = this.#view(retptr, 24);
        v.setBigUint64(0, 0n, true);
        v.setUint8(0, entry.filetype);
        v.setUint16(2, entry.flags, true);
        v.setBigUint64(8, entry.rightsBase, true);
        v.setBigUint64(16, entry.rightsInheriting, true);
        return ERRNO.success;
      },
      // Only append has an effect; nonblock and the sync flags are recorded.
      fd_fdstat_set_flags: (fd, flags) => {
        this.#fd(fd).flags = flags;
        return ERRNO.success;
      },
      fd_fdstat_set_rights: (fd) => {
        this.#fd(fd);
        return ERRNO.notsup;
      },
      fd_filestat_get: (fd, retptr) => {
        this.#writeStat(retptr, this.#stat(this.#fd(fd)));
        return ERRNO.success;
      },
      fd_filestat_set_size: (fd, size) => {
        this.#file(fd, RIGHTS.fdWrite).handle.truncate(
          Number(BigInt.asUintN(64, size)),
        );
        return ERRNO.success;
      },
      fd_filestat_set_times: (fd, atim, mtim, flags) => {
        const entry = this.#fd(fd);
        const [a, m] = this.#times(atim, mtim, flags);
        if (!entry.stream) {
          entry.handle.utimes(a, m);
        }
        return ERRNO.success;
      },
      fd_pread: (fd, iovs, iovsLen, offset, retptr) => {
        const entry = this.#file(fd, RIGHTS.fdRead);
        const bufs = this.#iovecs(iovs, iovsLen);
        this.#range(retptr, 8);
        const n = this.#read(entry, bufs, Number(BigInt.asUintN(64, offset)));
        this.#setU64(retptr, n);
        return ERRNO.success;
      },
      fd_pwrite: (fd, iovs, iovsLen, offset, retptr) => {
        const entry = this.#file(fd, RIGHTS.fdWrite);
        const bufs = this.#iovecs(iovs, iovsLen);
        this.#range(retptr, 8);
        const n = this.#write(entry, bufs, Number(BigInt.asUintN(64, offset)));
        this.#setU64(retptr, n);
        return ERRNO.success;
      },
      fd_read: (fd, iovs, iovsLen, retptr) => {
        const entry = this.#fd(fd);
        if (!entry.stream) {
          this.#file(fd, RIGHTS.fdRead);
        } else if (!(entry.rightsBase & RIGHTS.fdRead)) {
          fail(ERRNO.badf);
        }
        const bufs = this.#iovecs(iovs, iovsLen);
        this.#range(retptr, 8);
        const n = this.#read(entry, bufs, entry.pos);
        entry.pos += entry.stream ? 0 : n;
        this.#setU64(retptr, n);
        return ERRNO.success;
      },
      fd_write: (fd, iovs, iovsLen, retptr) => {
        const entry = this.#fd(fd);
        if (!entry.stream) {
          this.#file(fd, RIGHTS.fdWrite);
        } else if (!(entry.rightsBase & RIGHTS.fdWrite)) {
          fail(ERRNO.badf);
        }
        const bufs = this.#iovecs(iovs, iovsLen);
        this.#range(retptr, 8);
        if (!entry.stream && entry.flags & FDFLAGS_APPEND) {
          entry.pos = Number(entry.handle.stat().size);
        }
        const n = this.#write(entry, bufs, entry.pos);
        entry.pos += entry.stream ? 0 : n;
        this.#setU64(retptr, n);
        return ERRNO.success;
      },
      fd_prestat_get: (fd, retptr) => {
        const { preopen } = this.#fd(fd);
        if (preopen === undefined) {
          fail(ERRNO.badf);
        }
        const v = this.#view(retptr, 16);
        v.setBigUint64(0, 0n, true); // tag 0 = directory, padding zeroed
        v.setBigUint64(8, BigInt(encoder.encode(preopen).length), true);
        return ERRNO.success;
      },
      fd_prestat_dir_name: (fd, path, pathLen) => {
        const { preopen } = this.#fd(fd);
        if (preopen === undefined) {
          fail(ERRNO.badf);
        }
        const name = encoder.encode(preopen);
        const buf = this.#bytes(path, pathLen);
        if (buf.length < name.length) {
          fail(ERRNO.nametoolong);
        }
        buf.set(name);
        return ERRNO.success;
      },
      fd_readdir: (fd, bufPtr, bufLen, cookie, retptr) => {
        const entry = this.#fd(fd);
        const dir = this.#dir(fd);
        const buf = this.#bytes(bufPtr, bufLen);
        this.#range(retptr, 8);
        const start = Number(BigInt.asUintN(64, cookie));
        // Listed afresh at cookie 0 (opendir/rewinddir), so that later
        // cookies index the same listing.
        if (start === 0 || !entry.dirents) {
          entry.dirents = [
            { name: '.', filetype: FILETYPE.directory, ino: dir.stat().ino },
            { name: '..', filetype: FILETYPE.directory, ino: 0n },
            ...dir.readdir(),
          ];
        }
        let used = 0;
        for (let i = start; i < entry.dirents.length && used < buf.length; i++) {
          const { name, filetype, ino } = entry.dirents[i];
          const bytes = encoder.encode(name);
          const record = new Uint8Array(DIRENT_SIZE + bytes.length);
          const v = new DataView(record.buffer);
          v.setBigUint64(0, BigInt(i + 1), true);
          v.setBigUint64(8, ino, true);
          v.setUint32(16, bytes.length, true);
          v.setUint8(20, filetype);
          record.set(bytes, DIRENT_SIZE);
          // The last record may be cut short: a full buffer tells libc to
          // call again (with a bigger buffer if one record does not fit).
          const n = Math.min(record.length, buf.length - used);
          buf.set(record.subarray(0, n), used);
          used += n;
        }
        this.#setU64(retptr, used);
        return ERRNO.success;
      },
      fd_renumber: (fd, to) => {
        const from = this.#fd(fd);
        const old = this.#fd(to);
        if (from.preopen !== undefined || old.preopen !== undefined) {
          return ERRNO.notsup;
        }
        if (fd !== to) {
          old.handle?.close();
          this.#fds.set(to, from);
          this.#fds.delete(fd);
        }
        return ERRNO.success;
      },
      fd_seek: (fd, offset, whence, retptr) => {
        const entry = this.#fd(fd);
        if (entry.stream) {
          fail(ERRNO.spipe);
        }
        this.#range(retptr, 8);
        const base =
          whence === WHENCE.set
            ? 0
            : whence === WHENCE.cur
              ? entry.pos
              : whence === WHENCE.end
                ? Number(entry.handle.stat().size)
                : fail(ERRNO.inval);
        const pos = base + Number(offset);
        if (pos < 0) {
          fail(ERRNO.inval);
        }
        entry.pos = pos;
        this.#setU64(retptr, pos);
        return ERRNO.success;
      },
      fd_tell: (fd, retptr) => {
        const entry = this.#fd(fd);
        if (entry.stream) {
          fail(ERRNO.spipe);
        }
        this.#setU64(retptr, entry.pos);
        return ERRNO.success;
      },

      path_create_directory: (fd, path, pathLen) => {
        this.#fs.mkdir(this.#dir(fd), this.#path(path, pathLen));
        return ERRNO.success;
      },
      path_filestat_get: (fd, flags, path, pathLen, retptr) => {
        const dir = this.#dir(fd);
        const p = this.#path(path, pathLen);
        this.#range(retptr, 64);
        const st = this.#fs.stat(dir, p, !!(flags & LOOKUP_SYMLINK_FOLLOW));
        this.#writeStat(retptr, st);
        return ERRNO.success;
      },
      path_filestat_set_times: (fd, flags, path, pathLen, atim, mtim, fst) => {
        const dir = this.#dir(fd);
        const p = this.#path(path, pathLen);
        const [a, m] = this.#times(atim, mtim, fst);
        this.#fs.utimes(dir, p, !!(flags & LOOKUP_SYMLINK_FOLLOW), a, m);
        return ERRNO.success;
      },
      path_link: (oldFd, _oldFlags, oldPath, oldLen, newFd, newPath, newLen) => {
        if (!this.#fs?.link) {
          return ERRNO.nosys;
        }
        this.#fs.link(
          this.#dir(oldFd),
          this.#path(oldPath, oldLen),
          this.#dir(newFd),
          this.#path(newPath, newLen),
        );
        return ERRNO.success;
      },
      path_open: (
        fd,
        dirflags,
        path,
        pathLen,
        oflags,
        rightsBase,
        rightsInheriting,
        fdflags,
        retptr,
      ) => {
        const dir = this.#dir(fd);
        const p = this.#path(path, pathLen);
        this.#range(retptr, 4);
        const base = BigInt.asUintN(64, rightsBase) & RIGHTS.all;
        const handle = this.#fs.open(dir, p, {
          follow: !!(dirflags & LOOKUP_SYMLINK_FOLLOW),
          create: !!(oflags & OFLAGS.create),
          directory: !!(oflags & OFLAGS.directory),
          exclusive: !!(oflags & OFLAGS.exclusive),
          truncate: !!(oflags & OFLAGS.truncate),
          read: !!(base & RIGHTS.fdRead),
          write: !!(base & RIGHTS.fdWrite),
        });
        const newFd = this.#allocateFd();
        this.#fds.set(newFd, {
          handle,
          filetype: handle.filetype,
          rightsBase: base,
          rightsInheriting: BigInt.asUintN(64, rightsInheriting) & RIGHTS.all,
          flags: fdflags,
          pos: 0,
        });
        this.#setU32(retptr, newFd);
        return ERRNO.success;
      },
      path_readlink: (fd, path, pathLen, buf, bufLen, retptr) => {
        if (!this.#fs?.readlink) {
          return ERRNO.nosys;
        }
        const dir = this.#dir(fd);
        const p = this.#path(path, pathLen);
        const out = this.#bytes(buf, bufLen);
        this.#range(retptr, 8);
        const target = encoder.encode(this.#fs.readlink(dir, p));
        const n = Math.min(target.length, out.length);
        out.set(target.subarray(0, n));
        this.#setU64(retptr, n);
        return ERRNO.success;
      },
      path_remove_directory: (fd, path, pathLen) => {
        this.#fs.rmdir(this.#dir(fd), this.#path(path, pathLen));
        return ERRNO.success;
      },
      path_rename: (fd, oldPath, oldLen, newFd, newPath, newLen) => {
        this.#fs.rename(
          this.#dir(fd),
          this.#path(oldPath, oldLen),
          this.#dir(newFd),
          this.#path(newPath, newLen),
        );
        return ERRNO.success;
      },
      path_symlink: (oldPath, oldLen, fd, newPath, newLen) => {
        if (!this.#fs?.symlink) {
          return ERRNO.nosys;
        }
        this.#fs.symlink(
          this.#path(oldPath, oldLen),
          this.#dir(fd),
          this.#path(newPath, newLen),
        );
        return ERRNO.success;
      },
      path_unlink_file: (fd, path, pathLen) => {
        this.#fs.unlink(this.#dir(fd), this.#path(path, pathLen));
        return ERRNO.success;
      },

      poll_oneoff: (inPtr, outPtr, nsubscriptions, retptr) => {
        const n = Number(nsubscriptions);
        if (n === 0) {
          fail(ERRNO.inval);
        }
        const subs = this.#view(inPtr, n * 48);
        const out = this.#view(outPtr, n * 32);
        this.#range(retptr, 8);
        const clocks = []; // { userdata, left: ns until the deadline }
        const events = []; // { userdata, error, type }
        for (let i = 0; i < n; i++) {
          const s = i * 48;
          const userdata = subs.getBigUint64(s, true);
          const type = subs.getUint8(s + 8);
          if (type === EVENTTYPE_CLOCK) {
            const id = subs.getUint32(s + 16, true);
            const timeout = subs.getBigUint64(s + 24, true);
            const abstime = subs.getUint16(s + 40, true) & SUBCLOCK_ABSTIME;
            try {
              const left = abstime ? timeout - clockNow(id) : timeout;
              clocks.push({ userdata, left });
            } catch (e) {
              if (!(e instanceof WasiError)) {
                throw e;
              }
              events.push({ userdata, error: e.errno, type });
            }
          } else if (type === 1 || type === 2) {
            // Reads and writes never block for long here: ready at once.
            const fd = subs.getUint32(s + 16, true);
            const error = this.#fds.has(fd) ? ERRNO.success : ERRNO.badf;
            events.push({ userdata, error, type });
          } else {
            fail(ERRNO.inval);
          }
        }
        let slept = 0n;
        if (events.length === 0) {
          slept = clocks.reduce((m, c) => (c.left < m ? c.left : m), clocks[0].left);
          if (slept > 0n) {
            sleepNs(slept);
          }
        }
        for (const c of clocks) {
          if (c.left <= slept) {
            events.push({ userdata: c.userdata, error: 0, type: EVENTTYPE_CLOCK });
          }
        }
        events.forEach((e, i) => {
          const o = i * 32;
          for (let k = 0; k < 32; k += 8) {
            out.setBigUint64(o + k, 0n, true);
          }
          out.setBigUint64(o, e.userdata, true);
          out.setUint16(o + 8, e.error, true);
          out.setUint8(o + 10, e.type);
        });
        this.#setU64(retptr, events.length);
        return ERRNO.success;
      },
      proc_exit: (code) => {
        throw new ExitStatus(code);
      },
      random_get: (buf, bufLen) => {
        const bytes = this.#bytes(buf, bufLen);
        for (let i = 0; i < bytes.length; i += 65536) {
          crypto.getRandomValues(bytes.subarray(i, i + 65536));
        }
        return ERRNO.success;
      },
      sched_yield: () => ERRNO.success,
      sock_accept: nosys,
      sock_recv: nosys,
      sock_send: nosys,
      sock_shutdown: nosys,
    };

    const wrapped = {};
    for (const [name, fn] of Object.entries(calls)) {
      wrapped[name] = (...args) => {
        try {
          return fn(...args);
        } catch (e) {
          if (e instanceof WasiError) {
            return e.errno;
          }
          throw e;
        }
      };
    }
    return wrapped;
  }
}

function concat(bufs) {
  const out = new Uint8Array(bufs.reduce((n, b) => n + b.length, 0));
  let off = 0;
  for (const b of bufs) {
    out.set(b, off);
    off += b.length;
  }
  return out;
}
