package core

import (
	"fmt"
	"math"
	"strings"

	"github.com/edgetrain/edgetrain/core/internal/lapack"
	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// K-FAC. Per layer, on the raw parameters [W_l | b_l]:
//
//	A_{l-1} = Σ_n ω̃_n h̃_n h̃_nᵀ,  h̃_n = [s_l h_{l-1,n}, σ_b]  (dimension M_{l-1}+1; ω̃ = 1/N unweighted)
//	B_l     = Σ_n D_n Λ̃_n D_nᵀ,   D_n = [δ_{l,n}^{(1)} … δ_{l,n}^{(C)}]  (MSE: (1/N)Σ_{n,c} δδᵀ, B_L = I_C)
//	π       = √((tr A/dim A)/(tr B/dim B)),  dim A = M_{l-1}+1 even when σ_b = 0
//	ΔW_l    = −η (B + √ρ/π·I)⁻¹ ∇_{[W|b]}ℒ (A + π√ρ·I)⁻¹.
//
// The gradient is ∇_{[W|b]}ℒ = Gᵀ H̃ with g_n = Σ_c r̃_{n,c} δ_{l,n}^{(c)}, so the update is the
// product of two per-sample factors, ΔW = −G”ᵀ H̃' with
//
//	H̃' = H̃ (A+λI)⁻¹        primal: one d×d Cholesky;  dual: (H̃H̃ᵀW + λI)⁻¹ H̃ (N×N),
//	G'' = G (B+μI)⁻¹         primal: one M_l×M_l Cholesky; dual: rows Dᵀ(Λ̃DDᵀ + μI)⁻¹ r̃_n ((N·C)²),
//
// the dual forms being the push-through (Woodbury) identities, exact because the gradient
// lies in the span of the batch. They need the factors of the current batch, so they are
// used only with KFACDecay = 0 and KFACRefresh ≤ 1; the planner picks them when the batch is
// smaller than the layer (Trainer.Plan). With σ_b = 0 the bias coordinate has no gradient and
// no curvature; its update is zero (the pseudo-inverse answer) and the solves drop it.
//
// Each damped inverse may also be applied to the gradient ∇ = GᵀH̃ (M_l × dim A) instead of
// its per-sample factor: (A+λI)⁻¹ to the M_l rows of ∇ rather than the N rows of H̃, (B+μI)⁻¹
// to the dim A columns of ∇ rather than the N rows of G, and the dual A system to the M_l
// columns of G rather than the dim A columns of H̃; layer does whichever has fewer right-hand
// sides (at most one side on ∇). For the output layer under MSE, B_L = Σ_n ω̃_n I = I exactly
// (Σ ω̃ = 1), so it is neither accumulated nor factored: (B+μI)⁻¹ = I/(1+μ).
//
// Factors are kept as an exponential moving average with weight Config.KFACDecay on the
// previous value, and the damped factors are refactored every Config.KFACRefresh steps, or
// sooner when ρ changed. The statistics of a rejected step stay in the average.
//
// Learning rate. For standard K-FAC (B_L = I_C for the output layer) the isotropy constant is
// α = N(L−1) + 1 when every layer is at least as wide as the batch; the authors' reference
// code uses 1/(N·L), treating the last layer like a hidden one. This package implements
// standard K-FAC and uses the derived constant (see kfac.alpha).
type kfac struct {
	t       *Trainer
	layers  []kfacLayer // index l = 1..L
	refresh int         // steps between refreshes (≥ 1)
	calls   int         // directions computed so far
	have    bool        // the primal factors hold statistics
	rhoAt   float64     // ρ at the last refresh
	dmax    int         // largest M_{l-1}+1
	omax    int         // largest M_l
	anyA    bool        // some layer applies A in the dual form
	anyB    bool        // some layer applies B in the dual form

	om   []float64 // Cap: ω̃_n
	ht   []float64 // Cap×dmax: h̃ rows
	htT  []float64 // dmax×Cap: H̃' transposed
	gr   []float64 // omax: one row of G'' (dual B side)
	gT   []float64 // omax×Cap: G'' transposed (in asys with a dual A side, gTRows)
	gT32 []float32 // omax×Cap: G'' transposed in float32 (dual A side on G', dualProduct32)
	vec  []float64 // scratch vector, max(dmax, omax, Cap·C)
	rows []float64 // Cap×max(dmax, omax): right-hand sides solved together, one per row
	dw   []float64 // omax×dmax: the update [ΔW | Δb] in float64
	kin  []float64 // Cap²: input Gram (A dual)
	asys []float64 // Cap² + omax×Cap: A dual system, then G'' transposed (gTRows)
	apiv []float64 // Cap
	ddt  []float64 // (Cap·C)²: DDᵀ (B dual)
	e    []float32 // (Cap·C)×omax: rows L_nᵀD_n with Λ̃_n = L_nL_nᵀ (primal B statistics)
	btmp []float64 // omax²: EᵀE of the batch (with KFACDecay > 0; else it goes into bFac)
	g32  []float32 // scratch of gramLowerMixed
	lf   []float64 // C²: factor L_n of one Λ̃_n
	sw   []float64 // scratch of lapack.DpotrsStrips (solveSPD), when some solve uses it
	pw   []float64 // scratch of lapack.DposvRowsWork and Dposv (solveSPD, solveDualA), orders ≤ 64
	bds  dualSys   // B dual system

	noHadamardB bool // test hook: the last hidden layer's B as the general Gram too
	jd          bool // this direction forms J·d with its layers (jdPlan)
}

type kfacLayer struct {
	aDual, bDual bool
	bIdent       bool      // output layer under MSE: B = Σ ω̃_n I = I, never formed or factored
	dimA, dimE   int       // M_{l-1}+1, and the solved size (M_{l-1} when σ_b = 0)
	aFac, aChol  []float64 // dimA²: A (lower triangle) and the Cholesky factor of A+λI
	bFac, bChol  []float64 // M_l²: B (lower triangle) and the Cholesky factor of B+μI
	lam, mu      float64   // λ = π√ρ and μ = √ρ/π of the last refresh
}

// kfacMaxRelStep is the default bound on ‖Δθ_l‖/‖θ_l‖ per layer and step while the learning
// rate is chosen (LRAuto, LRPaper): K-FAC steps leave the lazy regime on small networks.
// Measured on a ReLU 16,16 network with a fixed η = 1 (Seattle, 6 epochs): R² −7.4 unbounded,
// 0.989 at 0.1.
const kfacMaxRelStep = 0.1

// newKFAC checks the K-FAC settings and plans the form of each side of every layer.
func newKFAC(t *Trainer) (fisherMethod, error) {
	cfg := &t.cfg
	switch {
	case !(cfg.KFACDecay >= 0 && cfg.KFACDecay < 1):
		return nil, fmt.Errorf("%w: kfac decay must be in [0, 1)", ErrConfig)
	case cfg.KFACRefresh < 0:
		return nil, fmt.Errorf("%w: kfac refresh period must be ≥ 0", ErrConfig)
	case cfg.Form == FormDual && (cfg.KFACDecay != 0 || cfg.KFACRefresh > 1):
		return nil, fmt.Errorf("%w: the dual (Woodbury) form of kfac needs the current batch's factors: "+
			"use decay 0 and refresh 1, or the primal form", ErrConfig)
	}
	s := &t.spec
	L, C, N := s.Layers(), s.Outputs(), t.cap
	kf := &kfac{t: t, refresh: max(1, cfg.KFACRefresh), layers: make([]kfacLayer, L+1)}
	current := cfg.KFACDecay == 0 && kf.refresh == 1
	for l := 1; l <= L; l++ {
		k := &kf.layers[l]
		in, out := s.Widths[l-1], s.Widths[l]
		k.dimA, k.dimE = in+1, in+1
		if s.SigmaB == 0 {
			k.dimE = in
		}
		switch t.cfg.Form {
		case FormDual:
			k.aDual, k.bDual = true, true
		case FormPrimal:
			k.aDual, k.bDual = false, false
		default:
			k.aDual = current && N < k.dimE
			k.bDual = current && N*C < out
		}
		if l == L && cfg.Loss == tinynet.MSE {
			k.bIdent, k.bDual = true, false
		}
		kf.anyA = kf.anyA || k.aDual
		kf.anyB = kf.anyB || k.bDual
		kf.dmax, kf.omax = max(kf.dmax, k.dimA), max(kf.omax, out)
	}
	return kf, nil
}

func (kf *kfac) carve(c fixedbuf.Carver) {
	s := &kf.t.spec
	C, N := s.Outputs(), kf.t.cap
	dmax, omax := kf.dmax, kf.omax
	for l := 1; l <= s.Layers(); l++ {
		k := &kf.layers[l]
		if !k.aDual {
			k.aFac = c.F64(k.dimA * k.dimA)
			k.aChol = c.F64(k.dimA * k.dimA)
		}
		if !k.bDual {
			out := s.Widths[l]
			k.bFac = c.F64(out * out)
			k.bChol = c.F64(out * out)
		}
	}
	kf.om = c.F64(N)
	kf.ht = c.F64(N * dmax)
	kf.htT = c.F64(dmax * N)
	kf.gr = c.F64(omax)
	if !kf.anyA {
		kf.gT = c.F64(omax * N)
	}
	kf.vec = c.F64(max(dmax, omax, N*C))
	kf.rows = c.F64(N * max(dmax, omax))
	kf.dw = c.F64(omax * dmax)
	if !allDualB(kf.layers[1:]) {
		kf.e = c.F32(N * C * omax)
		kf.g32 = c.F32(gramScratch(omax))
		if kf.t.cfg.KFACDecay > 0 {
			kf.btmp = c.F64(omax * omax)
		}
		kf.lf = c.F64(C * C)
	}
	if need := kf.stripsWork(); need > 0 {
		kf.sw = c.F64(need)
	}
	if need := kf.posvWork(); need > 0 {
		kf.pw = c.F64(need)
	}
	if kf.anyA {
		kf.kin = c.F64(N * N)
		// the system, and G'ᵀ in the rows right after it (gTRows)
		kf.asys = c.F64(N*N + omax*N)
		kf.apiv = c.F64(N)
		kf.gT32 = c.F32(omax * N)
	}
	if kf.anyB {
		kf.ddt = c.F64(N * C * N * C)
		kf.bds.sys = c.F64(N * C * N * C)
		kf.bds.piv = c.F64(N * C)
	}
}

func (kf *kfac) plan() string {
	var b strings.Builder
	for l := 1; l < len(kf.layers); l++ {
		if l > 1 {
			b.WriteString(", ")
		}
		k := &kf.layers[l]
		bForm := formName(k.bDual)
		if k.bIdent {
			bForm = "identity"
		}
		fmt.Fprintf(&b, "layer %d A:%s B:%s", l, formName(k.aDual), bForm)
	}
	fmt.Fprintf(&b, " (decay %g, refresh every %d)", kf.t.cfg.KFACDecay, kf.refresh)
	return b.String()
}

// alpha is the isotropy constant used by LRPaper:
//
//	α = Σ_{l<L} N·min(1, r_{l-1}/N)·min(1, M_l/(N·C)) + 1,  r_{l-1} = M_{l-1} (+1 when σ_b ≠ 0),
//
// i.e. N(L−1)+1 for standard K-FAC when every layer is at least as wide as the batch (each
// hidden layer contributes N·I, the output layer I because B_L = I_C), and M_0+N(L−2)+1 when
// the inputs are narrower than the batch (exact only after a Forster transform of the
// inputs, see ForsterTransform). The authors' code uses N·L instead; η = 1/α here.
func (kf *kfac) alpha() float64 {
	t := kf.t
	s := &t.spec
	n := t.ws.Rows
	if n == 0 {
		n = t.cap
	}
	N, C := float64(n), float64(s.Outputs())
	alpha := 1.0
	for l := 1; l < s.Layers(); l++ {
		r := float64(s.Widths[l-1])
		if s.SigmaB != 0 {
			r++
		}
		alpha += N * math.Min(1, r/N) * math.Min(1, float64(s.Widths[l])/(N*C))
	}
	return alpha
}

// direction writes the K-FAC direction into t.dir.
func (kf *kfac) direction() bool {
	t := kf.t
	ws := t.ws
	n := ws.Rows
	all := !kf.have || t.damping != kf.rhoAt // every layer refreshes
	om := kf.om[:n]
	if ws.Weight == nil {
		for i := range om {
			om[i] = 1 / float64(n)
		}
	} else {
		var sum float64
		for _, w := range ws.Weight[:n] {
			sum += float64(w)
		}
		for i := range om {
			om[i] = float64(ws.Weight[i]) / sum
		}
	}
	kf.jd = kf.jdPlan()
	if kf.jd {
		clear(t.jd[:n*t.spec.Outputs()])
	}
	for l := 1; l <= t.spec.Layers(); l++ {
		refresh := all || kf.due(l)
		if !kf.layer(l, refresh, refresh || t.cfg.KFACDecay > 0) {
			return false
		}
	}
	t.jdReady = kf.jd
	kf.calls++
	kf.have = true
	if all {
		kf.rhoAt = t.damping
	}
	return true
}

// due reports whether layer l refreshes its damped inverses at this step: every
// KFACRefresh steps, all layers at once, or with KFACStagger at phases spread over the
// period (layer l at step ≡ ⌊(l−1)·R/L⌋ mod R), so that no step refactors more than
// ⌈L/R⌉ layers.
func (kf *kfac) due(l int) bool {
	phase := 0
	if kf.t.cfg.KFACStagger {
		phase = (l - 1) * kf.refresh / kf.t.spec.Layers()
	}
	return kf.calls%kf.refresh == phase
}

// layer computes the K-FAC update of layer l.
//
// ΔW = −(B+μI)⁻¹ Gᵀ H̃ (A+λI)⁻¹ is a product of four factors, and each damped inverse can be
// applied on either side of the product: (A+λI)⁻¹ to the n rows of H̃ or to the M_l rows of
// the gradient Gᵀ H̃, (B+μI)⁻¹ to the n rows of G or to the dim A columns of the gradient
// (the dual form of A to the columns of G or of H̃). The sides are chosen per layer and
// batch by the number of right-hand sides (plan), one side at most on the gradient.
func (kf *kfac) layer(l int, refresh, update bool) bool {
	t := kf.t
	ws := t.ws
	k := &kf.layers[l]
	s := &t.spec
	n, C, in, out := ws.Rows, s.Outputs(), s.Widths[l-1], s.Widths[l]
	m := n * C
	dA, dE := k.dimA, k.dimE
	sc, sb := float64(s.Scale(l)), float64(s.SigmaB)
	aOnGrad, bOnGrad, aOnG := kf.sides(k, n, out)
	ht := kf.ht[:n*dA]
	if !(k.aDual && aOnG && !bOnGrad) { // there the product reads h_{l-1} itself
		simd.WidenRows64(n, in, sc, nil, ws.H[l-1].Data, in, ht, dA)
		for r := 0; r < n; r++ {
			ht[r*dA+in] = sb
		}
	}
	d := ws.D[l].Data

	// statistics of the primal sides
	decay := t.cfg.KFACDecay
	if !kf.have {
		decay = 0
	}
	if update && !k.aDual {
		kf.statA(l, k, ht, n, decay)
	}
	if update && !k.bDual && !k.bIdent {
		kf.statB(l, k, decay)
	}

	// the dual A side's input Gram K (its diagonal gives tr A)
	var kdiag []float64
	if k.aDual {
		kdiag = kf.inputGram(l)
	}

	// damping: π from the traces, at refresh (every step for the dual sides). The damped
	// primal factors are factored where they are first solved with (solveSPD).
	var aFresh, bFresh bool
	if refresh {
		var trA, trB float64
		if k.aDual {
			// tr A = Σ_r ω̃_r‖h̃_r‖² = Σ_r ω̃_r K[r,r]
			for r := 0; r < n; r++ {
				trA += kf.om[r] * kdiag[r*(n+1)]
			}
		} else {
			for a := 0; a < dA; a++ {
				trA += k.aFac[a*dA+a]
			}
		}
		switch {
		case k.bIdent:
			trB = float64(out)
		case k.bDual:
			trB = kf.traceB(l)
		default:
			for a := 0; a < out; a++ {
				trB += k.bFac[a*out+a]
			}
		}
		pi := math.Sqrt((trA / float64(dA)) / (trB / float64(out)))
		if !(pi > 0) || math.IsInf(pi, 0) {
			pi = 1
		}
		sr := math.Sqrt(t.damping)
		k.lam, k.mu = pi*sr, sr/pi
		if !k.aDual {
			for a := 0; a < dE; a++ {
				copy(k.aChol[a*dA:a*dA+a+1], k.aFac[a*dA:a*dA+a+1])
				k.aChol[a*dA+a] += k.lam
			}
			aFresh = true
		}
		switch {
		case k.bIdent:
			// B = I: the factors are kept (they are part of the saved state) but never solved with
			d := math.Sqrt(1 + k.mu)
			for a := 0; a < out; a++ {
				clear(k.bFac[a*out : a*out+a])
				clear(k.bChol[a*out : a*out+a])
				k.bFac[a*out+a], k.bChol[a*out+a] = 1, d
			}
		case !k.bDual:
			// the whole block in one copy (what it brings above the diagonal is never read)
			copy(k.bChol[:out*out], k.bFac[:out*out])
			for a := 0; a < out; a++ {
				k.bChol[a*out+a] += k.mu
			}
			bFresh = true
		}
	}

	// G side: the gradient signals g_n = Σ_c r̃_{n,c} δ_{l,n}^{(c)}, with (B+μI)⁻¹ applied
	// unless it goes on the gradient, as rows (grows, n×out) or transposed (gT, out×n).
	grows, gT := kf.rows[:n*out], kf.gTRows(n, out)
	inRows := true
	alpha := -1.0
	switch {
	case k.bDual:
		DDt := kf.ddt[:m*m]
		simd.Gram64(m, out, d, out, DDt, m)
		if !t.factorDual(&kf.bds, DDt, m, k.mu) {
			return false
		}
		vec, gr := kf.vec[:m], kf.gr[:out]
		for r := 0; r < n; r++ {
			for a := range vec {
				vec[a] = 0
			}
			copy(vec[r*C:(r+1)*C], t.rt[r*C:(r+1)*C])
			kf.bds.solve(vec)
			for i := range gr {
				gr[i] = 0
			}
			for a, va := range vec {
				if va == 0 {
					continue
				}
				for i, v := range d[a*out : (a+1)*out] {
					gr[i] += va * float64(v)
				}
			}
			for i, v := range gr {
				gT[i*n+r] = v
			}
		}
		inRows = false
	default:
		// g_n = Σ_c r̃_{n,c} δ_{l,n}^{(c)}, formed in float64
		if C == 1 {
			simd.WidenRows64(n, out, 1, t.rt[:n], d, out, grows, out)
		} else {
			simd.SumRows32x64(n, C, out, t.rt[:m], d, out, grows, out)
		}
		if k.bIdent {
			alpha = -1 / (1 + k.mu)
		} else if !bOnGrad {
			if !kf.solveSPD(bFresh, out, k.bChol, out, n, grows, out) {
				return false
			}
		}
	}

	// A side on the factors: H̃ as rows (ht, n×dE with stride dA) or transposed (htT, dE×n)
	htT := kf.htT[:dE*n]
	hRows := true
	switch {
	case k.aDual && aOnG:
		if inRows {
			transpose64(n, out, grows, gT)
			inRows = false
		}
		sc, ok := kf.dualAG(k, gT, out)
		if !ok {
			return false
		}
		alpha *= sc
	case k.aDual:
		if !kf.dualA(k, ht, htT) {
			return false
		}
		hRows = false
	case !aOnGrad:
		// the n rows h̃_r solved together, in place
		if !kf.solveSPD(aFresh, dE, k.aChol, dA, n, ht, dA) {
			return false
		}
	}

	// the product, and the side left for it
	if k.aDual && aOnG && out >= 4 {
		// G'ᵀ(K+nλI)⁻¹ is final: the product with h_{l-1} goes straight into the float32 update
		if !kf.dualProduct32(l, k, alpha, gT) {
			return false
		}
		if kf.jd {
			kf.jdLayer(l, k, false, alpha, grows, gT, nil)
		}
		return true
	}
	dw := kf.dw[:out*dE]
	clear(dw)
	if bOnGrad {
		// Wᵀ = H̃'ᵀ G (dE×out), then (B+μI)⁻¹ on its rows
		if !inRows {
			transpose64(out, n, gT, grows)
		}
		if hRows {
			simd.GemmTN64(dE, out, n, alpha, ht, dA, grows, out, dw, out)
		} else {
			simd.GemmNN64(dE, out, n, alpha, htT, n, grows, out, dw, out)
		}
		if !kf.solveSPD(bFresh, out, k.bChol, out, dE, dw, out) {
			return false
		}
	} else {
		// W = G'ᵀ H̃' (out×dE), then (A+λI)⁻¹ on its rows
		if hRows && out < 4 && (aOnG || aOnGrad) {
			// a few rows (the output layer) with H̃ as formed: one axpy of h_{l-1,p} per
			// sample and row, read in float32, and the σ_b column as a sum
			h := ws.H[l-1].Data
			for i := 0; i < out; i++ {
				di := dw[i*dE : (i+1)*dE]
				var gs float64
				for p := 0; p < n; p++ {
					g := gT[i*n+p]
					if inRows {
						g = grows[p*out+i]
					}
					simd.Axpy32x64(alpha*sc*g, h[p*in:(p+1)*in], di[:in])
					gs += g
				}
				if dE > in {
					di[in] = alpha * sb * gs
				}
			}
		} else if hRows && out < 4 {
			// a few rows (the output layer): one axpy per sample and row, nothing packed
			for i := 0; i < out; i++ {
				di := dw[i*dE : (i+1)*dE]
				for p := 0; p < n; p++ {
					g := gT[i*n+p]
					if inRows {
						g = grows[p*out+i]
					}
					simd.Axpy64(alpha*g, ht[p*dA:p*dA+dE], di)
				}
			}
		} else if inRows {
			if hRows {
				simd.GemmTN64(out, dE, n, alpha, grows, out, ht, dA, dw, dE)
			} else {
				transpose64(n, out, grows, gT)
				simd.GemmNT64(out, dE, n, alpha, gT, n, htT, n, dw, dE)
			}
		} else if hRows && dE > in && aOnGrad {
			// H̃ as formed: its bias column is σ_b throughout, so that column of the product
			// is a row sum of G', and the packed product covers only the M_{l-1} columns
			simd.GemmNN64(out, in, n, alpha, gT, n, ht, dA, dw, dE)
			for i := 0; i < out; i++ {
				dw[i*dE+in] = alpha * sb * sum64(gT[i*n:(i+1)*n])
			}
		} else if hRows {
			simd.GemmNN64(out, dE, n, alpha, gT, n, ht, dA, dw, dE)
		} else {
			simd.GemmNT64(out, dE, n, alpha, gT, n, htT, n, dw, dE)
		}
		if aOnGrad {
			if !kf.solveSPD(aFresh, dE, k.aChol, dA, out, dw, dE) {
				return false
			}
		}
	}
	// ΔW_l in float32, with a zero bias update when σ_b = 0. A value that is not finite
	// (x − x ≠ 0) fails the direction.
	dW, db := s.LayerW(t.dir, l), s.LayerB(t.dir, l)
	for i := 0; i < out; i++ {
		row := dW.Data[i*in : (i+1)*in]
		if bOnGrad {
			for j := range row {
				v := dw[j*out+i]
				if v-v != 0 {
					return false
				}
				row[j] = float32(v)
			}
		} else if !simd.Narrow64(row, dw[i*dE:i*dE+in]) {
			return false
		}
		db[i] = 0
		if dE > in {
			v := dw[i*dE+in]
			if bOnGrad {
				v = dw[in*out+i]
			}
			if v-v != 0 {
				return false
			}
			db[i] = float32(v)
		}
	}
	if kf.jd {
		kf.jdLayer(l, k, bOnGrad, alpha, grows, gT, dw)
	}
	return true
}

// dualProduct32 writes the update of layer l with the dual A side on G' (every side applied,
// G'ᵀ in gT, out×n): ΔW = alpha·s_l·G'ᵀH and Δb = alpha·σ_b·G'ᵀ1, the weights as one float32
// product of G'ᵀ (narrowed) with h_{l-1} itself, as the update is stored, the bias sums in
// float64. It returns false when a value is not finite.
func (kf *kfac) dualProduct32(l int, k *kfacLayer, alpha float64, gT []float64) bool {
	t := kf.t
	s := &t.spec
	n, in, out := t.ws.Rows, s.Widths[l-1], s.Widths[l]
	g := kf.gT32[:out*n]
	if !simd.Narrow64(g, gT[:out*n]) {
		return false
	}
	dW, db := s.LayerW(t.dir, l), s.LayerB(t.dir, l)
	simd.GemmNN(out, in, n, float32(alpha*float64(s.Scale(l))), g, n, t.ws.H[l-1].Data, in, 0, dW.Data, in)
	if !simd.Finite32(dW.Data[:out*in]) {
		return false
	}
	sb := float64(s.SigmaB)
	for i := 0; i < out; i++ {
		db[i] = 0
		if k.dimE > in {
			db[i] = float32(alpha * sb * sum64(gT[i*n:(i+1)*n]))
		}
	}
	return true
}

// jdPlan reports whether this direction forms J·d = Σ_l J_l·ΔW̃_l itself (jdLayer) instead of
// leaving it to the trainer's JVP: unweighted batches, every layer either with the dual A
// side on G' (J_l·ΔW̃_l from the factors already at hand, no product) or primal with room
// for its product H̃·ΔW̃ᵀ, and the multiply-adds of those products and of the dots with the
// hidden layers' signals (n·C·M_l each) at most those of the JVP they replace (ΔW_l·h_{l-1}
// on every layer and W_l·ḣ_{l-1} on all but the first: n·M_{l-1}·M_l each).
func (kf *kfac) jdPlan() bool {
	t := kf.t
	if t.ws.Weight != nil {
		return false
	}
	s := &t.spec
	n, C, L := t.ws.Rows, s.Outputs(), s.Layers()
	work, jvp := 0, 0
	for l := 1; l <= L; l++ {
		k := &kf.layers[l]
		in, out := s.Widths[l-1], s.Widths[l]
		_, _, aOnG := kf.sides(k, n, out)
		if n*out > len(kf.ht) {
			return false
		}
		jvp += n * in * out
		if l > 1 {
			jvp += n * in * out
		}
		if l < L {
			work += n * C * out
		}
		switch {
		case k.bDual:
			return false
		case k.aDual:
			if !aOnG {
				return false
			}
		default:
			work += n * out * k.dimE
			if n*k.dimA > len(kf.rows) {
				return false
			}
		}
	}
	return work <= jvp
}

// jdLayer adds layer l's part of J·d into t.jd: for sample n and output c,
// δ_{l,n}^{(c)}·v_n with v_n = ΔW̃ h̃_{l-1,n} (V = H̃ΔW̃ᵀ, n×M_l; the output layer's
// δ^{(c)} is the unit vector e_c). With the dual A side on G' the update is
// ΔW̃ = alpha·(QĜ)ᵀH̃ with Q = (K + nλI)⁻¹, K = H̃H̃ᵀ and Ĝ the signals after the B side
// (grows; QĜ transposed in gT), so V = alpha·KQĜ = alpha·(Ĝ − nλ·QĜ) needs no product.
// Otherwise V is one product of h_{l-1} with the float32 update just stored in t.dir (what
// the JVP would multiply), or without float32 scratch, with H̃ formed again in float64 and
// the float64 update in dw (its transpose when bOnGrad).
func (kf *kfac) jdLayer(l int, k *kfacLayer, bOnGrad bool, alpha float64, grows, gT, dw []float64) {
	t := kf.t
	ws := t.ws
	s := &t.spec
	n, C, in, out := ws.Rows, s.Outputs(), s.Widths[l-1], s.Widths[l]
	dA, dE := k.dimA, k.dimE
	last := l == s.Layers()
	d := ws.D[l].Data
	jd := t.jd[:n*C]
	row := func(r int, v []float64) {
		for c := 0; c < C; c++ {
			if last {
				jd[r*C+c] += v[c]
			} else {
				jd[r*C+c] += simd.Dot32x64(d[(r*C+c)*out:(r*C+c+1)*out], v)
			}
		}
	}
	if k.aDual {
		// V = alpha·(Ĝ − nλ·QĜ): QĜ transposed back into ht (free by now)
		qg := kf.ht[:n*out]
		simd.Transpose64(out, n, gT, n, qg, out)
		// Ĝ − nλ·QĜ in place of Ĝ (grows is not read after this), then one dot per output
		simd.Axpy64(-float64(n)*k.lam, qg, grows[:n*out])
		for r := 0; r < n; r++ {
			v := grows[r*out : (r+1)*out]
			for cc := 0; cc < C; cc++ {
				if last {
					jd[r*C+cc] += alpha * v[cc]
					continue
				}
				jd[r*C+cc] += alpha * simd.Dot32x64(d[(r*C+cc)*out:(r*C+cc+1)*out], v)
			}
		}
		return
	}
	if v32 := kf.g32; len(v32) >= n*out {
		// V = s_l·H·ΔWᵀ + σ_b·1·Δbᵀ from the float32 update just stored in t.dir, in float32
		// as the trainer's JVP would form it: one packed product and the bias in the dots
		dW, db := s.LayerW(t.dir, l), s.LayerB(t.dir, l)
		V := v32[:n*out]
		simd.GemmNT(n, out, in, s.Scale(l), ws.H[l-1].Data, in, dW.Data, in, 0, V, out)
		sb := float64(s.SigmaB)
		for r := 0; r < n; r++ {
			vr := V[r*out : (r+1)*out]
			for c := 0; c < C; c++ {
				if last {
					jd[r*C+c] += float64(vr[c]) + sb*float64(db[c])
					continue
				}
				dr := d[(r*C+c)*out : (r*C+c+1)*out]
				jd[r*C+c] += simd.Dsdot(dr, vr) + sb*simd.Dsdot(dr, db[:out])
			}
		}
		return
	}
	h := kf.rows[:n*dA]
	simd.WidenRows64(n, in, float64(s.Scale(l)), nil, ws.H[l-1].Data, in, h, dA)
	for r := 0; r < n; r++ {
		h[r*dA+in] = float64(s.SigmaB)
	}
	V := kf.ht[:n*out]
	clear(V)
	if bOnGrad {
		simd.GemmNN64(n, out, dE, 1, h, dA, dw, out, V, out)
	} else {
		simd.GemmNT64(n, out, dE, 1, h, dA, dw, dE, V, out)
	}
	for r := 0; r < n; r++ {
		row(r, V[r*out:(r+1)*out])
	}
}

// sides plans where the damped inverses of layer k go for a batch of n rows and M_l = out:
// aOnGrad, the primal (A+λI)⁻¹ on the out rows of the gradient instead of the n rows of H̃
// (out·dim² against n·dim² flops); bOnGrad, the primal (B+μI)⁻¹ on the dim A columns of the
// gradient instead of the n rows of G; at most one of them, the one saving more. aOnG: the
// dual A system on the out columns of G instead of the dim A columns of H̃.
func (kf *kfac) sides(k *kfacLayer, n, out int) (aOnGrad, bOnGrad, aOnG bool) {
	dE := k.dimE
	aOnGrad = !k.aDual && out < n
	bOnGrad = !k.bDual && !k.bIdent && dE < n
	if aOnGrad && bOnGrad {
		// keep the one that saves more: (n−out)·dE² against (n−dE)·out²
		if (n-out)*dE*dE >= (n-dE)*out*out {
			bOnGrad = false
		} else {
			aOnGrad = false
		}
	}
	aOnG = k.aDual && out <= dE
	return aOnGrad, bOnGrad, aOnG
}

// sum64 returns Σ x[i], four partial sums.
func sum64(x []float64) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i]
		s1 += x[i+1]
		s2 += x[i+2]
		s3 += x[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// gTRows returns the out×n matrix G'ᵀ (stride n). With a dual A side it lies right after
// the n×n system in kf.asys, so that the factorization runs its forward substitution with
// the system's own rows (lapack.DposvRows).
func (kf *kfac) gTRows(n, out int) []float64 {
	if kf.anyA {
		return kf.asys[n*n : n*n+out*n]
	}
	return kf.gT[:out*n]
}

// transpose64 writes the transpose of the r×c matrix a (stride c) into b (c×r, stride r).
func transpose64(r, c int, a, b []float64) {
	simd.Transpose64(r, c, a, c, b, r)
}

// statA folds the batch's A = Σ ω̃ h̃h̃ᵀ of layer l into the lower triangle of k.aFac.
// Unweighted it is the float64 Gram of the float32 columns of h_{l-1} (GramT64) scaled by
// s_l²/N, with the bias row from their means; weighted, one triangular float64 product
// (SyrkLower64) of the √ω̃-scaled columns of H̃.
func (kf *kfac) statA(l int, k *kfacLayer, ht []float64, n int, decay float64) {
	dA := k.dimA
	for a := 0; a < dA; a++ {
		row := k.aFac[a*dA : a*dA+a+1]
		if decay == 0 {
			clear(row)
			continue
		}
		for b := range row {
			row[b] *= decay
		}
	}
	ws := kf.t.ws
	in := dA - 1
	if ws.Weight == nil && in*in <= len(kf.htT) {
		// unweighted, from h_{l-1} itself: A = [s_l²·HᵀH/N, s_l·σ_b·mean(h); ·, σ_b²], the
		// Gram of the float32 columns in float64 (in htT, free until the A side is solved)
		sc, sb := float64(kf.t.spec.Scale(l)), float64(kf.t.spec.SigmaB)
		h := ws.H[l-1].Data[:n*in]
		g := kf.htT[:in*in]
		simd.GramT64(n, in, h, in, g, in)
		f := (1 - decay) * sc * sc / float64(n)
		for a := 0; a < in; a++ {
			row := k.aFac[a*dA : a*dA+a+1]
			for b, v := range g[a*in : a*in+a+1] {
				row[b] += f * v
			}
		}
		cs := kf.vec[:in]
		clear(cs)
		for r := 0; r < n; r++ {
			for j, v := range h[r*in : (r+1)*in] {
				cs[j] += float64(v)
			}
		}
		f = (1 - decay) * sc * sb / float64(n)
		row := k.aFac[in*dA : in*dA+dA]
		for j, v := range cs {
			row[j] += f * v
		}
		row[in] += (1 - decay) * sb * sb
		return
	}
	// H̃ᵀ (scaled by √ω̃ when weighted) into htT, free until the A side is solved
	hT := kf.htT[:dA*n]
	alpha := 1 - decay
	if kf.t.ws.Weight == nil {
		alpha /= float64(n)
		transpose64(n, dA, ht, hT)
	} else {
		for r := 0; r < n; r++ {
			sw := math.Sqrt(kf.om[r])
			for j, v := range ht[r*dA : (r+1)*dA] {
				hT[j*n+r] = sw * v
			}
		}
	}
	simd.SyrkLower64(dA, n, alpha, hT, n, k.aFac, dA)
}

// statB folds the batch's B = Σ_n D_nΛ̃_nD_nᵀ into the lower triangle of k.bFac. With
// Λ̃_n = L_nL_nᵀ (a semidefinite Cholesky factor; Λ̃ is PSD) B = EᵀE for the rows
// E_n = L_nᵀD_n, so the whole statistic is one Gram (gramLowerMixed: float32 products
// over blocks of rows, summed in float64). Under MSE L_n = √ω̃_n·I, so E is the signals
// scaled by sample, or the signals themselves unweighted (with 1/N applied to the Gram).
func (kf *kfac) statB(l int, k *kfacLayer, decay float64) {
	t := kf.t
	ws := t.ws
	n, C, out := ws.Rows, t.spec.Outputs(), t.spec.Widths[l]
	if l == t.spec.Layers()-1 && t.cfg.Loss == tinynet.MSE && !kf.noHadamardB {
		kf.statBLast(l, k, decay)
		return
	}
	d := ws.D[l].Data
	B := k.bFac
	bt := B // without an average the batch's Gram is the factor, formed in place and scaled
	if decay != 0 {
		bt = kf.btmp[:out*out]
	}
	scale := 1 - decay
	if t.lamScal {
		scale *= t.lamScale
	}
	ga := 1.0 // without an average the Gram is scaled as it is formed
	if decay == 0 {
		ga = scale
	}
	switch {
	case t.lamScal:
		// Λ̃_n = I/N: B = DᵀD/N, the Gram of the signals themselves
		kf.gramLowerScaled(n*C, out, d, out, ga, bt, out)
	case t.cfg.Loss == tinynet.MSE:
		// Λ̃_n = ω̃_n·I: rows √ω̃_n·δ
		e := kf.e[:n*C*out]
		for r := 0; r < n; r++ {
			sw := float32(math.Sqrt(t.lam[r*C*C]))
			for i, v := range d[r*C*out : (r+1)*C*out] {
				e[r*C*out+i] = sw * v
			}
		}
		kf.gramLowerScaled(n*C, out, e, out, ga, bt, out)
	default:
		kf.psdRows(l, n, C, out, d)
		kf.gramLowerScaled(n*C, out, kf.e[:n*C*out], out, ga, bt, out)
	}
	if decay == 0 {
		return
	}
	for a := 0; a < out; a++ {
		row, tr := B[a*out:a*out+a+1], bt[a*out:a*out+a+1]
		for b := range row {
			row[b] = decay*row[b] + scale*tr[b]
		}
	}
}

// psdRows writes the rows E_n = L_nᵀD_n (Λ̃_n = L_nL_nᵀ) of every sample into kf.e.
func (kf *kfac) psdRows(l, n, C, out int, d []float32) {
	t := kf.t
	e := kf.e[:n*C*out]
	acc := kf.vec[:out]
	lf := kf.lf
	for r := 0; r < n; r++ {
		psdFactor(C, t.lam[r*C*C:(r+1)*C*C], lf)
		for kk := 0; kk < C; kk++ {
			for i := range acc {
				acc[i] = 0
			}
			for c := kk; c < C; c++ { // L is lower: L[c,kk] = 0 for c < kk
				if lc := lf[c*C+kk]; lc != 0 {
					for i, v := range d[(r*C+c)*out : (r*C+c+1)*out] {
						acc[i] += lc * float64(v)
					}
				}
			}
			er := e[(r*C+kk)*out : (r*C+kk+1)*out]
			for i, v := range acc {
				er[i] = float32(v)
			}
		}
	}
}

// statBLast is statB for the last hidden layer under MSE, where Λ̃_n = ω̃_n·I and the signals
// are δ_n^{(c)} = s_L·φ'_n ⊙ W_L[c,:]: then
//
//	B = Σ_n ω̃_n Σ_c δ_n^{(c)}δ_n^{(c)ᵀ} = s_L²·(W_LᵀW_L) ⊙ (Σ_n ω̃_n φ'_n φ'_nᵀ),
//
// two M_l² Grams over C and N rows instead of one over N·C rows, both lower triangles by
// gramLowerMixed (W_LᵀW_L is read in place for C = 1; unweighted, the Gram is that of the
// φ'_n themselves, scaled by 1/N).
func (kf *kfac) statBLast(l int, k *kfacLayer, decay float64) {
	t := kf.t
	ws := t.ws
	n, C, out := ws.Rows, t.spec.Outputs(), t.spec.Widths[l]
	// W_LᵀW_L: for one output the outer product of its row, read in place; dw is free until
	// the layer's update
	w := t.net.W[l].Data[:C*out]
	wl := kf.dw[:out*out]
	if C > 1 {
		gramLowerMixed(C, out, w, out, wl, out, kf.g32)
	}
	dphi := ws.Dphi[l].Data
	B := k.bFac
	bt := B // without an average the Gram of φ' is formed in the factor, then multiplied in place
	if decay != 0 {
		bt = kf.btmp[:out*out]
	}
	s2 := float64(t.spec.Scale(l+1)) * float64(t.spec.Scale(l+1))
	if t.lamScal {
		// ω̃_n = lamScale for every n: the Gram of φ' itself, scaled after
		kf.gramLower(n, out, dphi, out, bt, out)
		s2 *= t.lamScale
	} else {
		e := kf.e[:n*out]
		for r := 0; r < n; r++ {
			sw := float32(math.Sqrt(t.lam[r*C*C])) // ω̃_r, the first diagonal entry of Λ̃_r
			for i, v := range dphi[r*out : (r+1)*out] {
				e[r*out+i] = sw * v
			}
		}
		kf.gramLower(n, out, e, out, bt, out)
	}
	for a := 0; a < out; a++ {
		row, tr := B[a*out:a*out+a+1], bt[a*out:a*out+a+1]
		if C == 1 {
			f := (1 - decay) * s2 * float64(w[a])
			if decay == 0 {
				for b := range row {
					row[b] *= f * float64(w[b])
				}
				continue
			}
			for b := range row {
				row[b] = decay*row[b] + f*float64(w[b])*tr[b]
			}
			continue
		}
		wr := wl[a*out : a*out+a+1]
		if decay == 0 {
			for b := range row {
				row[b] *= s2 * wr[b]
			}
			continue
		}
		for b := range row {
			row[b] = decay*row[b] + (1-decay)*s2*wr[b]*tr[b]
		}
	}
}

// psdFactor writes a lower-triangular L with L·Lᵀ = a for the symmetric positive
// semidefinite C×C matrix a: Cholesky in which a pivot at rounding level (the null direction
// of a softmax Λ) gives a zero column.
func psdFactor(C int, a, L []float64) {
	var scale float64
	for i := 0; i < C; i++ {
		scale = math.Max(scale, math.Abs(a[i*C+i]))
	}
	tol := 1e-12 * scale
	for j := 0; j < C; j++ {
		for i := 0; i < j; i++ {
			L[i*C+j] = 0
		}
		d := a[j*C+j]
		for k := 0; k < j; k++ {
			d -= L[j*C+k] * L[j*C+k]
		}
		if d <= tol {
			for i := j; i < C; i++ {
				L[i*C+j] = 0
			}
			continue
		}
		d = math.Sqrt(d)
		L[j*C+j] = d
		for i := j + 1; i < C; i++ {
			v := a[i*C+j]
			for k := 0; k < j; k++ {
				v -= L[i*C+k] * L[j*C+k]
			}
			L[i*C+j] = v / d
		}
	}
}

// traceB returns tr B = Σ_n Σ_{c,c'} Λ̃_n[c,c'] δ^{(c)}·δ^{(c')} of the current batch.
func (kf *kfac) traceB(l int) float64 {
	t := kf.t
	ws := t.ws
	n, C, out := ws.Rows, t.spec.Outputs(), t.spec.Widths[l]
	d := ws.D[l].Data
	var tr float64
	for r := 0; r < n; r++ {
		blk := t.lam[r*C*C : (r+1)*C*C]
		for a := 0; a < C; a++ {
			da := d[(r*C+a)*out : (r*C+a+1)*out]
			for b := 0; b < C; b++ {
				if lab := blk[a*C+b]; lab != 0 {
					db := d[(r*C+b)*out : (r*C+b+1)*out]
					var s float64
					for i, v := range da {
						s += float64(v) * float64(db[i])
					}
					tr += lab * s
				}
			}
		}
	}
	return tr
}

// dualA computes H̃' = (K·W + λI)⁻¹H̃ (push-through of H̃(H̃ᵀWH̃ + λI)⁻¹), K = H̃H̃ᵀ and
// W = diag(ω̃), writing it transposed into htT (dE×n).
func (kf *kfac) dualA(k *kfacLayer, ht, htT []float64) bool {
	n, dA, dE := kf.t.ws.Rows, k.dimA, k.dimE
	if !kf.factorDualA(k, false) {
		return false
	}
	sc := 1.0
	if kf.t.ws.Weight == nil {
		sc = float64(n)
	}
	for r := 0; r < n; r++ {
		for j, v := range ht[r*dA : r*dA+dE] {
			htT[j*n+r] = sc * v
		}
	}
	return kf.solveDualA(n, dE, htT)
}

// dualAG applies the dual A system to the out rows of gT (out×n): with the push-through
// Gᵀ H̃ (H̃ᵀWH̃ + λI)⁻¹ = Gᵀ (K·W + λI)⁻¹ H̃, the rows of Gᵀ are multiplied by
// (K·W + λI)⁻¹, the solve of the transposed system W·K + λI, up to the returned scale (N
// unweighted, where the system solved is K + NλI).
func (kf *kfac) dualAG(k *kfacLayer, gT []float64, out int) (float64, bool) {
	n := kf.t.ws.Rows
	if !kf.factorDualA(k, true) {
		return 0, false
	}
	sc := 1.0
	if kf.t.ws.Weight == nil {
		sc = float64(n)
	}
	return sc, kf.solveDualA(n, out, gT)
}

// kfacGramOuter is the largest batch whose dual A Gram inputGram forms by outer products
// (simd.GramShiftAddLower64); larger ones take tinynet's InputGramLower. Measured.
const kfacGramOuter = 64

// inputGram writes the input Gram K = H̃H̃ᵀ of layer l for the dual A system, and returns
// it (n×n, stride n; its diagonal holds ‖h̃_r‖²): unweighted only its lower triangle, in
// kf.asys where factorDualA turns it into the system; weighted the whole of it, in kf.kin.
func (kf *kfac) inputGram(l int) []float64 {
	ws := kf.t.ws
	n := ws.Rows
	if ws.Weight == nil {
		K := kf.asys[:n*n]
		s := &kf.t.spec
		in, ldt := s.Widths[l-1], simd.TransStride(n)
		if n > kfacGramOuter || in*ldt > len(kf.htT) {
			ws.InputGramLower(l, K, n)
			return K
		}
		// K = s_l²·HHᵀ + σ_b² from H transposed and widened (htT is free until the A side
		// is solved): outer products of its rows, no sums across vector lanes; faster up
		// to kfacGramOuter rows (32: 1147 -> 852 ns), slower at 128×256
		ht := kf.htT[:in*ldt]
		simd.TransposeWiden64(n, in, ws.H[l-1].Data, in, ht, ldt)
		sc, sb := float64(s.Scale(l)), float64(s.SigmaB)
		simd.GramShiftAddLower64(n, in, ht, ldt, sc*sc, sb*sb, K, n, false)
		return K
	}
	K := kf.kin[:n*n]
	ws.InputGram(l, K, n)
	return K
}

// factorDualA forms the dual A system of layer k in kf.asys from the input Gram of
// inputGram: unweighted K + NλI (SPD, lower triangle only, factored by solveDualA;
// (K/N + λI)⁻¹ = N(K + NλI)⁻¹), weighted K·W + λI, or its transpose W·K + λI when trans
// (factored here, LU).
func (kf *kfac) factorDualA(k *kfacLayer, trans bool) bool {
	ws := kf.t.ws
	n := ws.Rows
	sys := kf.asys[:n*n]
	if ws.Weight == nil {
		for a := 0; a < n; a++ {
			sys[a*n+a] += float64(n) * k.lam
		}
		return true
	}
	K := kf.kin[:n*n]
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if trans {
				sys[a*n+b] = kf.om[a] * K[a*n+b]
			} else {
				sys[a*n+b] = K[a*n+b] * kf.om[b]
			}
		}
		sys[a*n+a] += k.lam
	}
	return lapack.Dgetrf(n, sys, n, kf.apiv)
}

// solveDualA overwrites each of the rows of b (rows×n) with its product by the inverse of
// the transpose of the dual A system (the system itself when it is symmetric, factored
// here). It returns false when the symmetric system is not positive definite.
func (kf *kfac) solveDualA(n, rows int, b []float64) bool {
	if kf.t.ws.Weight == nil {
		if rows == 1 {
			// one right-hand side (the output layer of one output): factor and solve in
			// one call, with kf.pw as its work (its diagonal inverses kept there too),
			// else kf.kin (the weighted case's Gram)
			if len(kf.pw) >= n*n+8*n {
				return lapack.Dposv(n, kf.asys, n, b[:n], kf.pw)
			}
			return lapack.Dposv(n, kf.asys, n, b[:n], kf.kin[:n*n])
		}
		return kf.solveSPD(true, n, kf.asys, n, rows, b, n)
	}
	lapack.DgetrsRows(n, rows, kf.asys, n, kf.apiv, b, n)
	return true
}

// solveSPD overwrites each of the rows right-hand sides b_q (rows of b, stride ldb, length n)
// with M⁻¹b_q for the symmetric positive definite M whose lower triangle is in m (stride
// ld). When fresh, m holds M itself and is first overwritten by its Cholesky factor;
// otherwise m holds the factor already. It returns false when M is not positive definite.
// Large orders with many rows factor and solve in one pass of eight-column blocks
// (lapack.DposvBlocks, scratch kf.sw) when fresh, else solve through strips of the
// transposed rows (lapack.DpotrsStrips, scratch kf.sw); the others factor and solve
// together (lapack.DposvRows) or solve by lapack.DpotrsRows.
func (kf *kfac) solveSPD(fresh bool, n int, m []float64, ld int, rows int, b []float64, ldb int) bool {
	if fresh && lapack.BlocksPay(n, rows) && len(kf.sw) >= lapack.BlocksWork(n) {
		return lapack.DposvBlocks(n, rows, m, ld, b, ldb, true, kf.sw)
	}
	strips := lapack.StripsPay(n, rows) && len(kf.sw) >= lapack.StripsWork(n, rows)
	if fresh && !strips {
		return lapack.DposvRowsWork(n, rows, m, ld, b, ldb, kf.pw)
	}
	if fresh && !lapack.Dpotrf(n, m, ld) {
		return false
	}
	if strips {
		lapack.DpotrsStrips(n, rows, m, ld, b, ldb, kf.sw)
		return true
	}
	lapack.DpotrsRows(n, rows, m, ld, b, ldb)
	return true
}

// stripsWork returns the scratch the solves of solveSPD take through lapack.DpotrsStrips
// or lapack.DposvBlocks at the batch capacity: the primal A and B solves on whichever side,
// and the dual A system, at most max(N, the other dimension) rows each (both pay only
// from some number of rows on, so the capacity is the most any batch needs).
func (kf *kfac) stripsWork() int {
	s := &kf.t.spec
	N := kf.t.cap
	var need int
	fit := func(n, rows int) {
		if lapack.StripsPay(n, rows) {
			need = max(need, lapack.StripsWork(n, rows))
		}
		if lapack.BlocksPay(n, rows) {
			need = max(need, lapack.BlocksWork(n))
		}
	}
	for l := 1; l < len(kf.layers); l++ {
		k := &kf.layers[l]
		out := s.Widths[l]
		if k.aDual {
			fit(N, max(out, k.dimE))
		} else {
			fit(k.dimE, max(N, out))
		}
		if !k.bDual && !k.bIdent {
			fit(out, max(N, k.dimE))
		}
	}
	return need
}

// posvWork is the length of kf.pw: the scratch with which lapack.DposvRowsWork keeps its
// transposed factor and diagonal inverses off the stack (arrays it would otherwise clear on
// every call) for every order up to 64 that solveSPD factors, or 0 when there is none.
func (kf *kfac) posvWork() int {
	s := &kf.t.spec
	N := kf.t.cap
	var need int
	fit := func(n int) {
		if n <= 64 {
			need = max(need, lapack.PosvRowsWork(n))
		}
	}
	for l := 1; l < len(kf.layers); l++ {
		k := &kf.layers[l]
		if k.aDual {
			fit(N)
		} else {
			fit(k.dimE)
		}
		if !k.bDual && !k.bIdent {
			fit(s.Widths[l])
		}
	}
	return need
}

// allDualB reports whether every layer applies B in the dual form or has B = I (no primal B
// statistics).
func allDualB(layers []kfacLayer) bool {
	for i := range layers {
		if !layers[i].bDual && !layers[i].bIdent {
			return false
		}
	}
	return true
}
