package host

import (
	"context"
	"encoding/binary"
	"math"
	"time"

	"github.com/tetratelabs/wazero/api"
)

// now reads clock id in ns. The monotonic clock's origin is the start of
// the run. The CPU-time clocks (the program has one thread) count the CPU
// time of the thread that runs it since it started (startCPUClock), so a
// sleep or a blocking read does not advance them; without a thread CPU
// clock they fall back on the monotonic one.
func (s *system) now(id uint32) (uint64, errno) {
	switch id {
	case clockRealtime:
		return uint64(time.Now().UnixNano()), errnoSuccess
	case clockMonotonic:
		return uint64(time.Since(s.start)), errnoSuccess
	case clockProcessCputime, clockThreadCputime:
		if s.cpu {
			if t, ok := threadCPUTime(); ok {
				return uint64(max(t-s.cpuStart, 0)), errnoSuccess
			}
		}
		return uint64(time.Since(s.start)), errnoSuccess
	}
	return 0, errnoInval
}

// startCPUClock sets the CPU-time clocks' origin. The caller's goroutine
// must be locked to its OS thread (runtime.LockOSThread) until the module
// stops.
func (s *system) startCPUClock() {
	s.cpuStart, s.cpu = threadCPUTime()
}

// clockResGet: clock_res_get(id i, retptr p).
func (s *system) clockResGet(_ context.Context, m api.Module, st []uint64) errno {
	if _, en := s.now(uint32(st[0])); en != errnoSuccess {
		return en
	}
	// Go's clocks count in ns; that is the best resolution we can claim.
	if !putU64(m.Memory(), st[1], 1) {
		return errnoFault
	}
	return errnoSuccess
}

// clockTimeGet: clock_time_get(id i, precision I, retptr p).
func (s *system) clockTimeGet(_ context.Context, m api.Module, st []uint64) errno {
	t, en := s.now(uint32(st[0]))
	if en != errnoSuccess {
		return en
	}
	if !putU64(m.Memory(), st[2], t) {
		return errnoFault
	}
	return errnoSuccess
}

// pollOneoff: poll_oneoff(in p, out p, nsubscriptions p, retptr p).
// Descriptors are always ready, so a subscription to one answers at once;
// otherwise the call sleeps until the earliest clock subscription is due.
func (s *system) pollOneoff(ctx context.Context, m api.Module, st []uint64) errno {
	mem := m.Memory()
	n := st[2]
	if n == 0 {
		return errnoInval
	}
	subs, ok1 := spanN(mem, st[0], n, subscriptionSize)
	events, ok2 := spanN(mem, st[1], n, eventSize)
	nevents, ok3 := span(mem, st[3], 8)
	if !ok1 || !ok2 || !ok3 {
		return errnoFault
	}
	le := binary.LittleEndian

	type timer struct {
		userdata uint64
		wait     time.Duration
	}
	var timers []timer
	count := 0
	event := func(userdata uint64, en errno, typ uint8) {
		ev := events[count*eventSize : (count+1)*eventSize]
		clear(ev)
		le.PutUint64(ev[0:], userdata)
		le.PutUint16(ev[8:], uint16(en))
		ev[10] = typ
		count++
	}
	for i := range int(n) {
		sub := subs[i*subscriptionSize : (i+1)*subscriptionSize]
		userdata, tag := le.Uint64(sub[0:]), sub[8]
		switch tag {
		case eventClock:
			wait, en := s.clockWait(le.Uint32(sub[16:]), le.Uint64(sub[24:]), le.Uint16(sub[40:]))
			if en != errnoSuccess {
				event(userdata, en, tag)
				continue
			}
			timers = append(timers, timer{userdata, wait})
		case eventFdRead, eventFdWrite:
			_, en := s.fds.get(le.Uint32(sub[16:]))
			event(userdata, en, tag)
		default:
			return errnoInval
		}
	}
	if count == 0 {
		wait := time.Duration(math.MaxInt64)
		for _, t := range timers {
			wait = min(wait, t.wait)
		}
		if en := sleep(ctx, wait); en != errnoSuccess {
			return en
		}
		for _, t := range timers {
			if t.wait <= wait {
				event(t.userdata, errnoSuccess, eventClock)
			}
		}
	}
	le.PutUint64(nevents, uint64(count))
	return errnoSuccess
}

// clockWait is how long a clock subscription waits from now.
func (s *system) clockWait(id uint32, timeout uint64, flags uint16) (time.Duration, errno) {
	now, en := s.now(id)
	if en != errnoSuccess {
		return 0, en
	}
	if flags&subclockAbstime != 0 {
		if timeout <= now {
			return 0, errnoSuccess
		}
		timeout -= now
	}
	return time.Duration(min(timeout, math.MaxInt64)), errnoSuccess
}

// sleep waits for d unless ctx ends first.
func sleep(ctx context.Context, d time.Duration) errno {
	if d <= 0 {
		return errnoSuccess
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return errnoSuccess
	case <-ctx.Done():
		return errnoIntr
	}
}
