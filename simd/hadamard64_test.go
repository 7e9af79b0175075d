package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHadamardScaledAdd64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(81, 82))
		for idx, n := range vecLens() {
			off := idx % 8
			x, k := make([]float64, off+n+1), make([]float64, off+n+2)
			y := make([]float64, off+n+3)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			for i := range k {
				k[i] = rng.NormFloat64()
			}
			for i := range y {
				y[i] = rng.NormFloat64()
			}
			for i := off + n; i < len(y); i++ {
				y[i] = math.NaN() // guards past the end: not written
			}
			want := append([]float64(nil), y...)
			alpha, beta := rng.NormFloat64(), rng.NormFloat64()
			HadamardScaledAdd64(alpha, beta, x[off:], k[off:], y[off:off+n])
			hadamardScaledAdd64Generic(alpha, beta, x[off:off+n], k[off:off+n], want[off:off+n])
			for i := range y {
				if math.IsNaN(want[i]) {
					assert.True(t, math.IsNaN(y[i]), "guard at %d written", i)
					continue
				}
				// the compiler may fuse the twin's multiply-adds (arm64, GOAMD64=v3)
				assert.InDelta(t, want[i], y[i], 1e-14*(1+math.Abs(want[i])), "n=%d at %d", n, i)
			}
		}
		x := make([]float64, 64)
		assert.Zero(t, testing.AllocsPerRun(20, func() { HadamardScaledAdd64(2, 1, x, x, x) }))
	})
}
