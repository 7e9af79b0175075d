package core

import (
	"math"

	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
)

// Unit-wise NGD (DESIGN.md §5, PAPER.md §3.4): one Fisher block per unit i of layer l,
// holding its incoming weights W_l[i,:] and its bias b_{l,i}. The unit's Jacobian rows are
// J_{l,i}[(n,c),:] = δ_{l,n,i}^{(c)} h̃_nᵀ with h̃_n = [s_l h_{l-1,n}, σ_b] (raw coordinates), so
//
//	dual:   Θ_{l,i}[(n,c),(m,c')] = δ_{l,n,i}^{(c)} δ_{l,m,i}^{(c')} K_{l-1}[n,m],
//	        (Λ̃Θ_{l,i} + ρI) v = r̃,   d_{l,i} = −J_{l,i}ᵀ v              (one (N·C)² solve),
//	primal: F_{l,i} = Σ_n (Σ_{c,c'} δ^{(c)} Λ̃_n[c,c'] δ^{(c')}) h̃_n h̃_nᵀ,
//	        d_{l,i} = −(F_{l,i} + ρI)⁻¹ Σ_n (Σ_c r̃_{n,c} δ^{(c)}) h̃_n      (one (M_{l-1}+1)² solve).
//
// Both give the same step; the planner picks per layer the cheaper one (Trainer.Plan says
// which). With σ_b = 0 the bias coordinate has no gradient and no curvature; its update is
// zero (the minimum-norm answer) and the primal block drops it.

// carveUnitWise plans the forms and carves their buffers.
func (t *Trainer) carveUnitWise(c fixedbuf.Carver) {
	s := &t.spec
	L, C, N := s.Layers(), s.Outputs(), t.cap
	t.m.uwPrimal = make([]bool, L+1)
	anyDual, maxDim := false, 0
	for l := 1; l <= L; l++ {
		dim := t.uwBlockDim(l)
		m := float64(N * C)
		dualCost := m*m + m*m*m/3
		primalCost := float64(N)*float64(dim*dim)/2 + float64(dim*dim*dim)/3
		switch t.cfg.Form {
		case FormDual:
			t.m.uwPrimal[l] = false
		case FormPrimal:
			t.m.uwPrimal[l] = true
		default:
			t.m.uwPrimal[l] = primalCost < dualCost
		}
		if t.m.uwPrimal[l] {
			maxDim = max(maxDim, dim)
		} else {
			anyDual = true
		}
	}
	if anyDual {
		t.carveDualBuffers(c)
		t.m.kin = c.F64(N * N)
	}
	if maxDim > 0 {
		t.m.ht = c.F64(N * maxDim)
		t.m.ut = c.F64(N * maxDim)
		t.m.fblk = c.F64(maxDim * maxDim)
		t.m.xblk = c.F64(maxDim)
		t.m.wn = c.F64(N)
		t.m.gn = c.F64(N)
	}
}

// uwBlockDim is the size of a unit's primal block: M_{l-1}+1, or M_{l-1} when σ_b = 0.
func (t *Trainer) uwBlockDim(l int) int {
	if t.spec.SigmaB == 0 {
		return t.spec.Widths[l-1]
	}
	return t.spec.Widths[l-1] + 1
}

// unitWiseAlpha is the isotropy constant used by LRPaper:
//
//	α = γ·Σ_{l<L} M_l / C + 1,  γ = 1/2 for ReLU (about half the units are active), else 1.
//
// Each hidden unit whose signal is nonzero on a sample contributes 1 to that sample's
// diagonal of K when the layer inputs have full row rank (M_{l-1} ≥ N, including M_0 ≥ N);
// the output layer contributes 1. It is exact, (L−1)M+1 for equal widths M, for smooth
// activations with C = 1 (PAPER.md §3.4); for ReLU it is the expected value, and for C > 1
// only the average of K's diagonal (K is then not isotropic).
func (t *Trainer) unitWiseAlpha() float64 {
	s := &t.spec
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

// unitWiseDirection writes d = −(G_UW+ρI)⁻¹∇ℒ into t.dir.
func (t *Trainer) unitWiseDirection() bool {
	t.ws.Signals(t.net)
	for l := 1; l <= t.spec.Layers(); l++ {
		var ok bool
		if t.m.uwPrimal[l] {
			ok = t.unitWisePrimal(l)
		} else {
			ok = t.unitWiseDual(l)
		}
		if !ok {
			return false
		}
	}
	return true
}

// unitWiseDual solves every unit of layer l in the dual and writes d_l. The per-unit
// signal coefficients Σ_c v_{n,c} δ_{l,n,i}^{(c)} fill column i of G[l]; one LayerVJP then
// forms all rows of ΔW_l and Δb_l.
func (t *Trainer) unitWiseDual(l int) bool {
	ws := t.ws
	n, C, out := ws.Rows, t.spec.Outputs(), t.spec.Widths[l]
	m := n * C
	k := t.m.kin[:n*n]
	ws.InputGram(l, k, n)
	d := ws.D[l].Data
	g := ws.G[l].Data[:n*out]
	th := t.theta[:m*m]
	col := t.tmp[:m] // δ_{l,·,i} for the current unit
	v := t.v[:m]
	for i := 0; i < out; i++ {
		for a := range col {
			col[a] = float64(d[a*out+i])
		}
		for a, da := range col {
			row := th[a*m : (a+1)*m]
			kr := k[(a/C)*n : (a/C)*n+n]
			for b, db := range col {
				row[b] = da * db * kr[b/C]
			}
		}
		if !t.solveDual(th, m, v) {
			return false
		}
		for r := 0; r < n; r++ {
			var acc float64
			for c := 0; c < C; c++ {
				acc += v[r*C+c] * col[r*C+c]
			}
			g[r*out+i] = float32(acc)
		}
	}
	ws.LayerVJP(l, ws.G[l], t.spec.LayerW(t.dir, l), t.spec.LayerB(t.dir, l), -1)
	return true
}

// unitWisePrimal solves every unit of layer l with its (M_{l-1}+1)² Fisher block and
// writes d_l.
func (t *Trainer) unitWisePrimal(l int) bool {
	ws := t.ws
	s := &t.spec
	n, C, in, out := ws.Rows, s.Outputs(), s.Widths[l-1], s.Widths[l]
	dim := t.uwBlockDim(l)
	// h̃ᵀ (dim×n): column r is the scaled, bias-augmented input of sample r.
	htT := t.m.ht[:dim*n]
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
	F, x := t.m.fblk[:dim*dim], t.m.xblk[:dim]
	ut := t.m.ut[:dim*n]
	wn, gn := t.m.wn[:n], t.m.gn[:n]
	rho := t.damping
	for i := 0; i < out; i++ {
		for r := 0; r < n; r++ {
			var w, g float64
			if t.lamScal {
				for c := 0; c < C; c++ {
					v := float64(d[(r*C+c)*out+i])
					w += v * v
					g += t.rt[r*C+c] * v
				}
				w *= t.lamScale
			} else {
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
			}
			// w = δᵀΛ̃δ ≥ 0 (Λ̃ is PSD); rounding can leave a tiny negative.
			wn[r], gn[r] = math.Sqrt(math.Max(w, 0)), g
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
		if !Dpotrf(dim, F, dim) {
			return false
		}
		Dpotrs(dim, F, dim, x)
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
