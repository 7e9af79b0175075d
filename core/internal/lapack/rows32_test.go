package lapack

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
)

// Rows32 solves the same rows as the float64 DpotrsRows, to float32 accuracy scaled by the
// condition (the diagonal shift keeps it modest), for orders around and across the block
// size, on every kernel path.
func TestRows32MatchesDpotrsRows(t *testing.T) {
	defer func() { _ = simd.Force("auto") }()
	for _, p := range simd.Available() {
		require.NoError(t, simd.Force(p))
		for _, n := range []int{1, 7, 64, 127, 128, 129, 300} {
			for _, nrhs := range []int{1, 5, 70} {
				t.Run(fmt.Sprintf("%s/n=%d/nrhs=%d", p, n, nrhs), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(n), uint64(nrhs)))
					a := randomSPD(rng, n, n+3, 0.5)
					require.True(t, Dpotrf(n, a, n+3))
					b := randomRows(rng, nrhs, n, n+2)
					want := append([]float64(nil), b...)
					DpotrsRows(n, nrhs, a, n+3, want, n+2)
					w := make([]float32, Rows32Size(n))
					Rows32Prep(n, a, n+3, w)
					got := make([]float32, len(b))
					for i, v := range b {
						got[i] = float32(v)
					}
					Rows32(n, nrhs, w, got, n+2, make([]float32, Rows32Work(nrhs)))
					var num, den float64
					for r := 0; r < nrhs; r++ {
						for c := 0; c < n; c++ {
							d := float64(got[r*(n+2)+c]) - want[r*(n+2)+c]
							num += d * d
							den += want[r*(n+2)+c] * want[r*(n+2)+c]
						}
					}
					e := math.Sqrt(num / den)
					assert.Less(t, e, 1e-4, "relative error")
					assert.Greater(t, e, 0.0, "float32 rounding must show (not the float64 path)")
				})
			}
		}
	}
}

// BenchmarkRows32: 2n² flops per right-hand side, n of them (the tridiag shape).
func BenchmarkRows32(b *testing.B) {
	for _, n := range []int{256, 1280} {
		rng := rand.New(rand.NewPCG(2, uint64(n)))
		a := randomSPD(rng, n, n, 0.05)
		Dpotrf(n, a, n)
		x := randomRows(rng, n, n, n)
		w := make([]float32, Rows32Size(n))
		x32 := make([]float32, n*n)
		tmp := make([]float32, Rows32Work(n))
		benchPaths(b, fmt.Sprintf("n=%d/f32", n), 2*cubeOf(n), func() {
			Rows32Prep(n, a, n, w)
			for i, v := range x {
				x32[i] = float32(v)
			}
			Rows32(n, n, w, x32, n, tmp)
		})
		benchPaths(b, fmt.Sprintf("n=%d/f64", n), 2*cubeOf(n), func() {
			DpotrsRows(n, n, a, n, x, n)
		})
	}
}
