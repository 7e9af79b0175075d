package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

func TestEveryMethodRoundTripsByNameAndBuilds(t *testing.T) {
	ms := Methods()
	require.Len(t, ms, len(methodTable))
	seen := map[string]bool{}
	for _, m := range ms {
		row := m.row()
		require.NotNil(t, row)
		assert.NotEqual(t, row.fisher == nil, row.firstOrder == nil, "%s: exactly one constructor", m)
		assert.Equal(t, row.fisher != nil, m.IsNGD(), "%s", m)
		assert.False(t, seen[m.String()], "%s named twice", m)
		seen[m.String()] = true
		got, ok := ParseMethod(m.String())
		require.True(t, ok, "%s", m)
		assert.Equal(t, m, got)

		net, _, _ := tinyProblem([]int{3, 5, 4, 2}, simd.Tanh, 4, tinynet.MSE, 1)
		tr, err := New(net, 4, Defaults(m, tinynet.MSE))
		require.NoError(t, err, "%s", m)
		assert.Contains(t, tr.Plan(), m.String()+": ")
	}
	_, ok := ParseMethod("newton")
	assert.False(t, ok)
	assert.Equal(t, "unknown", Method(len(methodTable)).String())
	assert.False(t, Method(len(methodTable)).IsNGD())
	_, err := New(tinynet.New(tinynet.Spec{Widths: []int{2, 1}, SigmaW: 1}), 1, Config{Method: Method(len(methodTable)), LR: 1})
	assert.ErrorIs(t, err, ErrConfig)
}

// With momentum 0, SGD is plain gradient descent: every step is exactly −η∇ℒ at the
// current weights.
func TestSGDWithoutMomentumIsGradientDescent(t *testing.T) {
	net, x, y := tinyProblem([]int{4, 6, 2}, simd.Tanh, 5, tinynet.MSE, 7)
	cfg := Defaults(SGD, tinynet.MSE)
	cfg.Momentum, cfg.LR = 0, 0.1
	tr, err := New(net, 5, cfg)
	require.NoError(t, err)
	ws := tinynet.NewWorkspaceAlloc(net.Spec, 5)
	grad := make([]float32, net.Spec.Params())
	for step := 0; step < 3; step++ {
		ws.Forward(net, x, 5)
		ws.LossMSE(y)
		ws.Backprop(net, grad)
		want := append([]float32(nil), net.Params...)
		for i, g := range grad {
			want[i] -= float32(cfg.LR) * g
		}
		info, err := tr.Step(x, y, 5)
		require.NoError(t, err)
		require.False(t, info.Rejected)
		// equal up to float32 rounding (a fused multiply-add may round once less)
		assert.InDeltaSlice(t, want, net.Params, 1e-6, "step %d", step)
	}
}
