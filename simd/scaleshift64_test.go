package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScaleShift64AndAxpyShift64MatchGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(91, 92))
		for _, acc := range []bool{false, true} {
			for idx, n := range vecLens() {
				off := idx % 8
				x := make([]float64, off+n+1)
				y := make([]float64, off+n+2)
				for i := range x {
					x[i] = rng.NormFloat64()
				}
				for i := range y {
					y[i] = rng.NormFloat64()
				}
				for i := off + n; i < len(y); i++ {
					y[i] = math.NaN() // guards: not written
				}
				want := append([]float64(nil), y...)
				alpha, beta := rng.NormFloat64(), rng.NormFloat64()
				if acc {
					AxpyShift64(alpha, beta, x[off:], y[off:off+n])
				} else {
					ScaleShift64(alpha, beta, x[off:], y[off:off+n])
				}
				scaleShift64Generic(alpha, beta, x[off:off+n], want[off:off+n], acc)
				for i := range y {
					if math.IsNaN(want[i]) {
						assert.True(t, math.IsNaN(y[i]), "guard at %d written", i)
						continue
					}
					// the compiler may fuse the twin's multiply-adds (arm64, GOAMD64=v3)
					assert.InDelta(t, want[i], y[i], 1e-14*(1+math.Abs(want[i])), "acc=%v n=%d at %d", acc, n, i)
				}
			}
		}
		// in place
		y := []float64{1, 2, 3, 4, 5}
		ScaleShift64(2, 1, y, y)
		assert.Equal(t, []float64{3, 5, 7, 9, 11}, y)
		assert.Zero(t, testing.AllocsPerRun(20, func() { AxpyShift64(2, 1, y, y) }))
	})
}
