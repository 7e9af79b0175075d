package tinynet

import (
	"math/rand/v2"

	"github.com/edgetrain/edgetrain/fixedbuf"
)

// Net holds the raw parameters of an MLP in one flat vector, with per-layer views.
type Net struct {
	Spec   Spec
	Params []float32        // all raw parameters, layer by layer: W_l then b_l
	W      []fixedbuf.Mat32 // W[l-1] is W_l, M_l×M_{l-1}, a view into Params
	B      [][]float32      // B[l-1] is b_l, a view into Params
}

// New returns a network with all parameters zero. It panics on an invalid spec.
func New(spec Spec) *Net {
	if err := spec.Validate(); err != nil {
		panic(err.Error())
	}
	spec.Widths = append([]int(nil), spec.Widths...)
	n := &Net{Spec: spec, Params: make([]float32, spec.Params())}
	n.W, n.B = spec.Views(n.Params)
	return n
}

// Views returns the per-layer weight and bias views of a flat parameter-shaped vector
// (parameters, gradients, updates all share this layout).
func (s Spec) Views(p []float32) ([]fixedbuf.Mat32, [][]float32) {
	if len(p) != s.Params() {
		panic("tinynet: parameter vector length mismatch")
	}
	L := s.Layers()
	w := make([]fixedbuf.Mat32, L)
	b := make([][]float32, L)
	for l := 1; l <= L; l++ {
		w[l-1], b[l-1] = s.LayerW(p, l), s.LayerB(p, l)
	}
	return w, b
}

// Init draws every raw weight i.i.d. N(0,1) from a PCG stream seeded with seed and sets
// the biases to zero (the NTK parameterization puts the scale in the layer map).
func (n *Net) Init(seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	for l := range n.W {
		for i := range n.W[l].Data {
			n.W[l].Data[i] = float32(rng.NormFloat64())
		}
		for i := range n.B[l] {
			n.B[l][i] = 0
		}
	}
}

// Clone returns a deep copy.
func (n *Net) Clone() *Net {
	c := New(n.Spec)
	copy(c.Params, n.Params)
	return c
}

// EffectiveWeights writes the effective weight s_l·W_l (M_l×M_{l-1}) and bias σ_b·b_l of
// layer l (1-based) into w and b, the form torch.nn.Linear uses.
func (n *Net) EffectiveWeights(l int, w, b []float64) {
	s := float64(n.Spec.Scale(l))
	for i, v := range n.W[l-1].Data {
		w[i] = s * float64(v)
	}
	for i, v := range n.B[l-1] {
		b[i] = float64(n.Spec.SigmaB) * float64(v)
	}
}

// SetEffectiveWeights sets layer l from effective weights (the inverse of EffectiveWeights).
// With σ_b = 0 the raw bias is set to zero and a nonzero effective bias is ignored.
func (n *Net) SetEffectiveWeights(l int, w, b []float64) {
	s := float64(n.Spec.Scale(l))
	for i := range n.W[l-1].Data {
		n.W[l-1].Data[i] = float32(w[i] / s)
	}
	for i := range n.B[l-1] {
		if n.Spec.SigmaB == 0 {
			n.B[l-1][i] = 0
		} else {
			n.B[l-1][i] = float32(b[i] / float64(n.Spec.SigmaB))
		}
	}
}

// Predict runs the network on the first rows of x (rows×M_0) using the forward-only
// workspace ws (capacity ≥ rows) and returns the outputs (rows×C), a view into ws valid
// until its next use. It does not allocate.
func (n *Net) Predict(ws *ForwardWorkspace, x []float32, rows int) fixedbuf.Mat32 {
	return ws.Forward(n, x, rows)
}
