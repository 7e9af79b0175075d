package core

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

func TestBlockDiagStepEqualsDenseDefinition(t *testing.T) {
	checkMaskedDense(t, BlockDiag, FormAuto)
}

// The output layer's NTK written from its input Gram is the Gram of its unit-vector
// signals times that input Gram.
func TestOutputNTKIsInputGramKronIdentity(t *testing.T) {
	for _, widths := range [][]int{{3, 5, 1}, {4, 6, 6, 3}, {2, 9, 4}} {
		n := 5
		net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 3)
		tr, err := New(net, n, Defaults(BlockDiag, tinynet.MSE))
		require.NoError(t, err)
		tr.Direction(x, y, n)
		m := n * net.Spec.Outputs()
		want := make([]float64, m*m)
		tr.ws.LayerNTK(net.Spec.Layers(), want, m)
		got := make([]float64, m*m)
		k := make([]float64, n*n)
		tr.outputNTK(got, m, k, false)
		assert.InDeltaSlice(t, want, got, 1e-12)
		tr.outputNTK(got, m, k, true)
		for i := range want {
			assert.InDelta(t, 2*want[i], got[i], 1e-12)
		}
	}
}

// outputNTKAddLower adds, bit for bit, what outputNTK with add set adds at and below the
// diagonal, and leaves the elements above it alone.
func TestOutputNTKAddLowerIsOutputNTKAtAndBelowTheDiagonal(t *testing.T) {
	for _, widths := range [][]int{{3, 5, 1}, {4, 6, 6, 3}, {2, 9, 4}} {
		n := 5
		net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 3)
		tr, err := New(net, n, Defaults(BlockDiag, tinynet.MSE))
		require.NoError(t, err)
		tr.Direction(x, y, n)
		m := n * net.Spec.Outputs()
		full, low := make([]float64, m*m), make([]float64, m*m)
		for i := range full {
			full[i] = float64(i%5) - 2
			low[i] = full[i]
		}
		before := append([]float64(nil), low...)
		k := make([]float64, n*n)
		tr.outputNTK(full, m, k, true)
		tr.outputNTKAddLower(low, m, k)
		for a := 0; a < m; a++ {
			for b := 0; b < m; b++ {
				want := full[a*m+b]
				if b > a {
					want = before[a*m+b]
				}
				require.Equal(t, want, low[a*m+b], "widths %v: [%d,%d]", widths, a, b)
			}
		}
	}
}

// blockDiagReference is the former formula of the block-diagonal direction: every layer's
// (N·C)² system from its NTK, output layer included.
func blockDiagReference(t *testing.T, tr *Trainer, x, y []float32, n int) []float64 {
	t.Helper()
	tr.ws.Forward(tr.net, x, n)
	tr.lossOn(y)
	tr.curvature()
	tr.ws.Signals(tr.net)
	m := n * tr.spec.Outputs()
	th := make([]float64, m*m)
	v := make([]float64, m)
	var ds dualSys
	ds.sys, ds.piv = make([]float64, m*m), make([]float64, m)
	for l := 1; l <= tr.spec.Layers(); l++ {
		tr.ws.LayerNTK(l, th, m)
		require.True(t, tr.solveDual(&ds, th, m, v))
		tr.vjpLayer(l, v)
	}
	out := make([]float64, len(tr.dir))
	for i, d := range tr.dir {
		out[i] = float64(d)
	}
	return out
}

// The block-diagonal direction equals the former formula on random nets: C = 1 and C > 1,
// MSE (plain, where the output layer takes the N² path, and weighted) and cross-entropy,
// ρ = 0 (batch below every width) up to 10.
func TestBlockDiagMatchesFormerFormula(t *testing.T) {
	shapes := [][]int{{3, 12, 1}, {4, 10, 9, 3}, {5, 16, 16, 16, 4}, {2, 8, 2}}
	for si, widths := range shapes {
		C := widths[len(widths)-1]
		for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			if loss == tinynet.SoftmaxCE && C == 1 {
				continue
			}
			for _, weighted := range []bool{false, true} {
				for _, rho := range []float64{0, 1e-6, 1e-2, 10} {
					if rho == 0 && loss == tinynet.SoftmaxCE {
						continue // Λ̃ is singular
					}
					t.Run(fmt.Sprintf("%v/%s/weighted=%v/rho=%g", widths, loss, weighted, rho), func(t *testing.T) {
						n := 3
						net, x, y := tinyProblem(widths, simd.Tanh, n, loss, uint64(90+si))
						var w []float32
						if weighted {
							w = []float32{0.5, 1.5, 1}
						}
						cfg := Defaults(BlockDiag, loss)
						cfg.MaxRelStep, cfg.LR, cfg.LRMode, cfg.Damping = 0, 1, LRFixed, rho
						cfg.DampingScale = ScaleAbsolute
						tr, err := New(net.Clone(), n, cfg)
						require.NoError(t, err)
						tr.SetSampleWeights(w)
						d, ok := tr.Direction(x, y, n)
						require.True(t, ok)
						got := make([]float64, len(d))
						for i, v := range d {
							got[i] = float64(v)
						}
						want := blockDiagReference(t, tr, x, y, n)
						e := relErr64(got, want)
						t.Logf("relative difference %.2g", e)
						assert.Less(t, e, 1e-6)
					})
				}
			}
		}
	}
}
