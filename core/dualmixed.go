package core

import (
	"math"

	"github.com/edgetrain/edgetrain/core/internal/lapack"
	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Mixed-precision dual solves. With plain MSE (Λ̃ = λI) a dual system is SPD:
//
//	(Θ + sI) v = b,   Θ = Σ_{l∈group} Θ_l,   s = ρ/λ,   b = r̃/λ,
//
// with Θ_l[(n,c),(m,c')] = K_{l-1}[n,m]·(δ_{l,n}^{(c)}·δ_{l,m}^{(c')}). Most of the work of the
// float64 solve is the m×m signal Grams and the m³/3 Cholesky, m = N·C. Both run here in
// float32, at twice the float64 rate: P = Θ₃₂ + sI is formed with float32 signal Grams
// (simd.GemmPacked32) and factored by lapack.Spotrf. P is only a preconditioner: the
// solution is refined in float64 against the exact operator until the float64 criterion
// of LAPACK's dsposv holds,
//
//	‖b − (Θ+sI)x‖∞ ≤ ‖x‖∞ · ‖Θ+sI‖max · 2⁻⁵³ · √m,
//
// that is, to the backward error of the float64 Cholesky solve. The operator is applied
// without forming Θ, in float64 from the float32 signals and the float64 input Grams:
// (Θ_l x)_{(n,c)} = δ_{l,n}^{(c)} · Σ_m K_{l-1}[n,m] g_m with g_m = Σ_{c'} x_{(m,c')} δ_{l,m}^{(c')}
// (O(N·C·M_l + N²·M_l) flops), and for the output layer, whose signals are unit vectors,
// Θ_L x = (K_{L-1} ⊗ I_C) x. Each refinement step contracts the error by about
// cond(Θ+sI)·2⁻²⁴; when the float32 factorization fails or a step does not halve the
// scaled residual, the caller solves in float64 instead (the float64 path is unchanged).
// The last residual also gives Θx = b − s·x − r without another product, which is J·d.

// mixedMinDual is the least dual size m = N·C at which the mixed-precision solve is
// tried: below it the float64 Gram and Cholesky are cheap and the refinement's fixed costs
// do not pay (measured on the AVX2 machine of simd/BENCHMARKS.md: m = 256 is 30–70% slower
// mixed, m = 512 10–20% faster, m = 768 30% faster). A variable so that tests can run
// either path on small problems.
var mixedMinDual = 384

// mixedPanel is the number of rows of a signal Gram formed at a time (a float32 panel of
// mixedPanel×m), before its Hadamard product with the input Gram goes into P.
const mixedPanel = 288

// mixedDual holds the buffers of the mixed-precision solve of one dual system of side up
// to m.
type mixedDual struct {
	p     []float32 // P = Θ₃₂ + sI (lower triangle), then its float32 Cholesky factor, m²
	panel []float32 // rows of one signal Gram, mixedPanel×m
	kx    []float32 // one row of K_{l-1} ⊗ 1_C in float32, m
	pack  []float32 // simd.GemmPacked32 pack
	work  []float32 // lapack.SpotrfWork's inverses of P's diagonal blocks
	ks    []float64 // the input Grams K_0..K_{L-1}, L·Cap²
	g, q  []float64 // per-sample contractions and K·g, Cap×max width
	x, r  []float64 // solution and residual, m
	c32   []float32 // a correction in float32, m
	// The last hidden layer's Gram by output pairs (see addLastHidden): the products
	// W_L[c]∘W_L[c'] for c ≥ c', a block of per-sample-pair rows and their products.
	wp, pairs, pout []float32
	anrm            float64 // ‖Θ+sI‖max: the largest diagonal element of P before factoring
	// iters is the number of preconditioned solves of the last system (the first one
	// included), or −1 when it fell back to float64.
	iters int
}

// carve takes the buffers when the trainer's systems can go through the mixed solve (plain
// MSE, full-batch side at least mixedMinDual, a float32 micro-kernel in assembly), and
// nothing otherwise.
func (md *mixedDual) carve(c fixedbuf.Carver, t *Trainer) {
	m := t.dualSize()
	n := t.cap
	if t.cfg.Loss != tinynet.MSE || m < mixedMinDual || !simd.Micro32Asm() {
		*md = mixedDual{}
		return
	}
	md.p = c.F32(m * m)
	md.panel = c.F32(mixedPanel * m)
	md.kx = c.F32(m)
	md.pack = c.F32(simd.PackLen32)
	md.work = c.F32(lapack.SpotrfWorkLen(m))
	md.ks = c.F64(t.spec.Layers() * n * n)
	md.g = c.F64(n * t.spec.MaxWidth())
	md.q = c.F64(n * t.spec.MaxWidth())
	md.x = c.F64(m)
	md.r = c.F64(m)
	md.c32 = c.F32(m)
	if C, L := t.spec.Outputs(), t.spec.Layers(); C >= pairMinOutputs && C <= 64 && L >= 2 {
		w := t.spec.Widths[L-1]
		cp := C * (C + 1) / 2
		rows := max(n, pairRows)
		md.wp = c.F32(cp * w)
		md.pairs = c.F32(rows * w)
		md.pout = c.F32(rows * cp)
	}
}

// pairMinOutputs is the least number of outputs at which the last hidden layer's Gram is
// formed by output pairs: it takes (C+1)/(2C) of the direct Gram's products, plus a
// scatter into P that the direct path's Hadamard pass also costs.
const pairMinOutputs = 4

// pairRows is the number of sample-pair rows addLastHidden multiplies at a time (at least
// the batch capacity, so that one sample's pairs always fit).
const pairRows = 512

// useMixed reports whether this step's dual systems of side m go through the mixed solve
// md: a scalar Λ̃, a system large enough, a float32 micro-kernel in assembly and md's
// buffers carved.
func (t *Trainer) useMixed(md *mixedDual, m int) bool {
	return t.lamScal && m >= mixedMinDual && simd.Micro32Asm() && len(md.p) >= m*m
}

// inputGrams computes K_{l-1} for layers l0..l1 into md.ks (N×N each, stride N).
func (md *mixedDual) inputGrams(t *Trainer, l0, l1 int) {
	n := t.ws.Rows
	for l := l0; l <= l1; l++ {
		t.ws.InputGram(l, md.kgram(t, l), n)
	}
}

// kgram returns K_{l-1} (N×N, stride N).
func (md *mixedDual) kgram(t *Trainer, l int) []float64 {
	n := t.ws.Rows
	return md.ks[(l-1)*n*n : l*n*n]
}

// addLayer adds (assign: writes) the lower triangle of K_{l-1} ∘ (D_l D_lᵀ) to P in
// float32: written, as one triangular product into P; added, one panel of signal-Gram
// rows at a time.
func (md *mixedDual) addLayer(t *Trainer, l int, assign bool) {
	if l == t.spec.Layers()-1 && len(md.wp) > 0 {
		md.addLastHidden(t, assign)
		return
	}
	ws := t.ws
	n, C, M := ws.Rows, t.spec.Outputs(), t.spec.Widths[l]
	m := n * C
	d := ws.D[l].Data
	k := md.kgram(t, l)
	p := md.p[:m*m]
	kx := md.kx[:m]
	cur := -1
	setK := func(a int) {
		if s := a / C; s != cur {
			cur = s
			kr := k[s*n : s*n+n]
			for b, v := range kr {
				f := float32(v)
				for c := 0; c < C; c++ {
					kx[b*C+c] = f
				}
			}
		}
	}
	if assign {
		// One triangular product straight into P (each block of D packed once), then
		// the Hadamard product with K in place.
		for a := 0; a < m; a++ {
			clear(p[a*m : a*m+a+1])
		}
		simd.GemmPacked32(md.pack, true, m, m, M, 1, d, M, 1, d, 1, M, p, m)
		for a := 0; a < m; a++ {
			setK(a)
			row := p[a*m : a*m+a+1]
			simd.Hadamard(row, row, kx)
		}
		return
	}
	for i0 := 0; i0 < m; i0 += mixedPanel {
		pb := min(mixedPanel, m-i0)
		pan := md.panel[:pb*m]
		for r := 0; r < pb; r++ {
			clear(pan[r*m : r*m+i0+r+1])
		}
		if i0 > 0 {
			simd.GemmPacked32(md.pack, false, pb, i0, M, 1, d[i0*M:], M, 1, d, 1, M, pan, m)
		}
		simd.GemmPacked32(md.pack, true, pb, pb, M, 1, d[i0*M:], M, 1, d[i0*M:], 1, M, pan[i0:], m)
		for r := 0; r < pb; r++ {
			a := i0 + r
			setK(a)
			prow := pan[r*m : r*m+a+1]
			row := p[a*m : a*m+a+1]
			simd.Hadamard(prow, prow, kx)
			simd.Axpy(1, prow, row)
		}
	}
}

// addLastHidden is addLayer for the last hidden layer l = L−1, whose signals are
// δ_n^{(c)} = φ'_n ∘ w_c with w_c = s_L·W_L[c,:] (the output layer is linear). Then
//
//	Θ_l[(n,c),(m,c')] = K[n,m]·Σ_j φ'_n[j]φ'_m[j]·w_c[j]w_{c'}[j] = K[n,m]·(q_{nm} · u_{cc'}),
//
// with q_{nm} = φ'_n∘φ'_m and u_{cc'} = w_c∘w_{c'} = u_{c'c}: one product of the N(N+1)/2
// pair rows q with the C(C+1)/2 output-pair rows u, (C+1)/(2C) of the products of the
// direct Gram, K[n,m] applied as the products are scattered into P. P is only the
// preconditioner: its float32 rounding differs from D_l D_lᵀ's, the refinement uses D_l
// itself.
func (md *mixedDual) addLastHidden(t *Trainer, assign bool) {
	ws := t.ws
	L := t.spec.Layers()
	l := L - 1
	n, C, M := ws.Rows, t.spec.Outputs(), t.spec.Widths[l]
	m := n * C
	cp := C * (C + 1) / 2
	k := md.kgram(t, l)
	phi := ws.Dphi[l].Data
	w := t.net.W[L-1].Data // C×M
	sc := t.spec.Scale(L)
	wp := md.wp[:cp*M]
	for c, i := 0, 0; c < C; c++ {
		for c2 := 0; c2 <= c; c2, i = c2+1, i+1 {
			u := wp[i*M : (i+1)*M]
			simd.Hadamard(u, w[c*M:(c+1)*M], w[c2*M:(c2+1)*M])
			for j := range u {
				u[j] *= sc * sc
			}
		}
	}
	p := md.p[:m*m]
	rowsCap := len(md.pairs) / M
	a0, rows := 0, 0
	for a := 0; a <= n; a++ {
		if a == n || rows+a+1 > rowsCap {
			// multiply and scatter the pairs of samples a0..a-1
			out := md.pout[:rows*cp]
			clear(out)
			simd.GemmPacked32(md.pack, false, rows, cp, M, 1, md.pairs, M, 1, wp, 1, M, out, cp)
			md.scatterPairs(p, m, C, k, n, a0, a, out, assign)
			if a == n {
				break
			}
			a0, rows = a, 0
		}
		pa := phi[a*M : (a+1)*M]
		for b := 0; b <= a; b++ {
			simd.Hadamard(md.pairs[(rows+b)*M:(rows+b+1)*M], pa, phi[b*M:(b+1)*M])
		}
		rows += a + 1
	}
}

// scatterPairs writes (assign) or adds the output-pair products out of the samples
// a0..a1−1 (rows (a,b), b ≤ a, in order; columns c ≥ c' in order), times K[a,b] (N×N,
// stride n), into the lower triangle of P: P[(a,c),(b,c')] = K[a,b]·out[(a,b),
// (max(c,c'),min(c,c'))].
func (md *mixedDual) scatterPairs(p []float32, m, C int, k []float64, n, a0, a1 int, out []float32, assign bool) {
	cp := C * (C + 1) / 2
	var idx [64 * 64]int32
	for c := 0; c < C; c++ {
		for c2 := 0; c2 < C; c2++ {
			hi, lo := max(c, c2), min(c, c2)
			idx[c*C+c2] = int32(hi*(hi+1)/2 + lo)
		}
	}
	r := 0
	for a := a0; a < a1; a++ {
		kr := k[a*n : a*n+a+1]
		for b, kb := range kr {
			o := out[(r+b)*cp : (r+b+1)*cp]
			kv := float32(kb)
			for c := 0; c < C; c++ {
				nc := C
				if b == a {
					nc = c + 1
				}
				base := (a*C+c)*m + b*C
				dst := p[base : base+nc]
				ic := idx[c*C : c*C+nc]
				if assign {
					for c2, j := range ic {
						dst[c2] = kv * o[j]
					}
				} else {
					for c2, j := range ic {
						dst[c2] += kv * o[j]
					}
				}
			}
		}
		r += a + 1
	}
}

// addOutput adds the lower triangle of K_{L-1} ⊗ I_C to P (assign: writes P's lower
// triangle, zero off the output blocks).
func (md *mixedDual) addOutput(t *Trainer, assign bool) {
	ws := t.ws
	n, C := ws.Rows, t.spec.Outputs()
	m := n * C
	k := md.kgram(t, t.spec.Layers())
	p := md.p[:m*m]
	for a := 0; a < n; a++ {
		for c := 0; c < C; c++ {
			row := p[(a*C+c)*m : (a*C+c)*m+a*C+c+1]
			if assign {
				clear(row)
			}
			for b := 0; b <= a; b++ {
				row[b*C+c] += float32(k[a*n+b])
			}
		}
	}
}

// factor adds s to P's diagonal, records ‖Θ+sI‖max and factors P in float32.
func (md *mixedDual) factor(m int, s float64) bool {
	p := md.p[:m*m]
	md.anrm, md.iters = 0, -1
	for a := 0; a < m; a++ {
		v := float64(p[a*m+a]) + s
		p[a*m+a] = float32(v)
		md.anrm = max(md.anrm, v)
	}
	return lapack.SpotrfWork(m, p, m, md.work[:lapack.SpotrfWorkLen(m)])
}

// layerTimes adds Θ_l x to y in float64 for a hidden layer l (see the file comment).
func (md *mixedDual) layerTimes(t *Trainer, l int, x, y []float64) {
	ws := t.ws
	n, C, M := ws.Rows, t.spec.Outputs(), t.spec.Widths[l]
	d := ws.D[l].Data
	g, q := md.g[:n*M], md.q[:n*M]
	for s := 0; s < n; s++ {
		gs := g[s*M : (s+1)*M]
		clear(gs)
		for c := 0; c < C; c++ {
			simd.Axpy32x64(x[s*C+c], d[(s*C+c)*M:(s*C+c+1)*M], gs)
		}
	}
	clear(q)
	simd.GemmNN64(n, M, n, 1, md.kgram(t, l), n, g, M, q, M)
	for s := 0; s < n; s++ {
		qs := q[s*M : (s+1)*M]
		for c := 0; c < C; c++ {
			y[s*C+c] += simd.Dot32x64(d[(s*C+c)*M:(s*C+c+1)*M], qs)
		}
	}
}

// outputTimes adds Θ_L x = (K_{L-1} ⊗ I_C) x to y.
func (md *mixedDual) outputTimes(t *Trainer, x, y []float64) {
	n, C := t.ws.Rows, t.spec.Outputs()
	simd.GemmNN64(n, C, n, 1, md.kgram(t, t.spec.Layers()), n, x, C, y, C)
}

// solve is solveScalarLower through the mixed-precision solve, P (Θ of layers l0..l1)
// formed by the caller: it factors P + (ρ/λ)I, refines (Θ + (ρ/λ)I) v = r̃/λ, writes v and
// subtracts Θv = r̃/λ − (ρ/λ)v − r from t.jd, r the last float64 residual. False means the
// float32 factor failed or refinement stalled, and neither v nor t.jd was written.
func (md *mixedDual) solve(t *Trainer, l0, l1 int, v []float64) bool {
	m := t.ws.Rows * t.spec.Outputs()
	s := t.damping / t.lamScale
	if !md.factor(m, s) {
		return false
	}
	b := t.tmp[:m] // r̃/λ; tmp is free until the step's J·d
	for i, r := range t.rt[:m] {
		b[i] = r / t.lamScale
	}
	if !md.refine(t, l0, l1, b, s) {
		return false
	}
	for i, x := range md.x[:m] {
		t.jd[i] -= b[i] - s*x - md.r[i]
	}
	copy(v[:m], md.x[:m])
	return true
}

// refine solves (Θ+sI)x = b with P's factor as preconditioner, Θ the sum of the layers
// l0..l1 (l1 = L includes the output layer), into md.x; md.r holds the last residual.
// It returns false when refinement stalls before the float64 criterion holds.
func (md *mixedDual) refine(t *Trainer, l0, l1 int, b []float64, s float64) bool {
	m := t.ws.Rows * t.spec.Outputs()
	L := t.spec.Layers()
	x, r, c32 := md.x[:m], md.r[:m], md.c32[:m]
	p := md.p[:m*m]
	b = b[:m]
	clear(x)
	copy(r, b)
	cte := md.anrm * 0x1p-53 * math.Sqrt(float64(m))
	prev := math.Inf(1)
	for it := 0; ; it++ {
		for i, v := range r {
			c32[i] = float32(v)
		}
		lapack.Spotrs(m, p, m, c32)
		for i, v := range c32 {
			x[i] += float64(v)
		}
		// r = b − (Θ+sI)x
		clear(r)
		for l := l0; l <= min(l1, L-1); l++ {
			md.layerTimes(t, l, x, r)
		}
		if l1 == L {
			md.outputTimes(t, x, r)
		}
		var xmax, rmax float64
		for i, v := range r {
			r[i] = b[i] - v - s*x[i]
			rmax = max(rmax, math.Abs(r[i]))
			xmax = max(xmax, math.Abs(x[i]))
		}
		if rmax <= xmax*cte {
			if !finite64(x) {
				return false
			}
			md.iters = it + 1
			return true
		}
		w := rmax / (xmax * cte)
		if it == lapack.DsposvMaxIter || !(w <= prev/2) {
			return false
		}
		prev = w
	}
}
