package lapack

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/edgetrain/edgetrain/simd"
)

// BenchmarkDpotrf compares the blocked Dpotrf (per simd path) with the unblocked
// reference dpotrfGeneric, reporting GFLOP/s for n³/3 flops.
func BenchmarkDpotrf(b *testing.B) {
	defer simd.Force("auto")
	for _, n := range []int{64, 256, 1280} {
		a := randomSPD(rand.New(rand.NewPCG(1, uint64(n))), n, n, 0.05)
		l := make([]float64, len(a))
		run := func(name string, f func(int, []float64, int) bool) {
			b.Run(fmt.Sprintf("n=%d/impl=%s", n, name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					copy(l, a)
					if !f(n, l, n) {
						b.Fatal("not positive definite")
					}
				}
				b.ReportMetric(float64(n)*float64(n)*float64(n)/3*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
		run("unblocked", dpotrfGeneric)
		for _, p := range simd.Available() {
			if err := simd.Force(p); err != nil {
				b.Fatal(err)
			}
			run("blocked-"+p, Dpotrf)
		}
		_ = simd.Force("auto")
	}
}
