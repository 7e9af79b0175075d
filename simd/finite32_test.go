package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFinite32FindsEveryNonFiniteElement puts +Inf, −Inf and NaN at every position of
// vectors around the kernel's 32-element steps (and huge, tiny and negative-zero finite
// values elsewhere), on each path: Finite32 agrees with the Go twin and with the
// definition, and allocates nothing.
func TestFinite32FindsEveryNonFiniteElement(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(109, 110))
		finite := []float32{math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, float32(math.Copysign(0, -1)), 1}
		for _, n := range []int{0, 1, 7, 31, 32, 33, 64, 95, 100, 1377} {
			x := make([]float32, n)
			for i := range x {
				x[i] = finite[rng.IntN(len(finite))] * float32(rng.Float64()*2-1) // stays finite
			}
			require.True(t, Finite32(x), "n=%d all finite", n)
			for i := 0; i < n; i++ {
				for _, bad := range []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())} {
					old := x[i]
					x[i] = bad
					require.False(t, Finite32(x), "n=%d: %v at %d", n, bad, i)
					require.False(t, finite32Generic(x), "n=%d: %v at %d (twin)", n, bad, i)
					x[i] = old
				}
			}
		}
		x := make([]float32, 1377)
		require.Zero(t, testing.AllocsPerRun(20, func() { Finite32(x) }))
	})
}
