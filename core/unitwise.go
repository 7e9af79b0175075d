package core

import (
	"fmt"
	"math"
	"strings"

	"github.com/edgetrain/edgetrain/core/internal/lapack"
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
type unitWise struct {
	t       *Trainer
	primal  []bool // primal[l]: layer l uses the primal (M_{l-1}+1)² blocks
	anyDual bool
	maxDim  int // largest primal block, 0 when every layer is dual

	// dual form
	kin  []float64 // Cap×Cap input Gram K_{l-1}
	sys  []float64 // Cap×Cap: the factored SKS + ρI of the current weights
	sw   []float64 // Cap: s = √w of the current unit
	sPrv []float64 // Cap: s of the factored system
	z    []float64 // Cap: right-hand side / solution

	// primal form
	ht     []float64 // maxDim×Cap: h̃ᵀ, the bias-augmented scaled inputs as columns
	ut     []float64 // maxDim×Cap: h̃ᵀ with columns scaled by √w, the primal block's factor
	fblk   []float64 // primal block, maxDim²
	xblk   []float64 // primal right-hand side, maxDim
	wn, gn []float64 // per-sample √(δᵀΛ̃δ) and gradient coefficients r̃ᵀδ, Cap each
}

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
	if u.anyDual {
		u.kin = c.F64(N * N)
		u.sys = c.F64(N * N)
		u.sw = c.F64(N)
		u.sPrv = c.F64(N)
		u.z = c.F64(N)
	}
	if d > 0 {
		u.ht = c.F64(N * d)
		u.ut = c.F64(N * d)
		u.fblk = c.F64(d * d)
		u.xblk = c.F64(d)
		u.wn = c.F64(N)
		u.gn = c.F64(N)
	}
}

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
		var ok bool
		if u.primal[l] {
			ok = u.layerPrimal(l)
		} else {
			ok = u.layerDual(l)
		}
		if !ok {
			return false
		}
	}
	return true
}

// layerDual solves every unit of layer l in the dual through the layer's input Gram K and
// writes d_l: z_i fills column i of G[l], and one LayerVJP forms all rows of ΔW_l and Δb_l.
func (u *unitWise) layerDual(l int) bool {
	t := u.t
	ws := t.ws
	n, out := ws.Rows, t.spec.Widths[l]
	k := u.kin[:n*n]
	ws.InputGram(l, k, n)
	d := ws.D[l].Data
	g := ws.G[l].Data[:n*out]
	sys, sw, sPrv, z := u.sys[:n*n], u.sw[:n], u.sPrv[:n], u.z[:n]
	rho := t.damping
	have := false // sys holds the factor of the weights in sPrv
	for i := 0; i < out; i++ {
		same := have
		for r := 0; r < n; r++ {
			w, gr := u.weight(d, r, i, out)
			s := math.Sqrt(w)
			sw[r] = s
			if s > 0 {
				z[r] = gr / s
			} else {
				z[r] = 0
			}
			same = same && s == sPrv[r]
		}
		if !same {
			for a := 0; a < n; a++ {
				row, kr := sys[a*n:a*n+a+1], k[a*n:a*n+a+1]
				sa := sw[a]
				for b, kv := range kr {
					row[b] = sa * kv * sw[b]
				}
				row[a] += rho
			}
			if !lapack.Dpotrf(n, sys, n) {
				return false
			}
			copy(sPrv, sw)
			have = true
		}
		lapack.Dpotrs(n, sys, n, z)
		for r := 0; r < n; r++ {
			v := sw[r] * z[r]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
			g[r*out+i] = float32(v)
		}
	}
	ws.LayerVJP(l, ws.G[l], t.spec.LayerW(t.dir, l), t.spec.LayerB(t.dir, l), -1)
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

// unitWisePrimal solves every unit of layer l with its (M_{l-1}+1)² Fisher block and
// writes d_l.
func (u *unitWise) layerPrimal(l int) bool {
	t := u.t
	ws := t.ws
	s := &t.spec
	n, in, out := ws.Rows, s.Widths[l-1], s.Widths[l]
	dim := u.blockDim(l)
	// h̃ᵀ (dim×n): column r is the scaled, bias-augmented input of sample r.
	htT := u.ht[:dim*n]
	sc, sb := float64(s.Scale(l)), float64(s.SigmaB)
	for r := 0; r < n; r++ {
		h := ws.H[l-1].Data[r*in : (r+1)*in]
		for j, v := range h {
			htT[j*n+r] = sc * float64(v)
		}
		if dim > in {
			htT[in*n+r] = sb
		}
	}
	d := ws.D[l].Data
	dW, db := s.LayerW(t.dir, l), s.LayerB(t.dir, l)
	F, x := u.fblk[:dim*dim], u.xblk[:dim]
	ut := u.ut[:dim*n]
	wn, gn := u.wn[:n], u.gn[:n]
	rho := t.damping
	for i := 0; i < out; i++ {
		for r := 0; r < n; r++ {
			w, g := u.weight(d, r, i, out)
			wn[r], gn[r] = math.Sqrt(w), g
		}
		// F = Σ_r w_r h̃_r h̃_rᵀ = U Uᵀ with U = h̃ᵀ·diag(√w) (lower triangle), x = h̃ᵀ g.
		for a := 0; a < dim; a++ {
			hr, ur := htT[a*n:(a+1)*n], ut[a*n:(a+1)*n]
			for r, v := range hr {
				ur[r] = v * wn[r]
			}
			x[a] = simd.Dot64(hr, gn)
			row := F[a*dim : a*dim+a+1]
			for b := range row {
				row[b] = 0
			}
		}
		simd.SyrkLower64(dim, n, 1, ut, n, F, dim)
		for a := 0; a < dim; a++ {
			F[a*dim+a] += rho
		}
		if !lapack.Dpotrf(dim, F, dim) {
			return false
		}
		lapack.Dpotrs(dim, F, dim, x)
		if !finite64(x) {
			return false
		}
		wrow := dW.Data[i*in : (i+1)*in]
		for j := range wrow {
			wrow[j] = float32(-x[j])
		}
		if dim > in {
			db[i] = float32(-x[in])
		} else {
			db[i] = 0
		}
	}
	return true
}
