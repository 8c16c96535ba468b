//go:build !linux

package host

import "time"

// threadCPUTime has no thread CPU clock to read here: the CPU-time clocks
// fall back on the monotonic one.
func threadCPUTime() (time.Duration, bool) { return 0, false }
