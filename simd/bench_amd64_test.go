//go:build !purego && !noasm

package simd

import (
	"fmt"
	"testing"

	"github.com/viterin/vek/vek32"
)

// BenchmarkFMAPeak measures single-core FMA throughput on registers: the ceiling the
// kernel figures are read against.
func BenchmarkFMAPeak(b *testing.B) {
	const iters = 1000
	if cpuAVX2 {
		b.Run("impl=avx2", func(b *testing.B) {
			for b.Loop() {
				fmaPeakAVX2(iters)
			}
			b.ReportMetric(iters*120*16*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
	if cpuAVX512 {
		b.Run("impl=avx512", func(b *testing.B) {
			for b.Loop() {
				fmaPeakAVX512(iters)
			}
			b.ReportMetric(iters*120*32*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkDotVek compares vek32.Dot with dotAVX2 to place vekDotMin.
func BenchmarkDotVek(b *testing.B) {
	if !cpuAVX2 {
		b.Skip("no AVX2")
	}
	for _, n := range []int{8, 16, 32, 64, 128, 256, 1024} {
		x, y := benchData(n), benchData(n)
		var sink float32
		b.Run(fmt.Sprintf("n=%d/impl=vek", n), func(b *testing.B) {
			for b.Loop() {
				sink += vek32.Dot(x, y)
			}
		})
		b.Run(fmt.Sprintf("n=%d/impl=avx2", n), func(b *testing.B) {
			for b.Loop() {
				sink += dotAVX2(&x[0], &y[0], n)
			}
		})
		_ = sink
	}
}
