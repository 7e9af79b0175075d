package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Levenberg–Marquardt damping: when the loss falls as the quadratic model predicts, ρ shrinks;
// when a step does much worse than predicted, ρ grows.
func TestLevenbergMarquardtDampingFollowsReductionRatio(t *testing.T) {
	t.Run("model trusted: rho shrinks", func(t *testing.T) {
		// Wide tanh net, exact NGD at η = 0.5: the linearized model is accurate.
		net, x, y := unitNormProblem([]int{64, 256, 256, 1}, simd.Tanh, 32, 3)
		cfg := Defaults(Exact, tinynet.MSE)
		cfg.LR, cfg.LRMode, cfg.Damping, cfg.DampingPolicy = 0.5, LRFixed, 1e-4, DampingLM
		cfg.DampingScale = ScaleAbsolute
		tr, err := New(net, 32, cfg)
		require.NoError(t, err)
		info, err := tr.Step(x, y, 32)
		require.NoError(t, err)
		require.False(t, info.Rejected)
		assert.InDelta(t, 1e-4*2.0/3.0, tr.Damping(), 1e-12)
	})
	t.Run("model not trusted: rho grows", func(t *testing.T) {
		// Tiny ReLU net pushed with η = 8: the actual decrease is far below the prediction.
		net, x, y := tinyProblem([]int{3, 4, 4, 1}, simd.ReLU, 12, tinynet.MSE, 9)
		cfg := Defaults(Exact, tinynet.MSE)
		cfg.LR, cfg.LRMode, cfg.Damping, cfg.DampingPolicy = 8, LRFixed, 1e-3, DampingLM
		cfg.DampingScale = ScaleAbsolute
		tr, err := New(net, 12, cfg)
		require.NoError(t, err)
		info, err := tr.Step(x, y, 12)
		require.NoError(t, err)
		require.False(t, info.Rejected)
		assert.Less(t, info.Loss-info.LossAfter, 0.25*0.5*info.Loss, "the step should disappoint the model")
		assert.InDelta(t, 1e-3*1.5, tr.Damping(), 1e-12)
	})
	t.Run("fixed policy leaves rho alone", func(t *testing.T) {
		net, x, y := tinyProblem([]int{3, 4, 4, 1}, simd.ReLU, 12, tinynet.MSE, 9)
		cfg := Defaults(Exact, tinynet.MSE)
		cfg.LR, cfg.LRMode, cfg.Damping = 8, LRFixed, 1e-3
		cfg.DampingScale = ScaleAbsolute
		tr, err := New(net, 12, cfg)
		require.NoError(t, err)
		_, err = tr.Step(x, y, 12)
		require.NoError(t, err)
		assert.Equal(t, 1e-3, tr.Damping())
	})
}
