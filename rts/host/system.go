package host

import "time"

// system is the state behind the imports of one run. Each Run has its own,
// so concurrent runs share nothing.
type system struct {
	args  []string
	env   []string
	fds   *fdTable
	start time.Time // origin of the monotonic clock
	// cpuStart is the thread CPU time when the module started, the origin
	// of the CPU-time clocks; cpu says there is a thread CPU clock.
	cpuStart time.Duration
	cpu      bool

	scratch []byte // reused by readOnce to gather a vectored read
}
