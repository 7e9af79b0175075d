//go:build !linux

package main

import "time"

// threadCPU falls back to wall-clock time where the thread CPU clock is not available.
func threadCPU() time.Duration { return wallSinceStart() }

const clockName = "wall-clock time"
