package tinynet

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
)

func TestForwardWorkspaceComputesExactlyWhatTheTrainingForwardDoes(t *testing.T) {
	for _, act := range []simd.Activation{simd.Identity, simd.Tanh, simd.ReLU, simd.Sigmoid} {
		for _, widths := range [][]int{{3, 1}, {5, 7, 2}, {4, 16, 9, 3}} {
			spec := Spec{Widths: widths, Activation: act, SigmaW: 1.3, SigmaB: 0.2}
			net := New(spec)
			net.Init(7)
			for i := range net.Params { // nonzero biases too
				net.Params[i] += 0.01 * float32(i%5)
			}
			rows := 11
			x := make([]float32, rows*widths[0])
			r := rand.New(rand.NewPCG(1, 2))
			for i := range x {
				x[i] = float32(r.NormFloat64())
			}
			ws := NewWorkspaceAlloc(spec, rows)
			fw := NewForwardWorkspaceAlloc(spec, rows)
			for _, n := range []int{rows, 1} {
				// The same n on both sides: the kernels may sum in another order for
				// another row count (NEON GemmNT does at one row).
				ws.Forward(net, x, n)
				want := ws.Output()
				got := fw.Forward(net, x, n)
				require.Equal(t, n, got.Rows)
				assert.Equal(t, want.Data[:n*spec.Outputs()], got.Data, "%v %v n=%d", act, widths, n)
			}
		}
	}
}

func TestForwardWorkspaceIsSmallAndDoesNotAllocate(t *testing.T) {
	spec := Spec{Widths: []int{64, 256, 256, 10}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1}
	fw := NewForwardWorkspaceAlloc(spec, 512)
	assert.Equal(t, 2*512*256*4, fw.Bytes()) // 1 MiB: two activation buffers and nothing else
	net := New(spec)
	net.Init(1)
	x := make([]float32, 512*64)
	allocs := testing.AllocsPerRun(5, func() { fw.Forward(net, x, 512) })
	assert.Zero(t, allocs)
}

func TestForwardWorkspaceRejectsTooManyRowsAndOtherNetworks(t *testing.T) {
	spec := Spec{Widths: []int{2, 3, 1}, Activation: simd.Tanh, SigmaW: 1}
	fw := NewForwardWorkspaceAlloc(spec, 4)
	assert.Panics(t, func() { fw.Forward(New(spec), make([]float32, 10), 5) })
	assert.Panics(t, func() { fw.Forward(New(spec), make([]float32, 3), 2) })
	other := Spec{Widths: []int{2, 4, 1}, Activation: simd.Tanh, SigmaW: 1}
	assert.Panics(t, func() { fw.Forward(New(other), make([]float32, 8), 4) })
}
