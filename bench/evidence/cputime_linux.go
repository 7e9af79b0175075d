package main

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadCPU returns the CPU time consumed by the calling OS thread. main locks its
// goroutine to one thread, so differences of threadCPU time the work itself: other work
// on a shared machine does not inflate them the way it inflates wall-clock time.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return wallSinceStart()
	}
	return time.Duration(ts.Nano())
}

const clockName = "thread CPU time (CLOCK_THREAD_CPUTIME_ID)"
