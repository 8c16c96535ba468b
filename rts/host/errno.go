package host

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// errno is a WASI preview1 error number, returned by every import but
// proc_exit.
type errno uint16

// The preview1 errno values, in witx order.
const (
	errnoSuccess errno = iota
	errno2big
	errnoAcces
	errnoAddrinuse
	errnoAddrnotavail
	errnoAfnosupport
	errnoAgain
	errnoAlready
	errnoBadf
	errnoBadmsg
	errnoBusy
	errnoCanceled
	errnoChild
	errnoConnaborted
	errnoConnrefused
	errnoConnreset
	errnoDeadlk
	errnoDestaddrreq
	errnoDom
	errnoDquot
	errnoExist
	errnoFault
	errnoFbig
	errnoHostunreach
	errnoIdrm
	errnoIlseq
	errnoInprogress
	errnoIntr
	errnoInval
	errnoIo
	errnoIsconn
	errnoIsdir
	errnoLoop
	errnoMfile
	errnoMlink
	errnoMsgsize
	errnoMultihop
	errnoNametoolong
	errnoNetdown
	errnoNetreset
	errnoNetunreach
	errnoNfile
	errnoNobufs
	errnoNodev
	errnoNoent
	errnoNoexec
	errnoNolck
	errnoNolink
	errnoNomem
	errnoNomsg
	errnoNoprotoopt
	errnoNospc
	errnoNosys
	errnoNotconn
	errnoNotdir
	errnoNotempty
	errnoNotrecoverable
	errnoNotsock
	errnoNotsup
	errnoNotty
	errnoNxio
	errnoOverflow
	errnoOwnerdead
	errnoPerm
	errnoPipe
	errnoProto
	errnoProtonosupport
	errnoPrototype
	errnoRange
	errnoRofs
	errnoSpipe
	errnoSrch
	errnoStale
	errnoTimedout
	errnoTxtbsy
	errnoXdev
	errnoNotcapable
)

// toErrno maps an error from the os package to the errno the guest sees.
// System errors keep their meaning; the rest fall back on the portable
// io/fs sentinels, and anything unknown is an I/O error.
func toErrno(err error) errno {
	if err == nil {
		return errnoSuccess
	}
	if e, ok := sysErrno(err); ok {
		return e
	}
	switch {
	case isEscape(err):
		return errnoNotcapable
	case errors.Is(err, fs.ErrNotExist):
		return errnoNoent
	case errors.Is(err, fs.ErrExist):
		return errnoExist
	case errors.Is(err, fs.ErrPermission):
		return errnoPerm
	case errors.Is(err, fs.ErrInvalid):
		return errnoInval
	case errors.Is(err, fs.ErrClosed):
		return errnoBadf
	case errors.Is(err, os.ErrDeadlineExceeded):
		return errnoTimedout
	case errors.Is(err, io.ErrShortWrite):
		return errnoIo
	}
	return errnoIo
}
