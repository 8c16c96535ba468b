//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package host

// sysErrno reports no system errors where their numbering is not known;
// toErrno then falls back on the io/fs sentinels.
func sysErrno(error) (errno, bool) { return 0, false }
