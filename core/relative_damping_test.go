package core

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// With a relative damping scale the step is the dense definition −η(F+ρI)⁻¹∇ℒ with
// ρ = λ·tr(F)/C (ScaleFisher) or λ·tr(F)/C·Σ_n‖r_n‖²/(N·C) (ScaleFisherResidual), F and the
// residual those of the batch before the step.
func TestRelativeDampingIsLambdaTimesTheFishersTracePerOutput(t *testing.T) {
	for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
		for _, scale := range []DampingScale{ScaleFisher, ScaleFisherResidual} {
			t.Run(fmt.Sprintf("%v/scale=%d", loss, scale), func(t *testing.T) {
				widths := []int{3, 5, 4, 1}
				if loss == tinynet.SoftmaxCE {
					widths = []int{4, 6, 6, 3}
				}
				const n, lambda = 6, 0.7
				net, x, y := tinyProblem(widths, simd.Tanh, n, loss, 5)
				grad, F, _ := denseFisher(net, x, y, n, loss)
				C := widths[len(widths)-1]
				var tr float64
				for i := range F {
					tr += F[i][i]
				}
				want := lambda * tr / float64(C)
				if scale == ScaleFisherResidual {
					want *= meanSquaredResidual(net, x, y, n, loss)
				}

				cfg := Defaults(Exact, loss)
				cfg.LR, cfg.LRMode, cfg.Damping, cfg.DampingScale = 0.5, LRFixed, lambda, scale
				tr2, err := New(net, n, cfg)
				require.NoError(t, err)
				before := append([]float32(nil), net.Params...)
				info, err := tr2.Step(x, y, n)
				require.NoError(t, err)
				require.False(t, info.Rejected)
				assert.InDelta(t, want, info.Damping, 1e-6*want, "ρ")
				assert.Equal(t, lambda, tr2.DampingLevel(), "the policy's level stays λ")
				got := make([]float32, len(before))
				for i := range got {
					got[i] = net.Params[i] - before[i]
				}
				assert.Less(t, relErr(got, denseNGDStep(F, grad, 0.5, want)), 1e-5)
			})
		}
	}
}

// meanSquaredResidual is Σ_n‖r_n‖²/(N·C) at the network's current weights, from the dense
// forward pass (r = f − y, or p − onehot(y) for cross-entropy).
func meanSquaredResidual(net *tinynet.Net, x, y []float32, n int, loss tinynet.Loss) float64 {
	f, _ := denseJacobian(net, x, n)
	C := net.Spec.Outputs()
	var s float64
	for i := 0; i < n; i++ {
		out := f[i*C : (i+1)*C]
		if loss == tinynet.MSE {
			for c, v := range out {
				d := v - float64(y[i*C+c])
				s += d * d
			}
			continue
		}
		mx := math.Inf(-1)
		for _, v := range out {
			mx = math.Max(mx, v)
		}
		var z float64
		for _, v := range out {
			z += math.Exp(v - mx)
		}
		for c, v := range out {
			d := math.Exp(v-mx) / z
			if c == int(y[i]) {
				d--
			}
			s += d * d
		}
	}
	return s / float64(n*C)
}

// The residual-relative damping vanishes with the residual, so a network that can fit its
// batch still converges, faster and faster, where a fixed ρ of the starting size stalls.
func TestResidualDampingFadesAsTheBatchIsFitted(t *testing.T) {
	net, x, y := unitNormProblem([]int{16, 64, 64, 1}, simd.Tanh, 16, 3)
	cfg := Defaults(Exact, tinynet.MSE)
	require.Equal(t, ScaleFisherResidual, cfg.DampingScale)
	tr, err := New(net, 16, cfg)
	require.NoError(t, err)
	var first, last StepInfo
	for i := 0; i < 40; i++ {
		info, err := tr.Step(x, y, 16)
		require.NoError(t, err)
		if i == 0 {
			first = info
		}
		last = info
	}
	assert.Less(t, last.Damping, first.Damping/100, "ρ fades with the residual")
	assert.Less(t, last.LossAfter, first.Loss/1e3, "the batch is fitted")
}

// When the scale has vanished (a fitted batch), raising λ cannot raise ρ; a rejected step
// still makes the next ρ ten times larger, so the trainer is never stuck at the same ρ.
func TestRejectionRaisesRelativeDampingEvenWhenTheScaleVanishes(t *testing.T) {
	net, x, y := tinyProblem([]int{3, 4, 4, 1}, simd.Tanh, 12, tinynet.MSE, 9)
	tr, err := New(net, 12, Defaults(Exact, tinynet.MSE))
	require.NoError(t, err)
	tr.damping = 1e-6
	tr.rejects = 1 // as after a rejected step at ρ = 1e-6
	tr.ws.Forward(tr.net, x, 12)
	tr.lossOn(y)
	tr.curvature()
	for i := range tr.ws.R.Data[:12] { // a batch fitted exactly: the residual scale is 0
		tr.ws.R.Data[i] = 0
	}
	tr.setDamping()
	assert.InDelta(t, 1e-5, tr.Damping(), 1e-18)
}

// LRCap bounds the line search at LRCap/α; 0 leaves η* alone.
func TestLineSearchCap(t *testing.T) {
	for _, c := range []struct {
		cap  float64
		want func(etaStar, alpha float64) float64
	}{
		{0, func(e, _ float64) float64 { return e }},
		{1, func(e, a float64) float64 { return math.Min(e, 1/a) }},
		{4, func(e, a float64) float64 { return math.Min(e, 4/a) }},
	} {
		net, x, y := unitNormProblem([]int{16, 32, 32, 1}, simd.Tanh, 16, 5)
		cfg := Defaults(KFAC, tinynet.MSE)
		cfg.LRCap, cfg.MaxRelStep = c.cap, 0
		tr, err := New(net, 16, cfg)
		require.NoError(t, err)
		info, err := tr.Step(x, y, 16)
		require.NoError(t, err)
		require.False(t, info.Rejected, "cap %g", c.cap)
		assert.InDelta(t, c.want(info.EtaStar, tr.Alpha()), info.LR, 1e-12, "cap %g", c.cap)
		if c.cap == 1 {
			assert.Less(t, info.LR, info.EtaStar, "the test needs a binding cap")
		}
	}
}

// Exact NGD with plain MSE takes ρ's scale tr(Λ̃Θ)/C from the diagonal of the Θ it forms
// (thetaScaler) instead of fisherScale's pass over the signals: the two agree to rounding.
func TestExactTakesTheDampingScaleFromItsThetaDiagonal(t *testing.T) {
	net, x, y := tinyProblem([]int{3, 8, 8, 1}, simd.Tanh, 12, tinynet.MSE, 4)
	tr, err := New(net, 12, Defaults(Exact, tinynet.MSE))
	require.NoError(t, err)
	_, ok := tr.Direction(x, y, 12)
	require.True(t, ok)
	require.True(t, tr.fisher.(thetaScaler).formsTheta())
	require.False(t, tr.dampingPending, "the direction set ρ")
	fromTheta := tr.Damping()
	tr.setDamping() // fisherScale on the same forward pass and signals
	assert.InDelta(t, tr.Damping(), fromTheta, 1e-12*tr.Damping())
	assert.Greater(t, fromTheta, tr.cfg.MinDamping, "the scale, not the floor, set ρ")
}
