package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDot32x64AndAxpy32x64MatchGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(101, 102))
		for n := 0; n <= 140; n++ {
			off := n % 8
			x := rand32(rng, off+n+guard)
			y := randSlice(rng, off+n+guard)
			xs, ys := x[off:off+n], y[off:]
			got, want := Dot32x64(xs, ys), dot32x64Generic(xs, ys)
			var bound float64
			for i, v := range xs {
				bound += math.Abs(float64(v) * ys[i])
			}
			assert.InDelta(t, want, got, float64(n+2)*eps64*bound, "dot n=%d", n)

			alpha := rng.Float64()*4 - 2
			gy, wy := append([]float64(nil), y...), append([]float64(nil), y...)
			Axpy32x64(alpha, xs, gy[off:])
			axpy32x64Generic(alpha, xs, wy[off:])
			for i := range gy {
				// One rounding either way: fused or not.
				assert.InDelta(t, wy[i], gy[i], 4*eps64*(math.Abs(y[i])+math.Abs(alpha)), "axpy n=%d element %d", n, i)
				if i < off || i >= off+n {
					assert.Equal(t, y[i], gy[i], "axpy n=%d guard %d written", n, i)
				}
			}
		}
		x, y := rand32(rng, 64), randSlice(rng, 64)
		assert.Zero(t, testing.AllocsPerRun(20, func() {
			Axpy32x64(0.5, x, y)
			_ = Dot32x64(x, y)
		}))
	})
}
