// Package bench holds edgetrain's benchmarks: whole training steps per method, kernel
// path and reference configuration, and convergence comparisons on real datasets.
// Nothing imports it.
package bench
