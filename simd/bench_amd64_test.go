//go:build !purego && !noasm

package simd

import "testing"

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
