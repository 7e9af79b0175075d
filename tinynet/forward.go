package tinynet

import (
	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
)

// ForwardWorkspace holds what a forward pass alone needs, for batches of up to Cap rows:
// two Cap×(widest layer after the input) buffers that the layers write in turn. It keeps
// no activation derivatives, backward signals or products, so it is the workspace for
// prediction: for a 64-256-256-10 network at 512 rows it is 1 MiB where a training
// Workspace is about 18 MiB. It computes exactly what Workspace.Forward computes (the
// same kernels in the same order). Methods never allocate.
type ForwardWorkspace struct {
	spec Spec
	cap  int
	a, b []float32
	slab int // bytes of its own slab (NewForwardWorkspaceAlloc), 0 when carved from another
}

// NewForwardWorkspace carves a forward-only workspace for batches of up to capacity rows
// from c. With a *fixedbuf.Planner it only counts; with a *fixedbuf.Slab it returns
// usable buffers.
func NewForwardWorkspace(c fixedbuf.Carver, spec Spec, capacity int) *ForwardWorkspace {
	if capacity <= 0 {
		panic("tinynet: workspace capacity must be positive")
	}
	wide := 0
	for _, w := range spec.Widths[1:] {
		wide = max(wide, w)
	}
	return &ForwardWorkspace{spec: spec, cap: capacity, a: c.F32(capacity * wide), b: c.F32(capacity * wide)}
}

// NewForwardWorkspaceAlloc allocates a standalone forward-only workspace.
func NewForwardWorkspaceAlloc(spec Spec, capacity int) *ForwardWorkspace {
	var p fixedbuf.Planner
	NewForwardWorkspace(&p, spec, capacity)
	s := fixedbuf.NewSlab(&p)
	w := NewForwardWorkspace(s, spec, capacity)
	s.Seal()
	w.slab = s.Bytes()
	return w
}

// Cap returns the most rows one Forward call takes.
func (w *ForwardWorkspace) Cap() int { return w.cap }

// Bytes returns the size of the workspace's buffers: its slab, alignment padding included,
// when it has its own (NewForwardWorkspaceAlloc).
func (w *ForwardWorkspace) Bytes() int {
	if w.slab > 0 {
		return w.slab
	}
	return 4 * (len(w.a) + len(w.b))
}

// Forward runs net (whose spec must be the workspace's) on the first n rows of x
// (row-major n×M_0) and returns the outputs f (n×C), a view into the workspace valid
// until its next Forward.
func (w *ForwardWorkspace) Forward(net *Net, x []float32, n int) fixedbuf.Mat32 {
	s := w.spec
	if n < 1 || n > w.cap {
		panic("tinynet: batch rows out of range")
	}
	if len(x) < n*s.Widths[0] {
		panic("tinynet: input slice too short")
	}
	if !sameWidths(net.Spec.Widths, s.Widths) {
		panic("tinynet: network does not match the workspace")
	}
	L := s.Layers()
	h, next := x, w.a
	for l := 1; l <= L; l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		u := next[:n*out]
		layerProduct(n, out, in, s.Scale(l), h, net.W[l-1].Data, u, nil, s.SigmaB, net.B[l-1])
		var hl []float32
		if l < L {
			hl = u // h_l = φ(u_l) in place
		}
		simd.BiasAct(s.Activation, n, out, 0, nil, u, hl, nil)
		h = u
		if &next[0] == &w.a[0] {
			next = w.b
		} else {
			next = w.a
		}
	}
	C := s.Outputs()
	return fixedbuf.Mat32{Data: h[:n*C], Rows: n, Cols: C, Stride: C}
}

// layerProduct writes u = alpha·H·Wᵀ for the n×in activations h and the out×in weights w
// of a dense layer (u is n×out) with beta·b added to every row, the same values as
// BiasAct's bias add: GemmNTBias, or for a layer of one unit (a network's single output)
// the matrix–vector product GemvBias, every row in one kernel call. Both forward passes
// use it, so prediction computes what training computes. work is GemmNTWork's scratch
// (nil: none); it changes no value.
func layerProduct(n, out, in int, alpha float32, h, w, u, work []float32, beta float32, b []float32) {
	if out == 1 {
		simd.GemvBias(n, in, alpha, h, in, w[:in], beta, b, u)
		return
	}
	simd.GemmNTBias(n, out, in, alpha, h, in, w, in, beta, b, u, work)
}

func sameWidths(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
