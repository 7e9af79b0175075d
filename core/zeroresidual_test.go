package core

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// A batch the network already fits exactly (zero residual, as with one training row or
// constant columns after standardization) has nothing to learn: η* would be 0/0. Every
// method and step-size mode treats such a step as an accepted no-op: no error, no
// rejection, the weights and ρ unchanged.
func TestZeroResidualStepIsAnAcceptedNoOp(t *testing.T) {
	for _, m := range Methods() {
		for _, mode := range []LRMode{LRFixed, LRAuto, LRPaper} {
			if !m.IsNGD() && mode != LRFixed {
				continue
			}
			net, x, _ := tinyProblem([]int{3, 4, 4, 2}, simd.Tanh, 6, tinynet.MSE, 5)
			ws := tinynet.NewWorkspaceAlloc(net.Spec, 6)
			ws.Forward(net, x, 6)
			y := append([]float32(nil), ws.U[net.Spec.Layers()].Data[:6*2]...) // the net's own outputs
			cfg := Defaults(m, tinynet.MSE)
			cfg.LRMode = mode
			if mode == LRFixed {
				cfg.LR = 0.1
			}
			tr, err := New(net, 6, cfg)
			require.NoError(t, err)
			before := append([]float32(nil), net.Params...)
			for i := 0; i < 2*cfg.MaxRejects+2; i++ {
				info, err := tr.Step(x, y, 6)
				require.NoError(t, err, "%s %v step %d", m, mode, i)
				assert.False(t, info.Rejected, "%s %v: %s", m, mode, info.Reason)
				assert.Zero(t, info.Loss)
				if m.IsNGD() {
					assert.Zero(t, info.LossAfter)
				} else {
					assert.True(t, math.IsNaN(info.LossAfter), "%s: the loss after a fixed-rate step is not computed", m)
				}
			}
			assert.Equal(t, before, net.Params, "%s %v", m, mode)
			assert.Equal(t, cfg.Damping, tr.Damping(), "%s %v", m, mode)
			assert.Equal(t, 2*cfg.MaxRejects+2, tr.Steps())
		}
	}
}
