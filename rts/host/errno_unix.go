//go:build linux || darwin || freebsd || netbsd || openbsd

package host

import (
	"errors"
	"syscall"
)

// sysErrno maps the system error inside err, if any, to its preview1 errno.
// Aliases such as EWOULDBLOCK and EOPNOTSUPP are left out: on some systems
// they equal EAGAIN and ENOTSUP, and a duplicate case does not compile.
func sysErrno(err error) (errno, bool) {
	var se syscall.Errno
	if !errors.As(err, &se) {
		return 0, false
	}
	switch se {
	case syscall.E2BIG:
		return errno2big, true
	case syscall.EACCES:
		return errnoAcces, true
	case syscall.EADDRINUSE:
		return errnoAddrinuse, true
	case syscall.EADDRNOTAVAIL:
		return errnoAddrnotavail, true
	case syscall.EAFNOSUPPORT:
		return errnoAfnosupport, true
	case syscall.EAGAIN:
		return errnoAgain, true
	case syscall.EALREADY:
		return errnoAlready, true
	case syscall.EBADF:
		return errnoBadf, true
	case syscall.EBADMSG:
		return errnoBadmsg, true
	case syscall.EBUSY:
		return errnoBusy, true
	case syscall.ECANCELED:
		return errnoCanceled, true
	case syscall.ECHILD:
		return errnoChild, true
	case syscall.ECONNABORTED:
		return errnoConnaborted, true
	case syscall.ECONNREFUSED:
		return errnoConnrefused, true
	case syscall.ECONNRESET:
		return errnoConnreset, true
	case syscall.EDEADLK:
		return errnoDeadlk, true
	case syscall.EDESTADDRREQ:
		return errnoDestaddrreq, true
	case syscall.EDOM:
		return errnoDom, true
	case syscall.EDQUOT:
		return errnoDquot, true
	case syscall.EEXIST:
		return errnoExist, true
	case syscall.EFAULT:
		return errnoFault, true
	case syscall.EFBIG:
		return errnoFbig, true
	case syscall.EHOSTUNREACH:
		return errnoHostunreach, true
	case syscall.EIDRM:
		return errnoIdrm, true
	case syscall.EILSEQ:
		return errnoIlseq, true
	case syscall.EINPROGRESS:
		return errnoInprogress, true
	case syscall.EINTR:
		return errnoIntr, true
	case syscall.EINVAL:
		return errnoInval, true
	case syscall.EIO:
		return errnoIo, true
	case syscall.EISCONN:
		return errnoIsconn, true
	case syscall.EISDIR:
		return errnoIsdir, true
	case syscall.ELOOP:
		return errnoLoop, true
	case syscall.EMFILE:
		return errnoMfile, true
	case syscall.EMLINK:
		return errnoMlink, true
	case syscall.EMSGSIZE:
		return errnoMsgsize, true
	case syscall.ENAMETOOLONG:
		return errnoNametoolong, true
	case syscall.ENETDOWN:
		return errnoNetdown, true
	case syscall.ENETRESET:
		return errnoNetreset, true
	case syscall.ENETUNREACH:
		return errnoNetunreach, true
	case syscall.ENFILE:
		return errnoNfile, true
	case syscall.ENOBUFS:
		return errnoNobufs, true
	case syscall.ENODEV:
		return errnoNodev, true
	case syscall.ENOENT:
		return errnoNoent, true
	case syscall.ENOEXEC:
		return errnoNoexec, true
	case syscall.ENOLCK:
		return errnoNolck, true
	case syscall.ENOMEM:
		return errnoNomem, true
	case syscall.ENOMSG:
		return errnoNomsg, true
	case syscall.ENOPROTOOPT:
		return errnoNoprotoopt, true
	case syscall.ENOSPC:
		return errnoNospc, true
	case syscall.ENOSYS:
		return errnoNosys, true
	case syscall.ENOTCONN:
		return errnoNotconn, true
	case syscall.ENOTDIR:
		return errnoNotdir, true
	case syscall.ENOTEMPTY:
		return errnoNotempty, true
	case syscall.ENOTSOCK:
		return errnoNotsock, true
	case syscall.ENOTSUP:
		return errnoNotsup, true
	case syscall.ENOTTY:
		return errnoNotty, true
	case syscall.ENXIO:
		return errnoNxio, true
	case syscall.EOVERFLOW:
		return errnoOverflow, true
	case syscall.EPERM:
		return errnoPerm, true
	case syscall.EPIPE:
		return errnoPipe, true
	case syscall.EPROTO:
		return errnoProto, true
	case syscall.EPROTONOSUPPORT:
		return errnoProtonosupport, true
	case syscall.EPROTOTYPE:
		return errnoPrototype, true
	case syscall.ERANGE:
		return errnoRange, true
	case syscall.EROFS:
		return errnoRofs, true
	case syscall.ESPIPE:
		return errnoSpipe, true
	case syscall.ESRCH:
		return errnoSrch, true
	case syscall.ESTALE:
		return errnoStale, true
	case syscall.ETIMEDOUT:
		return errnoTimedout, true
	case syscall.ETXTBSY:
		return errnoTxtbsy, true
	case syscall.EXDEV:
		return errnoXdev, true
	}
	return errnoIo, true
}
