package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// optimLens are the lengths the optimizer kernels are checked at: every tail and a few
// whole blocks.
func optimLens() []int {
	ls := make([]int, 0, 80)
	for n := 0; n <= 70; n++ {
		ls = append(ls, n)
	}
	return append(ls, 255, 1024, 4099)
}

func randVec(rng *rand.Rand, n int, scale float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(scale * rng.NormFloat64())
	}
	return x
}

// guarded returns a copy of x inside guard values and the view of x in it.
func guarded(x []float32, off int) (all, view []float32) {
	all = make([]float32, len(x)+off+5)
	for i := range all {
		all[i] = 777
	}
	copy(all[off:], x)
	return all, all[off : off+len(x)]
}

func checkGuards(t *testing.T, all []float32, off, n int, ctx string) {
	t.Helper()
	for i, v := range all {
		if (i < off || i >= off+n) && v != 777 {
			t.Fatalf("%s: guard value %d overwritten", ctx, i)
		}
	}
}

// Every path's MomentumStep and AdamStep equal their generic twins bit for bit (same
// float32 operations in the same order) and a float64 evaluation to float32 rounding, on
// unaligned views, without touching the neighbouring memory.
func TestOptimizerStepsMatchTwinsAndFloat64(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for idx, n := range optimLens() {
			off := idx % 8
			p0, g := randVec(rng, n, 1), randVec(rng, n, 0.3)
			m0, v0 := randVec(rng, n, 0.1), randVec(rng, n, 0.1)
			for i := range v0 {
				v0[i] *= v0[i]
			}
			ctx := fmt.Sprintf("n=%d", n)

			// momentum, with and without keeping the old velocity
			pa, p := guarded(p0, off)
			va, v := guarded(m0, off)
			require.True(t, MomentumStep(p, g, v, nil, 0.9, 0.05), ctx)
			checkGuards(t, pa, off, n, ctx)
			checkGuards(t, va, off, n, ctx)
			pw, vw := clone32(p0), clone32(m0)
			require.True(t, momentumStepGeneric(pw, g, vw, nil, 0.9, 0.05))
			assert.Equal(t, pw, p, "momentum p vs twin, %s", ctx)
			assert.Equal(t, vw, v, "momentum v vs twin, %s", ctx)
			ps, vs := clone32(p0), clone32(m0)
			sa, saved := guarded(make([]float32, n), (off+3)%8)
			require.True(t, MomentumStep(ps, g, vs, saved, 0.9, 0.05), ctx)
			checkGuards(t, sa, (off+3)%8, n, ctx)
			assert.Equal(t, m0, saved, "momentum saved velocity, %s", ctx)
			assert.Equal(t, p, ps, "momentum p with the velocity kept, %s", ctx)
			assert.Equal(t, v, vs, "momentum v with the velocity kept, %s", ctx)
			for i := 0; i < n; i++ {
				vv := 0.9*float64(m0[i]) + float64(g[i])
				assert.InDelta(t, vv, float64(v[i]), 1e-6*(1+math.Abs(vv)), ctx)
				pp := float64(p0[i]) - 0.05*vv
				assert.InDelta(t, pp, float64(p[i]), 1e-6*(1+math.Abs(pp)), ctx)
			}

			// Adam
			pa, p = guarded(p0, off)
			ma, m := guarded(m0, off)
			va, v = guarded(v0, off)
			require.True(t, AdamStep(p, g, m, v, nil, nil, 0.9, 0.999, 0.01, 1.2, 1e-8), ctx)
			checkGuards(t, pa, off, n, ctx)
			checkGuards(t, ma, off, n, ctx)
			checkGuards(t, va, off, n, ctx)
			pw = clone32(p0)
			mw, vw := clone32(m0), clone32(v0)
			require.True(t, adamStepGeneric(pw, g, mw, vw, nil, nil, 0.9, 0.999, 0.01, 1.2, 1e-8))
			assert.Equal(t, pw, p, "adam p vs twin, %s", ctx)
			assert.Equal(t, mw, m, "adam m vs twin, %s", ctx)
			assert.Equal(t, vw, v, "adam v vs twin, %s", ctx)
			ps, vs = clone32(p0), clone32(v0)
			ms := clone32(m0)
			msa, mSaved := guarded(make([]float32, n), (off+5)%8)
			vsa, vSaved := guarded(make([]float32, n), (off+2)%8)
			require.True(t, AdamStep(ps, g, ms, vs, mSaved, vSaved, 0.9, 0.999, 0.01, 1.2, 1e-8), ctx)
			checkGuards(t, msa, (off+5)%8, n, ctx)
			checkGuards(t, vsa, (off+2)%8, n, ctx)
			assert.Equal(t, m0, mSaved, "adam saved m, %s", ctx)
			assert.Equal(t, v0, vSaved, "adam saved v, %s", ctx)
			assert.Equal(t, p, ps, "adam p with the moments kept, %s", ctx)
			assert.Equal(t, m, ms, "adam m with the moments kept, %s", ctx)
			assert.Equal(t, v, vs, "adam v with the moments kept, %s", ctx)
			for i := 0; i < n; i++ {
				mm := 0.9*float64(m0[i]) + 0.1*float64(g[i])
				vv := 0.999*float64(v0[i]) + 0.001*float64(g[i])*float64(g[i])
				pp := float64(p0[i]) - 0.01*mm/(math.Sqrt(vv)*1.2+1e-8)
				assert.InDelta(t, pp, float64(p[i]), 1e-5*(1+math.Abs(pp)), ctx)
			}
		}
	})
}

// A NaN or ±Inf anywhere in the gradient, or an update that overflows, is reported.
func TestOptimizerStepsReportNonFiniteValues(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, n := range []int{1, 7, 8, 9, 23, 64, 67} {
			for i := 0; i < n; i++ {
				for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
					g := make([]float32, n)
					g[i] = bad
					p, v := make([]float32, n), make([]float32, n)
					assert.False(t, MomentumStep(p, g, v, nil, 0.9, 0.1), "momentum n=%d i=%d %v", n, i, bad)
					p, m, v2 := make([]float32, n), make([]float32, n), make([]float32, n)
					assert.False(t, AdamStep(p, g, m, v2, nil, nil, 0.9, 0.999, 0.1, 1, 1e-8), "adam n=%d i=%d %v", n, i, bad)
				}
				g, p, v := make([]float32, n), make([]float32, n), make([]float32, n)
				g[i] = 1
				assert.False(t, MomentumStep(p, g, v, nil, 0.9, float32(math.Inf(1))), "overflow n=%d i=%d", n, i)
			}
		}
	})
}

func clone32(x []float32) []float32 {
	c := make([]float32, len(x))
	copy(c, x)
	return c
}
