package core

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// refreshedLayers runs one step and returns the layers whose damped A factor changed.
func refreshedLayers(t *testing.T, tr *Trainer, kf *kfac, x, y []float32, n int) []int {
	before := make([][]float64, len(kf.layers))
	for l := 1; l < len(kf.layers); l++ {
		before[l] = slices.Clone(kf.layers[l].aChol)
	}
	_, err := tr.Step(x, y, n)
	require.NoError(t, err)
	var got []int
	for l := 1; l < len(kf.layers); l++ {
		if !slices.Equal(before[l], kf.layers[l].aChol) {
			got = append(got, l)
		}
	}
	return got
}

// With KFACStagger each layer refreshes once per period and no step refreshes more than
// ⌈L/R⌉ layers; without it every layer refreshes at the same step.
func TestKFACStaggerSpreadsRefreshes(t *testing.T) {
	const n = 12
	for _, R := range []int{2, 3, 4, 8} {
		for _, stagger := range []bool{false, true} {
			net, x, y := tinyProblem([]int{5, 7, 6, 6, 2}, simd.Tanh, n, tinynet.MSE, 3)
			cfg := Defaults(KFAC, tinynet.MSE)
			cfg.KFACRefresh, cfg.KFACStagger, cfg.KFACDecay, cfg.Form = R, stagger, 0.9, FormPrimal
			cfg.LRMode, cfg.LR, cfg.MaxRelStep = LRFixed, 1e-3, 0 // no rejections, ρ constant
			cfg.DampingScale = ScaleAbsolute
			tr, err := New(net, n, cfg)
			require.NoError(t, err)
			kf := tr.fisher.(*kfac)
			L := net.Spec.Layers()
			assert.Equal(t, []int{1, 2, 3, 4}, refreshedLayers(t, tr, kf, x, y, n), "first step")
			count := make([]int, L+1)
			for s := 1; s <= 2*R; s++ {
				got := refreshedLayers(t, tr, kf, x, y, n)
				if stagger {
					assert.LessOrEqual(t, len(got), (L+R-1)/R, "R=%d step %d: %v", R, s, got)
				} else {
					assert.Contains(t, [][]int{nil, {1, 2, 3, 4}}, got, "R=%d step %d", R, s)
				}
				for _, l := range got {
					count[l]++
				}
			}
			for l := 1; l <= L; l++ {
				assert.Equal(t, 2, count[l], "R=%d stagger=%v: layer %d refreshes once per period", R, stagger, l)
			}
		}
	}
}
