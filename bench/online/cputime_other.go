//go:build !linux

package main

import "time"

var start = time.Now()

// threadClock is the wall clock where the thread CPU clock is not available.
func threadClock() time.Duration { return time.Since(start) }

func lockThread() {}

const clockName = "wall time"
