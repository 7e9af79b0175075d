package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMulRowsMatchesGeneric checks MulRows against its twin bit for bit (two rounded
// products per element on every path), with a row broadcast (ldx = 0), strides wider than
// the rows, tails of every length and NaN guards that it must not write; and in place.
func TestMulRowsMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(73, 74))
		for _, rows := range []int{0, 1, 2, 5, 32} {
			for cols := 0; cols <= 37; cols++ {
				for _, bcast := range []bool{false, true} {
					ldx, ldy, ldd := max(cols, 1)+cols%3, max(cols, 1)+(rows+cols)%2, max(cols, 1)+cols%2
					if bcast {
						ldx = 0
					}
					x := make([]float32, rows*ldx+cols+2)
					y := make([]float32, rows*ldy+2)
					for i := range x {
						x[i] = float32(rng.NormFloat64())
					}
					for i := range y {
						y[i] = float32(rng.NormFloat64())
					}
					alpha := float32(rng.NormFloat64())
					got := make([]float32, rows*ldd+3)
					want := make([]float32, len(got))
					for i := range got {
						got[i] = float32(math.NaN())
						want[i] = got[i]
					}
					MulRows(rows, cols, alpha, x, ldx, y, ldy, got, ldd)
					mulRowsGeneric(rows, cols, alpha, x, ldx, y, ldy, want, ldd)
					for i := range got {
						assert.Equal(t, math.Float32bits(want[i]), math.Float32bits(got[i]), "rows=%d cols=%d ldx=%d at %d", rows, cols, ldx, i)
					}
				}
			}
		}
		// in place, alpha = 1: Hadamard's products
		a := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
		MulRows(2, 5, 1, a, 5, []float32{2, 2, 2, 2, 2, -1, -1, -1, -1, -1}, 5, a, 5)
		assert.Equal(t, []float32{2, 4, 6, 8, 10, -6, -7, -8, -9, -10}, a)
		d := make([]float32, 64)
		assert.Zero(t, testing.AllocsPerRun(20, func() { MulRows(8, 8, 0.5, d, 0, d, 8, d, 8) }))
	})
}
