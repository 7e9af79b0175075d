package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNarrow64MatchesGeneric: on every path and length the float32 values are the
// specification's bit for bit (float32 overflow included), the guards past the end stay
// unwritten, and a single infinity or NaN anywhere, vector body or tail, is reported.
func TestNarrow64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(95, 96))
		for idx, n := range vecLens() {
			off := idx % 8
			src := make([]float64, off+n)
			for i := range src {
				src[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(80)-40))
			}
			if n > 3 {
				src[off+n/2] = 1e300 // finite, beyond float32
			}
			for _, bad := range []float64{0, math.Inf(1), math.Inf(-1), math.NaN()} {
				for _, at := range []int{0, n / 3, n - 1} {
					if n == 0 && bad != 0 {
						continue
					}
					s := append([]float64(nil), src...)
					if bad != 0 {
						s[off+at] = bad
					}
					got := make([]float32, off+n+2)
					want := make([]float32, off+n+2)
					for i := range got {
						got[i], want[i] = float32(math.NaN()), float32(math.NaN())
					}
					okGot := Narrow64(got[off:off+n], s[off:])
					okWant := narrow64Generic(want[off:off+n], s[off:off+n])
					require.Equal(t, okWant, okGot, "n=%d bad=%v at=%d", n, bad, at)
					require.Equal(t, bad == 0, okGot, "n=%d bad=%v at=%d", n, bad, at)
					for i := range got {
						if math.IsNaN(float64(want[i])) {
							require.True(t, math.IsNaN(float64(got[i])), "n=%d: [%d]", n, i)
							continue
						}
						require.Equal(t, math.Float32bits(want[i]), math.Float32bits(got[i]), "n=%d: [%d]", n, i)
					}
				}
			}
		}
	})
}
