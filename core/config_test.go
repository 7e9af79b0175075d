package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// A Config literal naming only the method and η trains exactly like Defaults with that η:
// the zero fields are filled from Defaults, not used as zeros.
func TestZeroFieldsAreFilledFromDefaults(t *testing.T) {
	for _, m := range []Method{Adam, SGD} {
		net, x, y := tinyProblem([]int{4, 8, 2}, simd.Tanh, 6, tinynet.MSE, 5)
		ref := net.Clone()

		lit, err := New(net, 6, Config{Method: m, LR: 1e-3, Momentum: 0.9})
		require.NoError(t, err)
		full := Defaults(m, tinynet.MSE)
		full.LR = 1e-3
		full.Damping = 0 // ρ = 0 is a setting, kept (and unused by first-order methods)
		def, err := New(ref, 6, full)
		require.NoError(t, err)
		assert.Equal(t, full, lit.Config(), "%s", m)
		var first, last float64
		for i := 0; i < 5; i++ {
			a, err := lit.Step(x, y, 6)
			require.NoError(t, err)
			_, err = def.Step(x, y, 6)
			require.NoError(t, err)
			if i == 0 {
				first = a.Loss
			}
		}
		last = lit.Loss(x, y, 6)
		assert.Equal(t, ref.Params, net.Params, "%s", m)
		assert.Less(t, last, first, "%s: the loss falls", m)
	}
}

func TestZeroFieldsThatAreSettingsStay(t *testing.T) {
	spec := tinynet.Spec{Widths: []int{3, 4, 2}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	net := tinynet.New(spec)
	net.Init(1)

	// SGD without momentum, and its default η
	tr, err := New(net, 4, Config{Method: SGD})
	require.NoError(t, err)
	assert.Equal(t, 0.0, tr.Config().Momentum)
	assert.Equal(t, Defaults(SGD, tinynet.MSE).LR, tr.Config().LR)

	// NGD with the line search: ρ = 0 and no per-layer bound stay; the multiplier is the
	// loss's default
	for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
		tr, err = New(net, 4, Config{Method: UnitWise, Loss: loss, LRMode: LRAuto})
		require.NoError(t, err)
		c := tr.Config()
		assert.Equal(t, 0.0, c.Damping)
		assert.Equal(t, 0.0, c.MaxRelStep)
		assert.Equal(t, Defaults(UnitWise, loss).LR, c.LR, "%s", loss)
	}

	// a fixed η for an NGD method has no default
	_, err = New(net, 4, Config{Method: BlockDiag})
	assert.ErrorIs(t, err, ErrConfig)
}

func TestDefaultsHoldTheNumericPolicy(t *testing.T) {
	for _, m := range Methods() {
		for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			c := Defaults(m, loss)
			assert.Equal(t, m, c.Method)
			assert.Equal(t, loss, c.Loss)
			if !m.IsNGD() {
				assert.Equal(t, LRFixed, c.LRMode, "%s", m)
				assert.Equal(t, 0.0, c.LRCap, "%s", m)
				continue
			}
			assert.Equal(t, LRAuto, c.LRMode, "%s", m)
			bounded := m == UnitWise || m == KFAC
			assert.Equal(t, bounded, c.MaxRelStep == 0.1, "%s: per-layer bound", m)
			// damping relative to the Fisher's scale and the residual, except K-FAC for MSE
			// and the dual methods for cross-entropy, which keep an absolute ρ (1e-3; 1e-2
			// for tridiag)
			absolute := (m == KFAC) == (loss == tinynet.MSE) && !(m == UnitWise)
			if absolute {
				assert.Equal(t, ScaleAbsolute, c.DampingScale, "%s/%s", m, loss)
				assert.Equal(t, map[bool]float64{true: 1e-2, false: 1e-3}[m == TriDiag], c.Damping, "%s/%s", m, loss)
			} else {
				assert.Equal(t, ScaleFisherResidual, c.DampingScale, "%s/%s", m, loss)
			}
			if loss == tinynet.SoftmaxCE {
				assert.Equal(t, 0.3, c.LR, "%s: classifiers take 0.3 of the line-search step", m)
				assert.Equal(t, 1.0, c.LRCap, "%s: classifiers cap η at 1/α", m)
				if !absolute {
					assert.Equal(t, 1.0, c.Damping, "%s: λ for cross-entropy", m)
				}
				continue
			}
			assert.Equal(t, 1.0, c.LR, "%s: the full line-search step", m)
			assert.Equal(t, map[bool]float64{true: 4, false: 1}[bounded], c.LRCap, "%s: cap of the line search", m)
			if !absolute {
				assert.Equal(t, map[bool]float64{true: 0.1, false: 2}[bounded], c.Damping, "%s: λ for MSE", m)
			}
		}
	}
	assert.Equal(t, 0.05, Defaults(SGD, tinynet.MSE).LR)
	assert.Equal(t, 3e-3, Defaults(Adam, tinynet.MSE).LR)
}
