package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWiden64MatchesGeneric: on every path and length the values are the specification's
// bit for bit, and the guards past the end stay unwritten.
func TestWiden64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(97, 98))
		for idx, n := range vecLens() {
			off := idx % 8
			x := make([]float32, off+n+1)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			alpha := rng.NormFloat64()
			got := make([]float64, off+n+2)
			want := make([]float64, off+n+2)
			for i := range got {
				got[i], want[i] = math.NaN(), math.NaN()
			}
			Widen64(alpha, x[off:], got[off:off+n])
			widen64Generic(alpha, x[off:off+n], want[off:off+n])
			for i := range got {
				if math.IsNaN(want[i]) {
					require.True(t, math.IsNaN(got[i]), "n=%d: guard [%d] written", n, i)
					continue
				}
				require.Equal(t, math.Float64bits(want[i]), math.Float64bits(got[i]), "n=%d: [%d]", n, i)
			}
		}
	})
}
