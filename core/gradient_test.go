package core

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// lossAt64 evaluates ℒ in float64 from the float64 forward pass of dense_test.go.
func lossAt64(net *tinynet.Net, x, y []float32, n int, loss tinynet.Loss) float64 {
	f, _ := denseJacobian(net, x, n)
	C := net.Spec.Outputs()
	var s float64
	for i := 0; i < n; i++ {
		if loss == tinynet.MSE {
			for c := 0; c < C; c++ {
				e := f[i*C+c] - float64(y[i*C+c])
				s += 0.5 * e * e
			}
			continue
		}
		m := math.Inf(-1)
		for c := 0; c < C; c++ {
			m = math.Max(m, f[i*C+c])
		}
		var z float64
		for c := 0; c < C; c++ {
			z += math.Exp(f[i*C+c] - m)
		}
		s += m + math.Log(z) - f[i*C+int(y[i])]
	}
	return s / float64(n)
}

func TestLossGradientMatchesFiniteDifferences(t *testing.T) {
	for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
		t.Run(loss.String(), func(t *testing.T) {
			net, x, y := tinyProblem([]int{4, 6, 5, 3}, simd.Tanh, 7, loss, 5)
			ws := tinynet.NewWorkspaceAlloc(net.Spec, 7)
			ws.Forward(net, x, 7)
			if loss == tinynet.MSE {
				ws.LossMSE(y)
			} else {
				ws.LossSoftmaxCE(y)
			}
			grad := make([]float32, net.Spec.Params())
			ws.Backprop(net, grad)

			fd := make([]float64, len(grad))
			for p := range net.Params {
				orig := net.Params[p]
				net.Params[p] = orig + 1e-2
				up := float64(net.Params[p])
				lp := lossAt64(net, x, y, 7, loss)
				net.Params[p] = orig - 1e-2
				down := float64(net.Params[p])
				lm := lossAt64(net, x, y, 7, loss)
				net.Params[p] = orig
				fd[p] = (lp - lm) / (up - down)
			}
			require.NotZero(t, relErr(make([]float32, len(fd)), fd))
			assert.Less(t, relErr(grad, fd), 1e-3)
		})
	}
}
