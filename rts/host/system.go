package host

import "time"

// system is the state behind the imports of one run. Each Run has its own,
// so concurrent runs share nothing.
type system struct {
	args  []string
	env   []string
	fds   *fdTable
	start time.Time // origin of the monotonic clock

	scratch []byte // reused by readOnce to gather a vectored read
}
