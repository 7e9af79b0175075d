package main

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// threadClock returns the CPU time of the calling OS thread (CLOCK_THREAD_CPUTIME_ID), so
// that step times on a shared, loaded machine count this thread's work only; the caller
// locks its goroutine to its thread.
func threadClock() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

func lockThread() { runtime.LockOSThread() }

const clockName = "thread CPU time"
