package main

import "time"

var processStart = time.Now()

func wallSinceStart() time.Duration { return time.Since(processStart) }

// stopwatch measures the step time of the work done on this goroutine's thread.
type stopwatch struct{ t0 time.Duration }

func startWatch() stopwatch { return stopwatch{threadCPU()} }

func (s stopwatch) seconds() float64 { return (threadCPU() - s.t0).Seconds() }
