package tinynet

import (
	"math"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
)

// Workspace holds every per-batch buffer of one network for batches of up to Cap rows:
// activations, pre-activations, activation derivatives, backward signals, the loss
// residual and scratch for products. It is carved from a fixedbuf.Carver so a trainer
// can plan it and place it in its slab. Methods never allocate.
type Workspace struct {
	Spec Spec
	Cap  int // maximum rows
	Rows int // rows of the current batch (set by Forward)

	H    []fixedbuf.Mat32 // H[l], l = 0..L-1: layer inputs h_l (Cap×M_l); H[0] is the batch
	U    []fixedbuf.Mat32 // U[l], l = 1..L: pre-activations (Cap×M_l); U[L] is the output f
	Dphi []fixedbuf.Mat32 // Dphi[l], l = 1..L-1: φ'(u_l) (Cap×M_l)
	D    []fixedbuf.Mat32 // D[l], l = 1..L: backward signals, row n·C+c is δ_{l,n}^{(c)} ((Cap·C)×M_l)
	G    []fixedbuf.Mat32 // G[l], l = 1..L: per-sample signal contracted with a dual vector (Cap×M_l)
	R    fixedbuf.Mat32   // residual ∂ℓ_n/∂f_n: e = f − y for MSE, p − onehot(y) for softmax CE (Cap×C)
	Prob fixedbuf.Mat32   // softmax probabilities p (Cap×C), softmax CE only
	// Sample weights ω_n of the loss ℒ = Σ_n ω_n ℓ_n / Σ_n ω_n; nil means uniform.
	Weight []float32

	zA, zB fixedbuf.Mat32 // forward-mode tangents (Cap×maxWidth); zA is the forward products' scratch too
	gram   []float64      // scratch for one N×N input Gram
	scale  []float32      // scale[l] = Spec.Scale(l), l = 1..L, formed once
}

// NewWorkspace carves a workspace for batches of up to capacity rows from c.
// With a *fixedbuf.Planner it only counts; with a *fixedbuf.Slab it returns usable buffers.
func NewWorkspace(c fixedbuf.Carver, spec Spec, capacity int) *Workspace {
	if capacity <= 0 {
		panic("tinynet: workspace capacity must be positive")
	}
	L := spec.Layers()
	C := spec.Outputs()
	w := &Workspace{Spec: spec, Cap: capacity}
	w.H = make([]fixedbuf.Mat32, L)
	w.U = make([]fixedbuf.Mat32, L+1)
	w.Dphi = make([]fixedbuf.Mat32, L)
	w.D = make([]fixedbuf.Mat32, L+1)
	w.G = make([]fixedbuf.Mat32, L+1)
	w.H[0] = c.Mat32(capacity, spec.Widths[0])
	for l := 1; l <= L; l++ {
		w.U[l] = c.Mat32(capacity, spec.Widths[l])
		if l < L {
			w.H[l] = c.Mat32(capacity, spec.Widths[l])
			w.Dphi[l] = c.Mat32(capacity, spec.Widths[l])
		}
		w.D[l] = c.Mat32(capacity*C, spec.Widths[l])
		w.G[l] = c.Mat32(capacity, spec.Widths[l])
	}
	w.R = c.Mat32(capacity, C)
	w.Prob = c.Mat32(capacity, C)
	w.zA = c.Mat32(capacity, spec.MaxWidth())
	w.zB = c.Mat32(capacity, spec.MaxWidth())
	w.gram = c.F64(capacity * capacity)
	w.scale = make([]float32, L+1)
	for l := 1; l <= L; l++ {
		w.scale[l] = spec.Scale(l)
	}
	return w
}

// Scale returns the layer scale s_l = σ_w/√M_{l-1} of the workspace's Spec (Spec.Scale),
// formed when the workspace was made: the Spec must not change afterwards.
func (w *Workspace) Scale(l int) float32 { return w.scale[l] }

// NewWorkspaceAlloc allocates a standalone workspace (for prediction and tests).
func NewWorkspaceAlloc(spec Spec, capacity int) *Workspace {
	var p fixedbuf.Planner
	NewWorkspace(&p, spec, capacity)
	s := fixedbuf.NewSlab(&p)
	w := NewWorkspace(s, spec, capacity)
	s.Seal()
	return w
}

// Forward runs the network on the first n rows of x (row-major n×M_0) and fills H, U and
// Dphi. The output f is U[L] (first n rows).
func (w *Workspace) Forward(net *Net, x []float32, n int) { w.forward(net, x, n, true) }

// ForwardNoDeriv is Forward without the activation derivatives: it fills H and U and leaves
// Dphi as the last Forward wrote it. It serves a pass that only needs the outputs (the
// loss after a step); Signals, Backprop and JVP need a Forward at the same weights first.
func (w *Workspace) ForwardNoDeriv(net *Net, x []float32, n int) { w.forward(net, x, n, false) }

func (w *Workspace) forward(net *Net, x []float32, n int, deriv bool) {
	if n < 1 || n > w.Cap {
		panic("tinynet: batch rows out of range")
	}
	s := w.Spec
	if len(x) < n*s.Widths[0] {
		panic("tinynet: input slice too short")
	}
	w.Rows = n
	copy(w.H[0].Data[:n*s.Widths[0]], x[:n*s.Widths[0]])
	L := s.Layers()
	for l := 1; l <= L; l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		u := w.U[l].Data[:n*out]
		layerProduct(n, out, in, w.scale[l], w.H[l-1].Data, net.W[l-1].Data, u, w.zA.Data, s.SigmaB, net.B[l-1]) // zA is free until a JVP
		var h, dphi []float32
		if l < L {
			h = w.H[l].Data[:n*out]
			if deriv {
				dphi = w.Dphi[l].Data[:n*out]
			}
		}
		// h_l = φ(u_l), φ'(u_l): one pass (the product added σ_b·b_l to every row)
		simd.BiasAct(s.Activation, n, out, 0, nil, u, h, dphi)
	}
}

// Output returns the network outputs of the current batch (Rows×C).
func (w *Workspace) Output() fixedbuf.Mat32 {
	C := w.Spec.Outputs()
	return fixedbuf.Mat32{Data: w.U[w.Spec.Layers()].Data[:w.Rows*C], Rows: w.Rows, Cols: C, Stride: C}
}

// weightSum returns Σ_n ω_n over the batch (n when unweighted).
func (w *Workspace) weightSum() float64 {
	if w.Weight == nil {
		return float64(w.Rows)
	}
	var s float64
	for _, v := range w.Weight[:w.Rows] {
		s += float64(v)
	}
	return s
}

// LossMSE sets R = f − y for targets y (Rows×C, row-major) and returns ℒ = (1/2N)Σ‖e_n‖²
// (weighted: Σ ω_n ‖e_n‖² / (2Σω)).
func (w *Workspace) LossMSE(y []float32) float64 {
	C := w.Spec.Outputs()
	n := w.Rows
	f := w.U[w.Spec.Layers()].Data[:n*C]
	r := w.R.Data[:n*C]
	y = y[:n*C]
	var s float64
	if C == 1 && w.Weight == nil {
		// one residual per sample: the same sum, in order, without the per-sample inner
		// loop (each square rounded on its own, as the loop below rounds 0 + e²)
		for i, v := range f {
			e := v - y[i]
			r[i] = e
			s += float64(float64(e) * float64(e))
		}
		return s / (2 * w.weightSum())
	}
	for i := 0; i < n; i++ {
		var si float64
		for c := 0; c < C; c++ {
			e := f[i*C+c] - y[i*C+c]
			r[i*C+c] = e
			si += float64(e) * float64(e)
		}
		if w.Weight != nil {
			si *= float64(w.Weight[i])
		}
		s += si
	}
	return s / (2 * w.weightSum())
}

// LossSoftmaxCE sets Prob = softmax(f), R = p − onehot(label) for class labels (Rows values
// 0..C−1 stored as float32) and returns the mean negative log-likelihood (weighted by ω when set),
// computed with a stable log-sum-exp.
func (w *Workspace) LossSoftmaxCE(labels []float32) float64 {
	C := w.Spec.Outputs()
	n := w.Rows
	f := w.U[w.Spec.Layers()].Data[:n*C]
	p := w.Prob.Data[:n*C]
	r := w.R.Data[:n*C]
	var s float64
	for i := 0; i < n; i++ {
		fi := f[i*C : (i+1)*C]
		m := float64(fi[0])
		for _, v := range fi[1:] {
			m = math.Max(m, float64(v))
		}
		var z float64
		for _, v := range fi {
			z += math.Exp(float64(v) - m)
		}
		lse := m + math.Log(z)
		y := int(labels[i])
		for c := 0; c < C; c++ {
			pc := math.Exp(float64(fi[c]) - lse)
			p[i*C+c] = float32(pc)
			if c == y {
				pc -= 1
			}
			r[i*C+c] = float32(pc)
		}
		li := lse - float64(fi[y])
		if w.Weight != nil {
			li *= float64(w.Weight[i])
		}
		s += li
	}
	return s / w.weightSum()
}

// Signals computes the backward signals D[l] for every layer from the current forward pass:
// δ_L^{(c)} = e_c and δ_l^{(c)} = φ'(u_l) ⊙ s_{l+1} W_{l+1}ᵀ δ_{l+1}^{(c)}, with s_{l+1} = σ_w/√M_l.
// The output signals are unit vectors, so δ_{L-1}^{(c)} = (s_L·W_L[c,:]) ⊙ φ'(u_{L-1}) needs no
// product: one MulRows per output, the same two roundings per element the product with e_c
// and the Hadamard product give.
func (w *Workspace) Signals(net *Net) {
	s := w.Spec
	L, C, n := s.Layers(), s.Outputs(), w.Rows
	dl := w.D[L].Data[:n*C*C]
	for i := range dl {
		dl[i] = 0
	}
	for r := 0; r < n*C; r++ {
		dl[r*C+r%C] = 1
	}
	if L < 2 {
		return
	}
	out := s.Widths[L-1]
	d := w.D[L-1].Data[:n*C*out]
	for c := 0; c < C; c++ {
		simd.MulRows(n, out, w.scale[L], net.W[L-1].Data[c*out:(c+1)*out], 0, w.Dphi[L-1].Data, out, d[c*out:], C*out)
	}
	for l := L - 2; l >= 1; l-- {
		out, next := s.Widths[l], s.Widths[l+1]
		d := w.D[l].Data[:n*C*out]
		if C == 1 {
			// one signal row per sample: a single product over the whole batch, times φ'
			// in its last pass (GemmNN and Hadamard bit for bit)
			simd.GemmNNHadamard(n, out, next, w.scale[l+1], w.D[l+1].Data, next, net.W[l].Data, out, w.Dphi[l].Data[:n*out], d)
			continue
		}
		simd.GemmNN(n*C, out, next, w.scale[l+1], w.D[l+1].Data, next, net.W[l].Data, out, 0, d, out)
		// output c's rows, every C-th one, against the rows of φ'
		for c := 0; c < C; c++ {
			simd.MulRows(n, out, 1, d[c*out:], C*out, w.Dphi[l].Data, out, d[c*out:], C*out)
		}
	}
}

// Backprop computes G[l] = ∂(Σ_n ω_n ℓ_n/Σω)/∂u_l for every layer from the residual R by the
// ordinary backward pass (no per-output signals), and writes the gradient ∇ℒ into grad
// (parameter layout). It is what first-order optimizers need.
func (w *Workspace) Backprop(net *Net, grad []float32) {
	s := w.Spec
	L, C, n := s.Layers(), s.Outputs(), w.Rows
	g := w.G[L].Data[:n*C]
	inv := float32(1 / w.weightSum())
	for i := 0; i < n; i++ {
		sc := inv
		if w.Weight != nil {
			sc *= w.Weight[i]
		}
		for c := 0; c < C; c++ {
			g[i*C+c] = sc * w.R.Data[i*C+c]
		}
	}
	for l := L - 1; l >= 1; l-- {
		out, next := s.Widths[l], s.Widths[l+1]
		gl := w.G[l].Data[:n*out]
		simd.GemmNN(n, out, next, w.scale[l+1], w.G[l+1].Data, next, net.W[l].Data, out, 0, gl, out)
		simd.Hadamard(gl, gl, w.Dphi[l].Data[:n*out])
	}
	for l := 1; l <= L; l++ {
		w.LayerVJP(l, w.G[l], s.LayerW(grad, l), s.LayerB(grad, l), 1)
	}
}

// LayerW returns the W_l block (M_l×M_{l-1}) of a parameter-shaped vector p.
func (s *Spec) LayerW(p []float32, l int) fixedbuf.Mat32 {
	o := s.LayerOffset(l)
	r, c := s.Widths[l], s.Widths[l-1]
	return fixedbuf.Mat32{Data: p[o : o+r*c : o+r*c], Rows: r, Cols: c, Stride: c}
}

// LayerB returns the b_l block (M_l) of a parameter-shaped vector p.
func (s *Spec) LayerB(p []float32, l int) []float32 {
	o := s.LayerOffset(l) + s.Widths[l]*s.Widths[l-1]
	return p[o : o+s.Widths[l] : o+s.Widths[l]]
}

// Contract computes the per-sample signal G[l][n,:] = Σ_c v[n·C+c] δ_{l,n}^{(c)} for a dual
// vector v of length Rows·C.
func (w *Workspace) Contract(l int, v []float64) fixedbuf.Mat32 {
	C, n, out := w.Spec.Outputs(), w.Rows, w.Spec.Widths[l]
	g := w.G[l].Data[:n*out]
	d := w.D[l].Data
	for i := 0; i < n; i++ {
		gi := g[i*out : (i+1)*out]
		for j := range gi {
			gi[j] = 0
		}
		for c := 0; c < C; c++ {
			simd.Axpy(float32(v[i*C+c]), d[(i*C+c)*out:(i*C+c+1)*out], gi)
		}
	}
	return w.G[l]
}

// LayerVJP writes the layer-l block of Jᵀ-style products for a per-sample signal g (Rows×M_l):
// dW = alpha·s_l·gᵀH_{l-1} and db = alpha·σ_b·Σ_n g_n (both overwritten).
func (w *Workspace) LayerVJP(l int, g fixedbuf.Mat32, dW fixedbuf.Mat32, db []float32, alpha float32) {
	s := w.Spec
	n, in, out := w.Rows, s.Widths[l-1], s.Widths[l]
	simd.GemmTN(out, in, n, alpha*w.scale[l], g.Data, g.Stride, w.H[l-1].Data, in, 0, dW.Data, in)
	if s.SigmaB == 0 {
		clear(db)
		return
	}
	simd.ColSum(n, out, alpha*s.SigmaB, g.Data, g.Stride, db)
}

// InputGram writes K[n,m] = s_l²·h_{l-1,n}·h_{l-1,m} + σ_b² (Rows×Rows, float64, stride ld)
// for layer l: the input factor of the layer NTK.
func (w *Workspace) InputGram(l int, k []float64, ld int) {
	s := w.Spec
	n, in := w.Rows, s.Widths[l-1]
	simd.Gram64(n, in, w.H[l-1].Data, in, k, ld)
	sc := float64(s.Scale(l)) * float64(s.Scale(l))
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	if ld == n {
		simd.ScaleShift64(sc, b2, k[:n*n], k[:n*n])
		return
	}
	for i := 0; i < n; i++ {
		row := k[i*ld : i*ld+n]
		simd.ScaleShift64(sc, b2, row, row)
	}
}

// InputGramLower is InputGram for a consumer that reads only the lower triangle (a
// Cholesky factorization): it writes K[n,m] for m ≤ n, bit for bit as InputGram does, and
// skips the Gram's mirroring; elements above the diagonal are left alone or overwritten
// with unspecified values.
func (w *Workspace) InputGramLower(l int, k []float64, ld int) {
	s := w.Spec
	n, in := w.Rows, s.Widths[l-1]
	simd.Gram64Lower(n, in, w.H[l-1].Data, in, k, ld)
	sc := float64(s.Scale(l)) * float64(s.Scale(l))
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	for i := 0; i < n; i++ {
		row := k[i*ld : i*ld+i+1]
		simd.ScaleShift64(sc, b2, row, row)
	}
}

// LayerNTK writes Θ_l[(n,c),(m,c')] = (δ_{l,n}^{(c)}·δ_{l,m}^{(c')})·K_{l-1}[n,m] (Rows·C square,
// float64, stride ld): the layer-l block of the empirical NTK JJᵀ, without 1/N.
func (w *Workspace) LayerNTK(l int, theta []float64, ld int) {
	w.LayerNTKAdd(l, theta, ld, nil)
}

// LayerNTKAdd adds Θ_l to theta when scratch is not nil, forming the signal Gram in scratch
// ((Rows·C)² values): the sum Θ = Σ_l Θ_l then needs no second pass. With scratch nil it
// is LayerNTK. The input Gram's scale and shift (InputGram) are applied inside the
// Hadamard product, not in a pass of their own.
func (w *Workspace) LayerNTKAdd(l int, theta []float64, ld int, scratch []float64) {
	s := w.Spec
	C, n, in, out := s.Outputs(), w.Rows, s.Widths[l-1], s.Widths[l]
	nc := n * C
	k := w.gram[:n*n]
	simd.Gram64(n, in, w.H[l-1].Data, in, k, n) // K = sc·k + b2
	sc := float64(s.Scale(l)) * float64(s.Scale(l))
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	if scratch != nil {
		g := scratch[:nc*nc]
		simd.Gram64(nc, out, w.D[l].Data, out, g, nc)
		if C == 1 && ld == n {
			// theta, g and k are all n×n with stride n: one pass over the whole block
			simd.HadamardScaledAdd64(sc, b2, g, k, theta[:n*n])
			return
		}
		for a := 0; a < nc; a++ {
			row, gr := theta[a*ld:a*ld+nc], g[a*nc:(a+1)*nc]
			kr := k[(a/C)*n : (a/C)*n+n]
			if C == 1 {
				simd.HadamardScaledAdd64(sc, b2, gr, kr, row)
				continue
			}
			for b, kv := range kr {
				kv = kv*sc + b2
				seg, gs := row[b*C:(b+1)*C], gr[b*C:(b+1)*C]
				for j, v := range gs {
					seg[j] += v * kv
				}
			}
		}
		return
	}
	simd.Gram64(nc, out, w.D[l].Data, out, theta, ld)
	for a := 0; a < nc; a++ {
		row := theta[a*ld : a*ld+nc]
		kr := k[(a/C)*n : (a/C)*n+n]
		if C == 1 {
			for b, kv := range kr {
				row[b] *= kv*sc + b2
			}
			continue
		}
		for b, kv := range kr {
			kv = kv*sc + b2
			seg := row[b*C : (b+1)*C]
			for j := range seg {
				seg[j] *= kv
			}
		}
	}
}

// LayerNTKAddLower is LayerNTKAdd (with a scratch) for a sum that only a Cholesky
// factorization reads: it adds Θ_l to the lower triangle of theta (column ≤ row) and leaves
// the elements above the diagonal alone. Both Grams are formed lower-only
// (simd.Gram64Lower), so neither needs its mirroring pass. With several outputs kx
// (Rows·C values of scratch) holds one sample's row of the scaled input Gram, each value
// repeated C times, so that every row of Θ_l is one Hadamard pass; with one output kx is
// not used and may be nil.
func (w *Workspace) LayerNTKAddLower(l int, theta []float64, ld int, scratch, kx []float64) {
	s := w.Spec
	C, n, in, out := s.Outputs(), w.Rows, s.Widths[l-1], s.Widths[l]
	nc := n * C
	k := w.gram[:n*n]
	simd.Gram64Lower(n, in, w.H[l-1].Data, in, k, n) // K = sc·k + b2
	sc := float64(s.Scale(l)) * float64(s.Scale(l))
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	g := scratch[:nc*nc]
	simd.Gram64Lower(nc, out, w.D[l].Data, out, g, nc)
	if C == 1 {
		for a := 0; a < n; a++ {
			simd.HadamardScaledAdd64(sc, b2, g[a*n:a*n+a+1], k[a*n:a*n+a+1], theta[a*ld:a*ld+a+1])
		}
		return
	}
	for i := 0; i < n; i++ {
		// the C rows of sample i reach at most column i·C + C − 1
		x := kx[:(i+1)*C]
		for b, kv := range k[i*n : i*n+i+1] {
			kv = kv*sc + b2
			seg := x[b*C : (b+1)*C]
			for j := range seg {
				seg[j] = kv
			}
		}
		for a := i * C; a < (i+1)*C; a++ {
			// y += g·(1·x + 0) is y += g·x exactly
			simd.HadamardScaledAdd64(1, 0, g[a*nc:a*nc+a+1], x, theta[a*ld:a*ld+a+1])
		}
	}
}

// NTKScratchLen is the number of float64 values of scratch that LayerNTKLowerOne and
// InputGramLowerT take: a layer's two operands transposed and widened to float64, the
// widest layer's width by TransStride(Cap) each.
func (w *Workspace) NTKScratchLen() int {
	return 2 * w.Spec.MaxWidth() * simd.TransStride(w.Cap)
}

// LayerNTKLowerOne adds Θ_l to the lower triangle of theta (add) or writes it there (the
// first term of a sum, with no clearing pass before it), for a network with one output,
// through the fused kernel simd.GramHadamardAddLower64: H_{l-1} and D_l go transposed into
// scratch (NTKScratchLen values), and every block of both Grams is formed in registers and
// its product, scaled and shifted as InputGram's, stored; no Gram is kept. Elements above
// the diagonal keep their values. The Grams are summed over the features in order, so the
// values may differ from LayerNTKAddLower's in the last bits.
func (w *Workspace) LayerNTKLowerOne(l int, theta []float64, ld int, scratch []float64, add bool) {
	s := w.Spec
	if s.Outputs() != 1 {
		panic("tinynet: LayerNTKLowerOne needs one output")
	}
	n, in, out := w.Rows, s.Widths[l-1], s.Widths[l]
	ldt := simd.TransStride(n)
	at, bt := scratch[:in*ldt], scratch[in*ldt:(in+out)*ldt]
	simd.TransposeWiden64(n, in, w.H[l-1].Data, in, at, ldt)
	simd.TransposeWiden64(n, out, w.D[l].Data, out, bt, ldt)
	sc := float64(s.Scale(l)) * float64(s.Scale(l))
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	simd.GramHadamardAddLower64(n, in, at, out, bt, ldt, sc, b2, theta, ld, add)
}

// InputGramLowerT adds the input Gram K_{l-1} (see InputGram) to the lower triangle of k
// (Rows×Rows, stride ld), or writes it there when add is false, through
// simd.GramShiftAddLower64, H_{l-1} transposed into scratch (NTKScratchLen values);
// elements above the diagonal keep their values. For the output layer of a one-output
// network K_{L-1} is that layer's NTK.
func (w *Workspace) InputGramLowerT(l int, k []float64, ld int, scratch []float64, add bool) {
	s := w.Spec
	n, in := w.Rows, s.Widths[l-1]
	ldt := simd.TransStride(n)
	at := scratch[:in*ldt]
	simd.TransposeWiden64(n, in, w.H[l-1].Data, in, at, ldt)
	sc := float64(s.Scale(l)) * float64(s.Scale(l))
	b2 := float64(s.SigmaB) * float64(s.SigmaB)
	simd.GramShiftAddLower64(n, in, at, ldt, sc, b2, k, ld, add)
}

// JVP computes Δf = J·d for a parameter-shaped direction d by forward-mode differentiation
// around the current forward pass, writing Rows·C values (sample-major) into df.
func (w *Workspace) JVP(net *Net, d []float32, df []float64) {
	s := w.Spec
	L, n := s.Layers(), w.Rows
	var hdot fixedbuf.Mat32 // tangent of h_{l-1}; zero for the inputs
	cur, other := w.zA, w.zB
	for l := 1; l <= L; l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		z := cur.Data[:n*out]
		dW := s.LayerW(d, l)
		// ż_l = s_l(ΔW_l h_{l-1} + W_l ḣ_{l-1}) + σ_b Δb_l
		simd.GemmNT(n, out, in, w.scale[l], w.H[l-1].Data, in, dW.Data, in, 0, z, out)
		if l > 1 {
			simd.GemmNT(n, out, in, w.scale[l], hdot.Data, in, net.W[l-1].Data, in, 1, z, out)
		}
		if s.SigmaB != 0 { // σ_b Δb_l added to every row: BiasAct's bias alone, one call
			simd.BiasAct(simd.Identity, n, out, s.SigmaB, s.LayerB(d, l), z, nil, nil)
		}
		if l < L {
			simd.Hadamard(z, z, w.Dphi[l].Data[:n*out])
			hdot = fixedbuf.Mat32{Data: z, Rows: n, Cols: out, Stride: out}
			cur, other = other, cur
		} else {
			for i, v := range z {
				df[i] = float64(v)
			}
		}
	}
}
