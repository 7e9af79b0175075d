package lapack

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/edgetrain/edgetrain/simd"
)

// benchPaths runs f as sub-benchmark name/impl=<path> for every available simd path and
// reports GFLOP/s for flops per call:
//
//	go test ./core/internal/lapack -run '^$' -bench . -count 5
func benchPaths(b *testing.B, name string, flops float64, f func()) {
	defer func() { _ = simd.Force("auto") }()
	for _, p := range simd.Available() {
		b.Run(name+"/impl="+p, func(b *testing.B) {
			if err := simd.Force(p); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				f()
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func cubeOf(n int) float64 { return float64(n) * float64(n) * float64(n) }

// BenchmarkDpotrf: n³/3 flops; impl=unblocked is the reference loop dpotrfGeneric.
func BenchmarkDpotrf(b *testing.B) {
	for _, n := range []int{32, 64, 256, 1280} {
		a := randomSPD(rand.New(rand.NewPCG(1, uint64(n))), n, n, 0.05)
		l := make([]float64, len(a))
		name := fmt.Sprintf("n=%d", n)
		b.Run(name+"/impl=unblocked", func(b *testing.B) {
			for b.Loop() {
				copy(l, a)
				dpotrfGeneric(n, l, n)
			}
			b.ReportMetric(cubeOf(n)/3*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		benchPaths(b, name, cubeOf(n)/3, func() {
			copy(l, a)
			if !Dpotrf(n, l, n) {
				b.Fatal("not positive definite")
			}
		})
	}
}

// BenchmarkDpotrsRows: 2n² flops per right-hand side, 128 of them.
func BenchmarkDpotrsRows(b *testing.B) {
	const nrhs = 128
	for _, n := range []int{64, 256, 1280} {
		rng := rand.New(rand.NewPCG(2, uint64(n)))
		a := randomSPD(rng, n, n, 0.05)
		Dpotrf(n, a, n)
		x := randomRows(rng, nrhs, n, n)
		benchPaths(b, fmt.Sprintf("n=%d/nrhs=%d", n, nrhs), 2*float64(n*n)*nrhs, func() {
			DpotrsRows(n, nrhs, a, n, x, n)
		})
	}
}

// BenchmarkDgetrf: 2n³/3 flops; impl=unblocked is the reference loop dgetrfGeneric.
func BenchmarkDgetrf(b *testing.B) {
	for _, n := range []int{64, 256, 1280} {
		a := randomGeneral(rand.New(rand.NewPCG(3, uint64(n))), n, n, 0)
		l, piv := make([]float64, len(a)), make([]float64, n)
		name := fmt.Sprintf("n=%d", n)
		b.Run(name+"/impl=unblocked", func(b *testing.B) {
			for b.Loop() {
				copy(l, a)
				dgetrfGeneric(n, l, n, piv)
			}
			b.ReportMetric(2*cubeOf(n)/3*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		benchPaths(b, name, 2*cubeOf(n)/3, func() {
			copy(l, a)
			if !Dgetrf(n, l, n, piv) {
				b.Fatal("singular")
			}
		})
	}
}

// BenchmarkDgetrsRows: 2n² flops per right-hand side, 128 of them.
func BenchmarkDgetrsRows(b *testing.B) {
	const nrhs = 128
	for _, n := range []int{64, 256, 1280} {
		rng := rand.New(rand.NewPCG(4, uint64(n)))
		a := randomGeneral(rng, n, n, 2)
		piv := make([]float64, n)
		Dgetrf(n, a, n, piv)
		x := randomRows(rng, nrhs, n, n)
		benchPaths(b, fmt.Sprintf("n=%d/nrhs=%d", n, nrhs), 2*float64(n*n)*nrhs, func() {
			DgetrsRows(n, nrhs, a, n, piv, x, n)
		})
	}
}

// BenchmarkDsposv: one right-hand side, flops counted as for the float64 factorization and
// solve (n³/3 + 2n²), so the rates compare the two ways to the same answer.
func BenchmarkDsposv(b *testing.B) {
	for _, n := range []int{256, 1280} {
		rng := rand.New(rand.NewPCG(5, uint64(n)))
		a := spdWithSpectrum(rng, n, 100, false)
		am, x, rhs := make([]float64, n*n), make([]float64, n), randomRows(rng, 1, n, n)
		w32, w64 := make([]float32, DsposvWork32(n)), make([]float64, DsposvWork64(n, 1))
		fl := cubeOf(n)/3 + 2*float64(n*n)
		benchPaths(b, fmt.Sprintf("n=%d/solver=mixed", n), fl, func() {
			copy(am, a)
			Dsposv(n, 1, am, n, rhs, n, x, n, w32, w64)
		})
		benchPaths(b, fmt.Sprintf("n=%d/solver=float64", n), fl, func() {
			copy(am, a)
			Dpotrf(n, am, n)
			copy(x, rhs)
			Dpotrs(n, am, n, x)
		})
	}
}
