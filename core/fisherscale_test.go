package core

import (
	"math"
	"testing"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/stretchr/testify/require"
)

// fisherScaleBlocks is fisherScale's per-sample loop over the blocks of Λ̃ for every case,
// the reference for its one-output loop.
func fisherScaleBlocks(t *Trainer) float64 {
	ws, s := t.ws, t.spec
	n, C, L := ws.Rows, s.Outputs(), s.Layers()
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	hn, dn := make([]float64, n), make([]float64, n)
	var tr float64
	for l := 1; l <= L; l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		sc := float64(s.Scale(l)) * float64(s.Scale(l))
		simd.SumSqRows(n, in, ws.H[l-1].Data, in, hn)
		if l < L {
			simd.SumSqRows(n, C*out, ws.D[l].Data, C*out, dn)
		}
		for i := 0; i < n; i++ {
			blk := t.lam[i*C*C : (i+1)*C*C]
			var g float64
			if l == L {
				for a := 0; a < C; a++ {
					g += blk[a*C+a]
				}
			} else {
				g = blk[0] * dn[i]
			}
			tr += g * (sc*hn[i] + b2)
		}
	}
	return tr / float64(C)
}

// With one output and MSE, fisherScale's loop over the samples gives the trace of the
// per-sample block loop bit for bit, with and without sample weights.
func TestFisherScaleOneOutputIsTheBlockLoop(t *testing.T) {
	for _, widths := range [][]int{{8, 32, 32, 1}, {3, 5, 1}, {2, 9, 4, 1}} {
		for _, weighted := range []bool{false, true} {
			n := 7
			net, x, y := tinyProblem(widths, simd.Tanh, n, tinynet.MSE, 5)
			tr, err := New(net, n, Defaults(BlockDiag, tinynet.MSE))
			require.NoError(t, err)
			if weighted {
				w := make([]float32, n)
				for i := range w {
					w[i] = 0.25 + float32(i)
				}
				tr.SetSampleWeights(w)
			}
			tr.ws.Forward(tr.net, x, n)
			tr.lossOn(y)
			tr.curvature()
			tr.ws.Signals(tr.net)
			want := fisherScaleBlocks(tr)
			got := tr.fisherScale()
			require.Equal(t, math.Float64bits(want), math.Float64bits(got), "widths %v weighted %v: %v vs %v", widths, weighted, got, want)
		}
	}
}
