package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAxpyKeepIsCopyAxpyAndFinite32 checks on each path, for lengths around the kernel's
// blocks of 8 and 32, that AxpyKeep leaves keep equal to the old y, y bit for bit what
// Axpy makes of it, and reports what Finite32 says of the new y, also when an overflow,
// an Inf or a NaN in x or y makes one element non-finite; against the pure-Go twin too
// (which uses the pure-Go axpy, so it is held to the definition within one rounding).
func TestAxpyKeepIsCopyAxpyAndFinite32(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(211, 212))
		for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 40, 63, 64, 100, 288, 1056, 1377} {
			x := make([]float32, n)
			y0 := make([]float32, n)
			for i := range x {
				x[i] = float32(rng.NormFloat64())
				y0[i] = float32(rng.NormFloat64())
			}
			alpha := float32(rng.Float64() - 0.3)
			check := func(what string) {
				want := append([]float32(nil), y0...)
				Axpy(alpha, x, want)
				wantOK := Finite32(want)
				y := append([]float32(nil), y0...)
				keep := make([]float32, n)
				ok := AxpyKeep(alpha, x, y, keep)
				require.Equal(t, wantOK, ok, "%s n=%d", what, n)
				for i := range y {
					require.Equal(t, math.Float32bits(y0[i]), math.Float32bits(keep[i]), "%s n=%d keep[%d]", what, n, i)
					if wantOK || want[i] == want[i] {
						require.Equal(t, math.Float32bits(want[i]), math.Float32bits(y[i]), "%s n=%d y[%d]", what, n, i)
					}
				}
				yg := append([]float32(nil), y0...)
				kg := make([]float32, n)
				require.Equal(t, wantOK, axpyKeepGeneric(alpha, x, yg, kg), "%s n=%d twin", what, n)
				for i := range yg {
					require.Equal(t, math.Float32bits(y0[i]), math.Float32bits(kg[i]), "%s n=%d twin keep[%d]", what, n, i)
					if want[i]-want[i] == 0 {
						require.InDelta(t, float64(want[i]), float64(yg[i]), 1e-6*(1+math.Abs(float64(want[i]))), "%s n=%d twin y[%d]", what, n, i)
					}
				}
			}
			check("finite")
			for _, i := range []int{0, n / 2, n - 1} {
				if n == 0 {
					break
				}
				for _, bad := range []float32{float32(math.Inf(1)), float32(math.NaN()), math.MaxFloat32} {
					old := y0[i]
					y0[i] = bad
					x[i] = 1e38
					check("bad")
					y0[i] = old
					x[i] = float32(rng.NormFloat64())
				}
			}
		}
		x, y, k := make([]float32, 1377), make([]float32, 1377), make([]float32, 1377)
		require.Zero(t, testing.AllocsPerRun(20, func() { AxpyKeep(0.5, x, y, k) }))
	})
}
