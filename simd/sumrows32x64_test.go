package simd

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

// SumRows32x64 combines each group of C float32 rows with its weights on every path: the
// specification's sums within the rounding of a sum of C terms, bit for bit the rows that
// C Axpy32x64 calls into a cleared row give where Go does not fuse multiply-adds (the
// assembly fuses them as Axpy32x64's does), for widths on both sides of the sixteen-column
// blocks, and nothing outside the k columns of dst written.
func TestSumRows32x64IsAxpysIntoAClearedRow(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(65, 66))
		for _, C := range []int{1, 3, 10} {
			for _, k := range []int{1, 5, 16, 17, 40, 256} {
				n, ldd, lddst := 7, k+3, k+2
				w := randSlice(rng, n*C)
				d := make([]float32, n*C*ldd)
				for i := range d {
					d[i] = float32(rng.NormFloat64())
				}
				got := randSlice(rng, n*lddst)
				want, axpys := append([]float64(nil), got...), append([]float64(nil), got...)
				sumRows32x64Generic(n, C, k, w, d, ldd, want, lddst)
				for r := 0; r < n; r++ {
					row := axpys[r*lddst : r*lddst+k]
					clear(row)
					for c := 0; c < C; c++ {
						Axpy32x64(w[r*C+c], d[(r*C+c)*ldd:(r*C+c)*ldd+k], row)
					}
				}
				SumRows32x64(n, C, k, w, d, ldd, got, lddst)
				for i := range got {
					if i%lddst >= k {
						assert.Equal(t, want[i], got[i], "C=%d k=%d: gap %d written", C, k, i)
						continue
					}
					var bound float64
					r, j := i/lddst, i%lddst
					for c := 0; c < C; c++ {
						bound += math.Abs(w[r*C+c] * float64(d[(r*C+c)*ldd+j]))
					}
					assert.InDelta(t, want[i], got[i], float64(C+2)*eps64*bound, "C=%d k=%d element %d", C, k, i)
					if runtime.GOARCH == "amd64" || runtime.GOARCH == "arm" {
						assert.Equal(t, math.Float64bits(axpys[i]), math.Float64bits(got[i]), "C=%d k=%d element %d: not the axpys'", C, k, i)
					}
				}
			}
		}
		w, d, dst := make([]float64, 20), make([]float32, 20*64), make([]float64, 2*64)
		assert.Zero(t, testing.AllocsPerRun(10, func() { SumRows32x64(2, 10, 64, w, d, 64, dst, 64) }))
	})
}
