//go:build !purego && !noasm

package simd

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkTrsmRows times both row solves of a 32×32 block against a 32×32 factor (the
// order of the smallest tri-diagonal pivots) on the AVX-512 and AVX2 paths, with the
// kernels that take two column blocks at a time (pairs=true) and without.
func BenchmarkTrsmRows(b *testing.B) {
	const m, n = 32, 32
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, m*n)
	mt := make([]float64, n*n)
	tt := make([]float64, 8*n+16)
	for i := range mt {
		mt[i] = 0.1 * rng.NormFloat64()
	}
	for i := range tt {
		tt[i] = 0.2 * rng.NormFloat64()
	}
	defer func(p bool) { trsmPairs = p }(trsmPairs)
	defer func() { _ = Force("auto") }()
	for _, path := range []string{PathAVX512, PathAVX2} {
		for _, pairs := range []bool{true, false} {
			b.Run(fmt.Sprintf("impl=%s/pairs=%v", path, pairs), func(b *testing.B) {
				if Force(path) != nil {
					b.Skip("path not available")
				}
				trsmPairs = pairs
				for b.Loop() {
					for j := range x {
						x[j] = 1
					}
					TrsmRowsFwd64(m, n, x, n, mt, n, tt)
					TrsmRowsBwd64(m, n, x, n, mt, n, tt[16:])
				}
			})
		}
	}
}
