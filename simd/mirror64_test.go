package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// MirrorLower64 equals its twin bit for bit on every path, for orders on and off the
// 4×4 blocks and strides wider than the order (the gap left alone), with NaN in the upper
// triangle beforehand (all of it overwritten).
func TestMirrorLower64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 31, 32, 33, 64} {
			lda := n + 3
			a := make([]float64, n*lda)
			for i := range a {
				r, c := i/lda, i%lda
				switch {
				case c >= n:
					a[i] = -7 // the gap
				case c > r:
					a[i] = math.NaN()
				default:
					a[i] = rng.NormFloat64()
				}
			}
			want := append([]float64(nil), a...)
			MirrorLower64(n, a, lda)
			mirrorLower64Generic(n, want, lda)
			for i := range a {
				assert.Equal(t, math.Float64bits(want[i]), math.Float64bits(a[i]), "n=%d at %d", n, i)
			}
		}
	})
}
