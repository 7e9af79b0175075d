package core

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
)

// Unit-wise NGD: one Fisher block per unit i of layer l,
// holding its incoming weights W_l[i,:] and its bias b_{l,i}. The unit's Jacobian rows are
// J_{l,i}[(n,c),:] = δ_{l,n,i}^{(c)} h̃_nᵀ with h̃_n = [s_l h_{l-1,n}, σ_b] (raw coordinates), so
// its block is a weighted Gram of the layer's inputs,
//
//	F_{l,i} = H̃ᵀ W_i H̃,   W_i = diag_n(w_n),  w_n = Σ_{c,c'} δ^{(c)} Λ̃_n[c,c'] δ^{(c')} ≥ 0,
//	∇_{l,i}ℒ = H̃ᵀ g_i,    g_n = Σ_c r̃_{n,c} δ^{(c)},
//
// of rank ≤ N. Two forms give the same step:
//
//	primal: d_{l,i} = −(H̃ᵀW_iH̃ + ρI)⁻¹ H̃ᵀ g_i                  (one (M_{l-1}+1)² solve),
//	dual:   d_{l,i} = −H̃ᵀ z_i,  (W_i K + ρI) z_i = g_i,  K = H̃H̃ᵀ  (one N² solve).
//
// The dual is the push-through identity; every unit of a layer shares the input Gram K
// (computed once per layer), and with S = W^{1/2} it is solved as the SPD system
// z = S (SKS + ρI)⁻¹ ĝ with ĝ_n = g_n/s_n (0 where s_n = 0; then g_n = 0 too, since g_n
// and w_n both vanish with Λ̃_n^{1/2}δ_n). |ĝ_n| stays bounded: for MSE by ‖r̃_n‖/√λ. Units
// with the same weights (the output units under unweighted MSE, where w_n = λ) share one
// factorization. All z_i of a layer form the columns of one matrix, and one GEMM
// (Workspace.LayerVJP) gives the layer's update.
//
// The planner picks per layer the cheaper form (Trainer.Plan says which). With σ_b = 0 the
// bias coordinate has no gradient and no curvature; its update is zero (the minimum-norm
// answer) and the primal block drops it.
//
// Batches of four. The units of a layer differ only in their per-sample weights, so four
// of them are solved at once, one per lane of a float64 vector (simd.PotrfBatch4): the
// dual factors S_iKS_i + ρI, the primal factors ρI + U_iU_iᵀ with U_i = H̃ᵀS_i given as
// the prefix of the packed matrix (the Gram is formed inside the factorization). The
// right-hand side rides along as a border row: ĝ_i for the dual, and for the primal the
// prefix ĝ_i, whose product with U_i is H̃ᵀS_iĝ_i = H̃ᵀg_i. A unit whose weights equal the
// previous unit's shares its lane's factor through a further border row (up to
// unitWiseRHS per lane; past that it opens a lane of its own). Orders are padded to even
// with an identity row.
type unitWise struct {
	t       *Trainer
	primal  []bool // primal[l]: layer l uses the primal (M_{l-1}+1)² blocks
	anyDual bool
	maxDim  int // largest primal block, 0 when every layer is dual

	kin []float64 // dual: Cap×Cap input Gram K_{l-1}
	ht  []float64 // primal: maxDim×Cap, h̃ᵀ, the bias-augmented scaled inputs as columns

	pk   []float64 // the packed batch of four (simd.Batch4Off layout)
	inv  []float64 // 4 per pivot: the reciprocal diagonal of the factors
	sw   []float64 // 4·Cap: √w of the four lanes, sample-major
	cur  []float64 // Cap: √w of the current unit
	prev []float64 // Cap: √w of the previous unit
	gn   []float64 // Cap: gradient coefficients r̃ᵀδ of the current unit

	// the batch being filled: lanes in use, border rows per lane, their units, and
	// whether sw holds √w already (else w)
	rooted bool
	lanes  int
	nrhs   [4]int
	unit   [4][unitWiseRHS]int
}

// unitWiseRHS is the number of border rows (units sharing one factor) per lane.
const unitWiseRHS = 4

// unitWiseMaxRelStep is the default bound on ‖Δθ_l‖/‖θ_l‖ per layer and step while the
// learning rate is chosen (LRAuto, LRPaper): the unit-wise step leaves the lazy regime on
// small networks. Measured on ReLU 16,16 networks with a fixed learning rate η = 0.2
// (Seattle R², breast-cancer accuracy, 6 epochs): 0.987 / 0.675 unbounded, 0.991 / 0.947 at
// 0.1 and 0.989 / 0.518 at 0.3. With the line search the bound never binds on those
// datasets; on wide networks it only slows the first steps.
const unitWiseMaxRelStep = 0.1

// newUnitWise plans the form of every layer.
func newUnitWise(t *Trainer) (fisherMethod, error) {
	u := &unitWise{t: t}
	s := &t.spec
	L, C, N := s.Layers(), s.Outputs(), t.cap
	u.primal = make([]bool, L+1)
	for l := 1; l <= L; l++ {
		dim := u.blockDim(l)
		n := float64(N)
		dualCost := n*n*float64(C) + n*n*n/3
		primalCost := float64(N)*float64(dim*dim)/2 + float64(dim*dim*dim)/3
		switch t.cfg.Form {
		case FormDual:
			u.primal[l] = false
		case FormPrimal:
			u.primal[l] = true
		default:
			u.primal[l] = primalCost < dualCost
		}
		if u.primal[l] {
			u.maxDim = max(u.maxDim, dim)
		} else {
			u.anyDual = true
		}
	}
	return u, nil
}

func (u *unitWise) carve(c fixedbuf.Carver) {
	N, d := u.t.cap, u.maxDim
	var size, order int
	if u.anyDual {
		u.kin = c.F64(N * N)
		order = even(N)
		size = simd.Batch4Len(order+unitWiseRHS, 0)
	}
	if d > 0 {
		u.ht = c.F64(N * d)
		order = max(order, even(d))
		size = max(size, simd.Batch4Len(even(d)+unitWiseRHS, N))
	}
	u.pk = c.F64(size)
	u.inv = c.F64(4 * order)
	u.sw = c.F64(4 * N)
	u.cur = c.F64(N)
	u.prev = c.F64(N)
	u.gn = c.F64(N)
}

// even rounds n up to even: the batched factorization works on column pairs.
func even(n int) int { return n + n&1 }

func (u *unitWise) plan() string {
	s := &u.t.spec
	var b strings.Builder
	for l := 1; l <= s.Layers(); l++ {
		if l > 1 {
			b.WriteString(", ")
		}
		if u.primal[l] {
			fmt.Fprintf(&b, "layer %d primal %d×(%d)²", l, s.Widths[l], u.blockDim(l))
		} else {
			fmt.Fprintf(&b, "layer %d dual %d×(%d)²", l, s.Widths[l], u.t.cap)
		}
	}
	return b.String()
}

// blockDim is the size of a unit's primal block: M_{l-1}+1, or M_{l-1} when σ_b = 0.
func (u *unitWise) blockDim(l int) int {
	if u.t.spec.SigmaB == 0 {
		return u.t.spec.Widths[l-1]
	}
	return u.t.spec.Widths[l-1] + 1
}

// unitWiseAlpha is the isotropy constant used by LRPaper:
//
//	α = γ·Σ_{l<L} M_l / C + 1,  γ = 1/2 for ReLU (about half the units are active), else 1.
//
// Each hidden unit whose signal is nonzero on a sample contributes 1 to that sample's
// diagonal of K when the layer inputs have full row rank (M_{l-1} ≥ N, including M_0 ≥ N);
// the output layer contributes 1. It is exact, (L−1)M+1 for equal widths M, for smooth
// activations with C = 1; for ReLU it is the expected value, and for C > 1
// only the average of K's diagonal (K is then not isotropic).
func (u *unitWise) alpha() float64 {
	s := &u.t.spec
	gamma := 1.0
	if s.Activation == simd.ReLU {
		gamma = 0.5
	}
	var sum float64
	for l := 1; l < s.Layers(); l++ {
		sum += float64(s.Widths[l])
	}
	return gamma*sum/float64(s.Outputs()) + 1
}

// direction writes d = −(G_UW+ρI)⁻¹∇ℒ into t.dir.
func (u *unitWise) direction() bool {
	for l := 1; l <= u.t.spec.Layers(); l++ {
		if !u.layer(l) {
			return false
		}
	}
	return true
}

// layer solves every unit of layer l in batches of four and writes d_l: the primal form
// writes the rows of ΔW_l and Δb_l directly, the dual fills column i of G[l] with z_i and
// one LayerVJP forms the update.
func (u *unitWise) layer(l int) bool {
	t := u.t
	ws := t.ws
	s := &t.spec
	n, in, out := ws.Rows, s.Widths[l-1], s.Widths[l]
	if u.primal[l] {
		// h̃ᵀ (dim×n): column r is the scaled, bias-augmented input of sample r.
		htT := u.ht[:u.blockDim(l)*n]
		sc, sb := float64(s.Scale(l)), float64(s.SigmaB)
		for r := 0; r < n; r++ {
			h := ws.H[l-1].Data[r*in : (r+1)*in]
			for j, v := range h {
				htT[j*n+r] = sc * float64(v)
			}
			if s.SigmaB != 0 {
				htT[in*n+r] = sb
			}
		}
	} else {
		ws.InputGram(l, u.kin[:n*n], n)
	}
	d := ws.D[l].Data
	sw := u.sw[:4*n]
	u.lanes = 0
	for i := 0; i < out; i++ {
		u.unitWeights(d, i, out, n)
		cur, gn := u.cur[:n], u.gn[:n]
		lane := u.lanes - 1
		if i == 0 || lane < 0 || u.nrhs[lane] == unitWiseRHS || !slices.Equal(cur, u.prev[:n]) {
			if u.lanes == 4 && !u.flush(l) {
				return false
			}
			lane = u.lanes
			u.lanes++
			u.nrhs[lane] = 0
			for r, v := range cur {
				sw[4*r+lane] = v // w or √w (rooted)
			}
		}
		k := u.nrhs[lane]
		u.unit[lane][k] = i
		u.nrhs[lane]++
		b := u.border(l, k) // g now, ĝ = g/√w after flush's roots
		for r, v := range gn {
			b[4*r+lane] = v
		}
		u.cur, u.prev = u.prev, u.cur
	}
	if u.lanes > 0 && !u.flush(l) {
		return false
	}
	if !u.primal[l] {
		ws.LayerVJP(l, ws.G[l], s.LayerW(t.dir, l), s.LayerB(t.dir, l), -1)
	}
	return true
}

// order is the (even) order of layer l's packed systems, and k0 their prefix length.
func (u *unitWise) order(l int) (order, k0 int) {
	if u.primal[l] {
		return even(u.blockDim(l)), u.t.ws.Rows
	}
	return even(u.t.ws.Rows), 0
}

// border returns the n·4 values of border row k that hold ĝ: the triangle part in the
// dual, the prefix in the primal.
func (u *unitWise) border(l, k int) []float64 {
	n := u.t.ws.Rows
	o, k0 := u.order(l)
	i := simd.Batch4Off(o+k, 0, k0)
	return u.pk[i : i+4*n]
}

// unitWeights writes w and g (see weight) of unit i for the n samples into u.cur and u.gn;
// with one output and Λ̃ = cI it writes √w = |δ|√c instead and sets u.rooted.
func (u *unitWise) unitWeights(d []float32, i, out, n int) {
	t := u.t
	cur, gn := u.cur[:n], u.gn[:n]
	u.rooted = t.lamScal && t.spec.Outputs() == 1
	if u.rooted {
		rt, sc := t.rt[:n], math.Sqrt(t.lamScale)
		for r := range cur {
			v := float64(d[r*out+i])
			cur[r] = math.Abs(v) * sc
			gn[r] = rt[r] * v
		}
		return
	}
	for r := range cur {
		w, g := u.weight(d, r, i, out)
		cur[r], gn[r] = w, g
	}
}

// flush factors and solves the batch of four filled so far for layer l and writes the
// steps of its units.
func (u *unitWise) flush(l int) bool {
	t := u.t
	ws := t.ws
	n, in, out := ws.Rows, t.spec.Widths[l-1], t.spec.Widths[l]
	lanes := u.lanes
	u.lanes = 0
	nr := 0
	for lane := range 4 {
		if lane >= lanes {
			u.nrhs[lane] = 0
			for r := 0; r < n; r++ {
				u.sw[4*r+lane] = 0
			}
		}
		nr = max(nr, u.nrhs[lane])
	}
	for k := 0; k < nr; k++ {
		b := u.border(l, k)
		for lane := range 4 {
			if u.nrhs[lane] <= k {
				for r := 0; r < n; r++ {
					b[4*r+lane] = 0
				}
			}
		}
	}
	o, k0 := u.order(l)
	pk, inv, sw, rho := u.pk, u.inv[:4*o], u.sw[:4*n], t.damping
	if !u.rooted {
		simd.SqrtBatch4(sw)
	}
	for k := 0; k < nr; k++ {
		simd.DivBatch4(u.border(l, k), sw)
	}
	if u.primal[l] {
		dim := u.blockDim(l)
		simd.FormPrimalBatch4(pk, u.ht[:dim*n], n, sw, dim, n, rho)
		if o > dim { // identity padding row
			clear(pk[simd.Batch4Off(dim, 0, k0):simd.Batch4Off(dim+1, 0, k0)])
			for lane := range 4 {
				pk[simd.Batch4Off(dim, k0+dim, k0)+lane] = 1
			}
		}
		for k := 0; k < nr; k++ {
			i := simd.Batch4Off(o+k, k0, k0)
			clear(pk[i : i+4*o])
		}
	} else {
		simd.SymScaleBatch4(pk, u.kin[:n*n], n, sw, n, rho)
		if o > n {
			clear(pk[simd.Batch4Off(n, 0, 0):simd.Batch4Off(n+1, 0, 0)])
			for lane := range 4 {
				pk[simd.Batch4Off(n, n, 0)+lane] = 1
			}
			for k := 0; k < nr; k++ {
				i := simd.Batch4Off(o+k, n, 0)
				clear(pk[i : i+4])
			}
		}
	}
	mask := 1<<lanes - 1
	if simd.PotrfBatch4(pk, inv, o, k0, o+nr)&mask != mask {
		return false
	}
	d := ws.G[l].Data[:n*out]
	dW, db := t.spec.LayerW(t.dir, l), t.spec.LayerB(t.dir, l)
	for k := 0; k < nr; k++ {
		i0 := simd.Batch4Off(o+k, k0, k0)
		x := pk[i0 : i0+4*o]
		simd.TrsvTBatch4(pk, inv, o, k0, x)
		if !u.primal[l] && u.neighbours(k) {
			// four neighbouring units: z = √w·x straight into their columns of G[l]
			i := u.unit[0][k]
			if !simd.StoreMulBatch4(d[i:], out, sw, x, n) {
				return false
			}
			continue
		}
		for lane := 0; lane < lanes; lane++ {
			if u.nrhs[lane] <= k {
				continue
			}
			i := u.unit[lane][k]
			if u.primal[l] {
				// the step is −x: the rows of ΔW_l and Δb_l
				wrow := dW.Data[i*in : (i+1)*in]
				for j := range wrow {
					v := x[4*j+lane]
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return false
					}
					wrow[j] = float32(-v)
				}
				db[i] = 0
				if u.blockDim(l) > in {
					v := x[4*in+lane]
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return false
					}
					db[i] = float32(-v)
				}
				continue
			}
			for r := 0; r < n; r++ {
				v := sw[4*r+lane] * x[4*r+lane]
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return false
				}
				d[r*out+i] = float32(v)
			}
		}
	}
	return true
}

// weight returns w = δᵀΛ̃δ (clamped at 0 against rounding; Λ̃ is PSD) and g = r̃ᵀδ of sample r
// for unit i of a layer with out units and signals d.
func (u *unitWise) weight(d []float32, r, i, out int) (w, g float64) {
	t := u.t
	C := t.spec.Outputs()
	if t.lamScal {
		for c := 0; c < C; c++ {
			v := float64(d[(r*C+c)*out+i])
			w += v * v
			g += t.rt[r*C+c] * v
		}
		return w * t.lamScale, g
	}
	blk := t.lam[r*C*C : (r+1)*C*C]
	for a := 0; a < C; a++ {
		da := float64(d[(r*C+a)*out+i])
		g += t.rt[r*C+a] * da
		var sa float64
		for b := 0; b < C; b++ {
			sa += blk[a*C+b] * float64(d[(r*C+b)*out+i])
		}
		w += da * sa
	}
	return math.Max(w, 0), g
}

// neighbours reports whether border row k holds four units i, i+1, i+2, i+3 in lanes 0..3.
func (u *unitWise) neighbours(k int) bool {
	for lane := range 4 {
		if u.nrhs[lane] <= k || u.unit[lane][k] != u.unit[0][k]+lane {
			return false
		}
	}
	return true
}
