// Package bench holds edgetrain's benchmarks: whole training steps per method, kernel
// path and reference configuration, and convergence comparisons on real datasets.
// The reference problems live in bench/stepbench, which `edgetrain bench` imports as
// well; the library packages (core, tinynet, simd, fixedbuf) import nothing under bench.
package bench
