package simd

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

var benchSizes = []int{16, 32, 64, 128, 256}

// benchKernel runs f once per available path as sub-benchmarks
// kernel=<name>/n=<n>/impl=<path>, reporting GFLOP/s for flops per call.
func benchKernel(b *testing.B, name string, flops func(n int) float64, setup func(n int) func()) {
	for _, n := range benchSizes {
		f := setup(n)
		for _, p := range Available() {
			b.Run(fmt.Sprintf("kernel=%s/n=%d/impl=%s", name, n, p), func(b *testing.B) {
				if err := Force(p); err != nil {
					b.Fatal(err)
				}
				defer func() { _ = Force("auto") }()
				b.ReportAllocs()
				for b.Loop() {
					f()
				}
				b.ReportMetric(flops(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

func benchData(size int) []float32 {
	rng := rand.New(rand.NewPCG(1, uint64(size)))
	s := make([]float32, size)
	for i := range s {
		s[i] = rng.Float32()*2 - 1
	}
	return s
}

func cube(n int) float64 { return 2 * float64(n) * float64(n) * float64(n) }

// gramFlops counts the lower triangle with the diagonal, which is what a Gram needs.
func gramFlops(n int) float64 { return float64(n) * float64(n+1) * float64(n) }

func BenchmarkKernels(b *testing.B) {
	mats := func(n int) (a, bb, c []float32) { return benchData(n * n), benchData(n * n), benchData(n * n) }
	benchKernel(b, "gemmNN", cube, func(n int) func() {
		a, bb, c := mats(n)
		return func() { GemmNN(n, n, n, 1, a, n, bb, n, 0.5, c, n) }
	})
	benchKernel(b, "gemmNT", cube, func(n int) func() {
		a, bb, c := mats(n)
		return func() { GemmNT(n, n, n, 1, a, n, bb, n, 0.5, c, n) }
	})
	benchKernel(b, "gemmTN", cube, func(n int) func() {
		a, bb, c := mats(n)
		return func() { GemmTN(n, n, n, 1, a, n, bb, n, 0.5, c, n) }
	})
	benchKernel(b, "gram64", gramFlops, func(n int) func() {
		a, c := benchData(n*n), make([]float64, n*n)
		return func() { Gram64(n, n, a, n, c, n) }
	})
	benchKernel(b, "gramT64", gramFlops, func(n int) func() {
		a, c := benchData(n*n), make([]float64, n*n)
		return func() { GramT64(n, n, a, n, c, n) }
	})
	benchKernel(b, "axpy", func(n int) float64 { return 2 * float64(n) }, func(n int) func() {
		x, y := benchData(n), benchData(n)
		return func() { Axpy(1e-3, x, y) }
	})
}

// BenchmarkActForward reports ns per element of tanh and sigmoid on 1024 elements, per
// path, with the fast Go loop of act.go (NEON and ARM paths) as impl=fastgo.
func BenchmarkActForward(b *testing.B) {
	const n = 1024
	src := benchData(n)
	for i := range src {
		src[i] *= 4
	}
	dst := make([]float32, n)
	for _, act := range []Activation{Tanh, Sigmoid} {
		for _, p := range append(Available(), "fastgo") {
			b.Run(fmt.Sprintf("act=%v/impl=%s", act, p), func(b *testing.B) {
				if p != "fastgo" {
					if err := Force(p); err != nil {
						b.Fatal(err)
					}
					defer func() { _ = Force("auto") }()
				}
				b.ReportAllocs()
				for b.Loop() {
					if p == "fastgo" {
						actForwardFast(act, dst, src)
					} else {
						ActForward(act, dst, src)
					}
				}
				b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N)/n, "ns/elem")
			})
		}
	}
}

// BenchmarkGramAddLower32 forms the mixed-precision Gram of K-FAC's largest signals (1280
// rows of 256 float32 values, the largest config's first layer) in blocks of 128 rows,
// reporting GFLOP/s for the lower triangle with the diagonal.
func BenchmarkGramAddLower32(b *testing.B) {
	const n, k, kb = 1280, 256, 128
	a, c := benchData(n*k), make([]float64, k*k)
	pack := make([]float32, GramPackLen(kb, k))
	for _, p := range Available() {
		b.Run(fmt.Sprintf("n=%d/k=%d/impl=%s", n, k, p), func(b *testing.B) {
			if err := Force(p); err != nil {
				b.Fatal(err)
			}
			defer func() { _ = Force("auto") }()
			b.ReportAllocs()
			for b.Loop() {
				for r0 := 0; r0 < n; r0 += kb {
					GramAddLower32(kb, k, a[r0*k:], k, c, k, pack)
				}
			}
			b.ReportMetric(float64(n)*float64(k*(k+1))*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
