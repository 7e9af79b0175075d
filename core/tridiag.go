package core

import (
	"fmt"
	"math"

	"github.com/edgetrain/edgetrain/core/internal/lapack"
	"github.com/edgetrain/edgetrain/fixedbuf"
	"github.com/edgetrain/edgetrain/simd"
)

// Block tri-diagonal NGD: G keeps the Fisher blocks F_{ll'} = J_lᵀΛ̃J_{l'} with |l−l'| ≤ 1,
// i.e. G = Ĵᵀ(T⊗Λ̃)Ĵ with Ĵ = blockdiag(J_l) and T the L×L tri-diagonal matrix of ones.
// Since ∇ℒ = Ĵᵀ(1⊗r̃), the push-through identity gives
//
//	((T⊗Λ̃)·blockdiag(Θ_1..Θ_L) + ρI) v = 1⊗r̃,   d_l = −J_lᵀ v_l,
//
// an (L·N·C)² non-symmetric system whose block (l,l') is T_{ll'}A_{l'}, A_l = Λ̃Θ_l: a
// block tri-diagonal matrix whose off-diagonal blocks repeat the column's A_l.
//
// It is solved by block elimination with N·C-sized pivots, never as one dense system. The
// order of elimination matters: T itself has a zero second pivot (1 − 1·1/1), so eliminating
// the layers top-down (block Thomas) divides by a block of size ρ, which is exactly singular
// at ρ = 0. Instead the layers are taken in triples (a, a+1, a+2) in the order a, a+2, a+1:
// on T this order has pivots 1, 1, −1 (and the fill it creates between a+1 and a+3 turns the
// next triple's first pivot back into 1), so every pivot block stays of the size of the A_l
// as ρ → 0 except when T is singular. A layer none of whose neighbours has been eliminated
// is solved with shift+A_l by Cholesky when that is symmetric, and its updates need no
// matrix product (see factor). The output layer's A_L is K⊗I_C when Λ̃ = λI (K the N×N
// Gram of its inputs), so when its pivot is of that kind it costs an N-sized Cholesky.
// For L = 3 the whole solve is a Cholesky of shift+A_1, one of shift+K, a row solve of A_2
// (m right-hand sides), C products with (K+shift)⁻¹ and one LU of the middle block. The
// solution is checked by its residual and refined with the same factors; a singular pivot
// block or a residual that stays above triDiagResidualTol hands the system to one dense
// pivoted LU.
//
// G is indefinite (T has negative eigenvalues), so the direction need not descend; the
// trainer rejects a non-positive η*. T is singular when L ≡ 2 (mod 3): there ρ > 0 is
// required (New refuses ρ = 0). With ρ → 0, v_l = c_l Θ_l⁻¹ r̃ with c = T⁻¹1 and
// α = 1ᵀT⁻¹1 (1, –, 1, 2, –, 2, 3, … for L = 1, 2, 3, …); for L = 3 only the middle layer moves.
type triDiag struct {
	t         *Trainer
	alph      float64 // 1ᵀT⁻¹1
	order     []int   // elimination order of the layers (0-based)
	pos       []int   // position of each layer in order
	pristine  []bool  // per layer: no neighbour is eliminated before it (T's pattern decides)
	transOK   []bool  // per layer: not pristine, every earlier neighbour pristine, no later one
	tposed    []bool  // per layer: its pivot block is held and factored transposed (see factor)
	dense     bool    // always solve the dense system (a test hook: the former formula)
	denseRuns int     // how often the dense fallback ran (for tests)
	refines   int     // refinement steps of the last block elimination (for tests)
	// staticFails: how often the guard of the LU without row interchanges refused a pivot
	// block and it was factored again with partial pivoting (for tests)
	staticFails int

	m     int     // Rows·C of the current batch
	shift float64 // ρ, or ρ/λ when Λ̃ = λI (rows divided by λ)
	sym   bool    // Λ̃ = λI: every A_l is symmetric and pristine pivots are Cholesky-factored
	kron  bool    // the output layer's A_L = K⊗I_C is kept as K and its pivot as (K+shift)⁻¹

	theta    []float64 // A_l = Λ̃Θ_l (Θ_l when Λ̃ = λI), L·(Cap·C)²
	scr      []float64 // (Cap·C)² scratch
	big      []float64 // the (L·Cap·C)² system: its blocks, or the dense fallback
	bigV     []float64 // the solution v, L·Cap·C
	res      []float64 // the products A_l v_l, L·Cap·C
	cor      []float64 // right-hand side of a solve: 1⊗b, then the residual, L·Cap·C
	fwd      []float64 // forward-substituted right-hand side, L·Cap·C
	dv       []float64 // a refinement's correction, L·Cap·C
	rhs      []float64 // b (r̃, or e when Λ̃ = λI), Cap·C
	piv      []float64 // pivots of each layer's pivot block, L·Cap·C
	dinv     []float64 // each pivot block's cached diagonal-block inverses (lapack.Diag4Len)
	densePiv []float64 // pivots of the dense fallback, L·Cap·C
	kmat     []float64 // K of the output layer (Rows×Rows, stride Rows) when kron
	kfac     []float64 // Cholesky factor of K + shift·I; without kron, room for a tposed pivot
	kinv     []float64 // (K + shift·I)⁻¹
	kv       []float64 // Cap scratch of the Kronecker solves
	kx       []float64 // Cap·C scratch of tinynet's LayerNTKAddLower
	adiag    []float64 // |(A_l)_rr| of every layer, L·Cap·C (build)
	zero     []float64 // Cap·C zeros (never written)
	lt       []float64 // Lᵀ of the symmetric pristine pivot factored last (m ≤ triDiagLtMax)
	prb      []float64 // (shift+A_k)⁻¹b of the pivots factored with lt, L·m (m ≤ triDiagLtMax)
	prbOK    []bool    // per layer: prb holds its solve
	pacc     []float64 // Σ (shift+A_k)⁻¹ over a pinv pivot's neighbours (m ≤ triDiagLtMax)
	pz       []float64 // scratch of lapack.DpotriAddDiag4Z (m ≤ triDiagLtMax)
	pzN      int       // the order m whose L⁻¹ pz last held by the fast form (zero above its diagonal blocks), or 0
	pz2      []float64 // the second scratch of lapack.DpotriPairDiag4Z (m ≤ triDiagLtMax)
	pz2N     int       // pzN for pz2
	paccFull bool      // pacc holds both triangles of its sum (pinvBlock need not mirror it)
	paccI    bool      // pinvBlock has taken I/shift from pacc's diagonal
	lt2      []float64 // Lᵀ of the second pivot of factorPair (m ≤ triDiagLtMax)
	nt       []float64 // one output, m ≤ triDiagLtMax: scratch of the fused NTK kernels
	first    bool      // solve runs on 1⊗b, the first right-hand side of solveRefined
	beDiag   bool      // residual found every row within backwardError's diagonal-term check
	beBound  float64   // then backwardError's value (at most triDiagRefinedTol)
	l32      []float32 // float32 form of a pivot's Cholesky factor (lapack.Rows32Prep)
	x32      []float32 // float32 rows of a row solve, or a pivot block, (Cap·C)²
	tmp32    []float32 // scratch of lapack.Rows32

	f32      bool // this elimination factors the pivots and forms the row solves in float32
	f32Min   int  // the order m from which the float32 row solves are tried
	f32Pause int  // steps left before float32 row solves are tried again after one failed

	done []bool // per layer: eliminated
	have []bool // per layer: res holds A_l v_l of the back substitution under way
	resV []bool // per layer: res holds A_l v_l for the current solution bigV
	// lowerOnly, per layer: A_l holds only its lower triangle (a symmetric pristine pivot
	// with one output and small m: nothing else reads it whole, mulA and absRow read it by
	// symmetry, solveDense mirrors it first)
	lowerOnly []bool
	// sole, per layer: the one neighbour not yet eliminated when it is (−1 none, −2 several);
	// pinvOK: a tposed pivot whose earlier neighbours are all pristine pivots with it as
	// their sole one, which forms its block from their inverses (see addInverse); pinv: its
	// inverses' sum is being accumulated in pacc
	sole   []int
	pinvOK []bool
	pinv   []bool
	nz     []bool // L×L: block (i, j) is nonzero
	mat    []bool // L×L: block (i, j) is held in big; otherwise it is A_j (plus shift·I when i = j) or zero
}

// triDiagDamping is the default ρ of tri-diagonal NGD. Its Fisher is indefinite; with
// ρ = 1e-3 the steps fit each batch and the model drifts (Seattle R² −15.8 for seed 2), with
// 1e-2 it trains (0.989, 0.989, 0.985 for seeds 1–3).
const triDiagDamping = 1e-2

func newTriDiag(t *Trainer) (fisherMethod, error) {
	L := t.spec.Layers()
	if L%3 == 2 && t.cfg.Damping == 0 {
		return nil, fmt.Errorf("%w: tridiag with %d layers: the tri-diagonal coupling matrix T is singular "+
			"when the number of layers is 2, 5, 8, … (L ≡ 2 mod 3); use Damping > 0 or another depth",
			ErrConfig, L)
	}
	d := &triDiag{t: t, alph: triDiagAlpha(L), order: triDiagOrder(L), f32Min: triDiagF32Min}
	d.pos, d.pristine, d.transOK, d.tposed = make([]int, L), make([]bool, L), make([]bool, L), make([]bool, L)
	d.done, d.have, d.nz, d.mat = make([]bool, L), make([]bool, L), make([]bool, L*L), make([]bool, L*L)
	d.resV, d.prbOK, d.lowerOnly = make([]bool, L), make([]bool, L), make([]bool, L)
	d.sole, d.pinvOK, d.pinv = make([]int, L), make([]bool, L), make([]bool, L)
	for p, k := range d.order {
		d.pos[k] = p
	}
	// A layer is pristine when no neighbour in the pattern, fill included, precedes it.
	// later[k*L+j]: j is a neighbour of k not yet eliminated when k is.
	later := make([]bool, L*L)
	d.resetPattern()
	for _, k := range d.order {
		d.pristine[k] = true
		last, pristineNbrs := true, true
		for j := 0; j < L; j++ {
			if j == k || !d.nz[k*L+j] {
				continue
			}
			if d.done[j] {
				d.pristine[k] = false
				pristineNbrs = pristineNbrs && d.pristine[j]
			} else {
				last = false
			}
		}
		d.transOK[k] = !d.pristine[k] && last && pristineNbrs
		d.sole[k] = -1
		for j := 0; j < L; j++ {
			if j != k && d.nz[k*L+j] && !d.done[j] {
				later[k*L+j] = true
				if d.sole[k] == -1 {
					d.sole[k] = j
				} else {
					d.sole[k] = -2 // more than one
				}
			}
		}
		d.done[k] = true
		for i := 0; i < L; i++ {
			for j := 0; j < L; j++ {
				if !d.done[i] && !d.done[j] && d.nz[i*L+k] && d.nz[k*L+j] {
					d.nz[i*L+j] = true
				}
			}
		}
	}
	// A tposed pivot takes the inverses' route (pinv) when every earlier neighbour is a
	// pristine pivot for which it is the one neighbour not yet eliminated.
	for j := 0; j < L; j++ {
		d.pinvOK[j] = d.transOK[j]
		for k := 0; k < L; k++ {
			if later[k*L+j] && d.sole[k] != j {
				d.pinvOK[j] = false
			}
		}
	}
	return d, nil
}

// resetPattern sets the pattern to T's, every block pristine and no layer eliminated.
func (d *triDiag) resetPattern() {
	L := d.t.spec.Layers()
	for i := 0; i < L; i++ {
		d.done[i], d.pinv[i] = false, false
		for j := 0; j < L; j++ {
			d.nz[i*L+j] = j >= i-1 && j <= i+1
			d.mat[i*L+j] = false
		}
	}
}

// formsTheta: build forms every Θ_l before the solve when Λ̃ = λI (see thetaScaler).
func (d *triDiag) formsTheta() bool { return d.t.lamScal }

// triDiagOrder returns the elimination order a, a+2, a+1 for each triple of layers (0-based).
func triDiagOrder(L int) []int {
	o := make([]int, 0, L)
	for a := 0; a < L; a += 3 {
		o = append(o, a)
		if a+2 < L {
			o = append(o, a+2)
		}
		if a+1 < L {
			o = append(o, a+1)
		}
	}
	return o
}

func (d *triDiag) carve(c fixedbuf.Carver) {
	L := d.t.spec.Layers()
	m := d.t.dualSize()
	d.theta = c.F64(L * m * m)
	d.scr = c.F64(m * m)
	d.big = c.F64(L * m * L * m)
	d.bigV = c.F64(L * m)
	d.res = c.F64(L * m)
	d.cor = c.F64(L * m)
	d.fwd = c.F64(L * m)
	d.dv = c.F64(L * m)
	d.rhs = c.F64(m)
	d.piv = c.F64(L * m)
	d.dinv = c.F64(L * lapack.Diag4Len(m))
	d.densePiv = c.F64(L * m)
	n := d.t.cap
	d.kmat = c.F64(n * n)
	d.kfac = c.F64(n * n)
	d.kinv = c.F64(n * n)
	d.kv = c.F64(n)
	d.kx = c.F64(m)
	d.adiag = c.F64(L * m)
	d.zero = c.F64(m)
	if m <= triDiagLtMax {
		d.lt = c.F64(m * m)
		d.prb = c.F64(L * m)
		d.pacc = c.F64(m * m)
		d.pz = c.F64(m * m)
		d.pz2 = c.F64(m * m)
		d.lt2 = c.F64(m * m)
		d.pzN, d.pz2N = 0, 0
	}
	if d.t.spec.Outputs() == 1 && m <= triDiagLtMax {
		d.nt = c.F64(2 * d.t.spec.MaxWidth() * simd.TransStride(n))
	}
	if m >= d.f32Min {
		d.l32 = c.F32(lapack.Rows32Size(m))
		d.x32 = c.F32(m * m)
		d.tmp32 = c.F32(lapack.Rows32Work(m))
	}
}
func (d *triDiag) alpha() float64 { return d.alph }

func (d *triDiag) plan() string {
	return fmt.Sprintf("block elimination of the dual system of %d (T⊗I coupling) with %d pivot blocks of %d",
		d.t.spec.Layers()*d.t.dualSize(), d.t.spec.Layers(), d.t.dualSize())
}

// triDiagAlpha returns 1ᵀT⁻¹1 for the L×L tri-diagonal matrix of ones T, computed by a
// pivoted LU, or NaN when T is singular (L ≡ 2 mod 3). It allocates.
func triDiagAlpha(L int) float64 {
	if L < 1 {
		return math.NaN()
	}
	a := make([]float64, L*L)
	piv := make([]float64, L)
	c := make([]float64, L)
	for i := 0; i < L; i++ {
		for j := max(0, i-1); j <= min(L-1, i+1); j++ {
			a[i*L+j] = 1
		}
		c[i] = 1
	}
	if !lapack.Dgetrf(L, a, L, piv) {
		return math.NaN()
	}
	// Exact singularity shows up as a pivot at rounding level.
	for i := 0; i < L; i++ {
		if math.Abs(a[i*L+i]) < 1e-12 {
			return math.NaN()
		}
	}
	lapack.Dgetrs(L, a, L, piv, c)
	var s float64
	for _, v := range c {
		s += v
	}
	return s
}

// direction writes d = −(G_BTD+ρI)⁻¹∇ℒ into t.dir.
func (d *triDiag) direction() bool {
	d.build()
	if !d.dense && d.eliminate() {
		d.applyV()
		d.jd()
		return true
	}
	// The block elimination met a singular pivot block or did not reach working accuracy:
	// solve the whole system by one pivoted LU.
	d.denseRuns++
	if !d.solveDense() {
		return false
	}
	d.applyV()
	d.products()
	d.jd()
	return true
}

// eliminate factors the system by block elimination, solves it into bigV and refines the
// solution until the residual check passes. It returns false when a pivot block is
// singular or refinement stalls short of working accuracy.
//
// Refinement (v += solve(1⊗b − K·v) with the same factors) matters as ρ → 0: the pivots
// stay well away from singular, but rounding in the Schur complement, amplified by the
// pivots' condition, leaves residuals above triDiagResidualTol that one or two steps
// remove (even a dense pivoted LU leaves them there without refinement).
func (d *triDiag) eliminate() bool {
	d.f32 = d.sym && d.m >= d.f32Min && d.f32Pause == 0
	if d.f32Pause > 0 {
		d.f32Pause--
	}
	if d.f32 {
		if d.solveRefined() {
			return true
		}
		// float32 rounding, amplified by the pivots' condition, was too much for refinement:
		// factor in float64 now and for the next triDiagF32Pause steps.
		d.f32, d.f32Pause = false, triDiagF32Pause
	}
	return d.solveRefined()
}

// solveRefined factors, solves into bigV and refines as eliminate describes.
func (d *triDiag) solveRefined() bool {
	L := d.t.spec.Layers()
	m := d.m
	if !d.factor() {
		return false
	}
	b, v := d.cor[:L*m], d.bigV[:L*m]
	for l := 0; l < L; l++ {
		copy(b[l*m:(l+1)*m], d.rhs[:m])
	}
	d.first = true
	d.solve(b, v)
	d.first = false
	d.refines = 0
	prev := math.Inf(1)
	for {
		worst := d.residual()
		if worst <= triDiagRefinedTol {
			return true
		}
		stalled := !(worst < prev/2) || d.refines == triDiagMaxRefine
		if stalled || m <= triDiagEagerCheck {
			be := d.backwardError()
			if be <= triDiagRefinedTol || stalled {
				return be <= triDiagResidualTol
			}
		}
		prev = worst
		dv := d.dv[:L*m]
		d.solve(b, dv)
		for i, x := range dv {
			v[i] += x
		}
		clear(d.resV)
		d.refines++
	}
}

// triDiagF32Min is the order m = Rows·C from which the pristine pivots' Cholesky
// factorizations and row solves and the LU factorizations (all but a few percent of the
// elimination's flops for L = 3) run in float32, checked and refined in float64;
// below it the float64 solves cost little. triDiagF32Pause is how many steps float64 is
// used after refinement failed to reach working accuracy from the float32 elimination.
// triDiagF32Min is a variable so that tests can run the float32 path on small systems.
var triDiagF32Min = 512

const triDiagF32Pause = 8

// triDiagMaxRefine bounds the refinement steps before the dense LU takes over.
const triDiagMaxRefine = 4

// products writes w_l = A_l v_l into res.
func (d *triDiag) products() {
	L := d.t.spec.Layers()
	m := d.m
	v, w := d.bigV[:L*m], d.res[:L*m]
	for l := 0; l < L; l++ {
		if !d.resV[l] {
			// else the back substitution that produced v has formed it, the same way
			clear(w[l*m : (l+1)*m])
			d.mulA(l, 1, v[l*m:(l+1)*m], w[l*m:(l+1)*m])
			d.resV[l] = true
		}
	}
}

// mulA adds alpha·A_l x to y (length m each; l 0-based).
func (d *triDiag) mulA(l int, alpha float64, x, y []float64) {
	m := d.m
	if d.kron && l == d.t.spec.Layers()-1 {
		n := d.t.ws.Rows
		C := m / n
		simd.GemmNN64(n, C, n, alpha, d.kmat, n, x, C, y, C)
		return
	}
	a := d.a(l)
	if d.sym || d.lowerOnly[l] {
		// A_l is symmetric: its lower triangle, which is all a lowerOnly A_l holds, gives the
		// product
		simd.SymvLower64(m, alpha, a, m, x, y)
		return
	}
	for r := 0; r < m; r++ {
		y[r] += alpha * simd.Dot64(a[r*m:(r+1)*m], x)
	}
}

// jd sets J·d = −Σ_l Θ_l v_l from the products w_l = A_l v_l in res when A_l = Θ_l (Λ̃ = λI);
// otherwise the trainer's JVP computes it.
func (d *triDiag) jd() {
	t := d.t
	if !t.lamScal {
		return
	}
	L, m := t.spec.Layers(), d.m
	jd := t.jd[:m]
	clear(jd)
	for l := 0; l < L; l++ {
		for r, w := range d.res[l*m : (l+1)*m] {
			jd[r] -= w
		}
	}
	t.jdReady = true
}

// build fills A_l (stored in theta; K alone for the output layer when kron), the shift
// and the right-hand side of the system.
func (d *triDiag) build() {
	t := d.t
	ws := t.ws
	L := t.spec.Layers()
	C := t.spec.Outputs()
	m := ws.Rows * C
	d.m = m
	clear(d.resV)
	d.sym = t.lamScal
	d.kron = d.sym && C > 1 && d.pristine[L-1]
	for k := range d.tposed {
		d.tposed[k] = d.sym && !d.kron && d.transOK[k]
	}
	for l := 1; l <= L; l++ {
		// A pristine symmetric pivot's A_l is read as a whole only by mulA and absRow, which
		// take its lower triangle (see lowerOnly).
		d.lowerOnly[l-1] = t.lamScal && len(d.nt) > 0 && d.pristine[l-1]
	}
	for l := 1; l <= L; l++ {
		a := d.theta[(l-1)*m*m : l*m*m]
		switch {
		case l == L && d.kron:
			ws.InputGram(L, d.kmat, ws.Rows)
		case l == L && t.lamScal && C == 1 && len(d.nt) > 0:
			// Θ_L = K⊗I_1 (the output signals are ones): the fused kernel's lower triangle
			ws.InputGramLowerT(L, a, m, d.nt, false)
			if !d.lowerOnly[l-1] {
				mirrorLower(m, a, m)
			}
		case l == L && t.lamScal && C == 1:
			ws.InputGram(L, a, m) // Θ_L = K⊗I_1 (the output signals are ones)
		case t.lamScal && m <= triDiagLowerNTK:
			d.layerNTKSym(l, a)
		case t.lamScal:
			ws.LayerNTK(l, a, m)
		default:
			ws.LayerNTK(l, d.scr[:m*m], m)
			t.lamTimes(a, d.scr[:m*m], m)
		}
	}
	// the absolute diagonals and, when ρ waits for its batch scale, the trace
	// tr(Λ̃Θ)/C = λ·Σ_l tr(Θ_l)/C (what fisherScale computes from the signals), summed in
	// the same pass over the diagonals
	var tr float64 // used only when ρ waits for its scale; summing it always costs m adds
	for l := 0; l < L; l++ {
		g := d.adiag[l*m : (l+1)*m]
		if l == L-1 && d.kron {
			for r := range g {
				g[r] = d.absDiag(l, r)
			}
			n := ws.Rows
			for i := 0; i < n; i++ {
				tr += float64(C) * d.kmat[i*n+i]
			}
			continue
		}
		a := d.a(l)
		for r := range g {
			x := a[r*m+r]
			g[r] = math.Abs(x)
			tr += x
		}
	}
	if t.dampingPending {
		t.setDampingScale(t.lamScale * tr / float64(C))
	}
	d.shift = t.damping
	b := d.rhs[:m]
	if t.lamScal {
		// divide every row by λ: (T⊗I)Θ + (ρ/λ)I, right-hand side 1⊗e
		d.shift /= t.lamScale
		for a := 0; a < m; a++ {
			b[a] = float64(ws.R.Data[a])
		}
	} else {
		copy(b, t.rt[:m])
	}
}

// triDiagLtMax is the largest m for which the symmetric pristine pivots are factored by
// lapack.PotrfDiag4T, which keeps Lᵀ for the row solves in one call at these orders.
const triDiagLtMax = 64

// triDiagLowerNTK is the largest m for which build forms Θ_l by layerNTKSym; beyond it
// the squares no longer stay in cache, and LayerNTK, which forms the Gram in place and
// needs no scratch square, moves less memory (measured at m = 1280).
const triDiagLowerNTK = 256

// layerNTKSym writes Θ_l into a (m×m, stride m), Θ_l[a,b] = G[a,b]·(s_l²·K[a/C,b/C] + σ_b²)
// (LayerNTK's formula), as its lower triangle, mirrored: for small m this is cheaper than
// LayerNTK's mirroring of both Grams and its pass over the full square. With one output
// and m ≤ triDiagLtMax the lower triangle comes from the fused kernel of
// tinynet's LayerNTKLowerOne (no Gram stored), otherwise from LayerNTKAddLower into zeros.
func (d *triDiag) layerNTKSym(l int, a []float64) {
	ws, m := d.t.ws, d.m
	if len(d.nt) > 0 {
		ws.LayerNTKLowerOne(l, a, m, d.nt, false)
		if d.lowerOnly[l-1] {
			return
		}
	} else {
		for r := 0; r < m; r++ {
			clear(a[r*m : r*m+r+1])
		}
		ws.LayerNTKAddLower(l, a, m, d.scr[:m*m], d.kx[:m])
	}
	mirrorLower(m, a, m)
}

// mirrorLower copies the strict lower triangle of the m×m matrix a (stride ld) onto its
// upper triangle (simd.MirrorLower64: 4×4 blocks transposed in registers).
func mirrorLower(m int, a []float64, ld int) { simd.MirrorLower64(m, a, ld) }

// expandKron writes the output layer's A_L = K⊗I_C into its place in theta.
func (d *triDiag) expandKron() {
	L := d.t.spec.Layers()
	m, n := d.m, d.t.ws.Rows
	C := m / n
	a := d.a(L - 1)
	clear(a)
	for i := 0; i < n; i++ {
		for j, k := range d.kmat[i*n : (i+1)*n] {
			for c := 0; c < C; c++ {
				a[(i*C+c)*m+j*C+c] = k
			}
		}
	}
}

// blk returns the m×m block (i, j) (0-based) of the L·m square system, stride L·m.
func (d *triDiag) blk(i, j int) []float64 {
	n := d.t.spec.Layers() * d.m
	return d.big[i*d.m*n+j*d.m:]
}

// a returns A_l for the 0-based layer index i, stride m.
func (d *triDiag) a(i int) []float64 { return d.theta[i*d.m*d.m : (i+1)*d.m*d.m] }

// blkRead returns the nonzero off-diagonal block (i, j) and its stride: from big once it
// has been written, otherwise the pristine A_j.
func (d *triDiag) blkRead(i, j int) ([]float64, int) {
	L := d.t.spec.Layers()
	if d.mat[i*L+j] {
		return d.blk(i, j), L * d.m
	}
	return d.a(j), d.m
}

// blkWrite returns block (i, j) in big for writing, first copying the pristine A_j (plus
// shift·I on the diagonal) or zeros into it.
func (d *triDiag) blkWrite(i, j int) []float64 {
	L := d.t.spec.Layers()
	m := d.m
	ld := L * m
	b := d.blk(i, j)
	if d.mat[i*L+j] {
		return b
	}
	if d.nz[i*L+j] {
		src := d.a(j)
		for r := 0; r < m; r++ {
			copy(b[r*ld:r*ld+m], src[r*m:(r+1)*m])
		}
		if i == j {
			for r := 0; r < m; r++ {
				b[r*ld+r] += d.shift
			}
		}
	} else {
		for r := 0; r < m; r++ {
			clear(b[r*ld : r*ld+m])
		}
	}
	d.mat[i*L+j], d.nz[i*L+j] = true, true
	return b
}

// subA returns block (i, j) in big after subtracting A_j from it. A pristine block becomes
// exactly zero (shift·I on the diagonal) without the subtraction's rounding.
func (d *triDiag) subA(i, j int) []float64 {
	L := d.t.spec.Layers()
	m := d.m
	ld := L * m
	b := d.blk(i, j)
	src := d.a(j)
	switch {
	case d.mat[i*L+j]:
		for r := 0; r < m; r++ {
			row, s := b[r*ld:r*ld+m], src[r*m:(r+1)*m]
			for c, v := range s {
				row[c] -= v
			}
		}
	case d.nz[i*L+j]:
		for r := 0; r < m; r++ {
			clear(b[r*ld : r*ld+m])
		}
		if i == j {
			for r := 0; r < m; r++ {
				b[r*ld+r] = d.shift
			}
		}
	default:
		for r := 0; r < m; r++ {
			row, s := b[r*ld:r*ld+m], src[r*m:(r+1)*m]
			for c, v := range s {
				row[c] = -v
			}
		}
	}
	d.mat[i*L+j], d.nz[i*L+j] = true, true
	return b
}

// factor runs the block elimination on the matrix in the order d.order. Pivot k factors
// its block D_kk and, for every later node j of row k, forms X_kj = D_kk⁻¹M_kj and
// subtracts M_ik·X_kj from every block (i, j) of the later nodes i. It returns false when
// a pivot block is singular.
//
// A pristine pivot (no neighbour eliminated before it) has the column A_k and the block
// shift+A_k, so M_ik·X = A_k(shift+A_k)⁻¹M_kj = M_kj − shift·X_kj: the update needs no
// product, and it is exact where a product would cancel (the pitfall of block Thomas
// elimination, whose second pivot Θ_2 − Θ_1Θ_1⁻¹Θ_2 vanishes at ρ = 0). Its row holds the
// pristine M_kj = A_j, so with symmetric A_l the back substitution solves
// (shift+A_k)v_k = b_k − Σ_j A_j v_j again instead of keeping X_kj, and X_kjᵀ = A_j(shift+A_k)⁻¹
// comes from a row solve of A_j without transposing it. The output layer's pristine pivot
// shift + K⊗I_C is (K+shift)⁻¹⊗I_C: a Rows-sized Cholesky and C products with its inverse.
//
// A non-pristine pivot whose earlier neighbours are all symmetric pristine pivots and that
// has no later neighbour (tposed; for L = 3 with one output, the middle layer) receives
// only the updates −A_j + shift·X_kj, whose transposes are the row solves themselves. Its
// block is therefore held transposed, D_kkᵀ, built without transposing anything, and
// LU-factored as such; the substitutions solve with D_kk = (D_kkᵀ)ᵀ (lapack.DgetrsTDiag4),
// and nothing else reads the block.
func (d *triDiag) factor() bool {
	L := d.t.spec.Layers()
	m := d.m
	ld := L * m
	d.resetPattern()
	clear(d.prbOK)
	paired := -1  // the pivot factored together with the one before it
	pairSum := -1 // the pivot whose inverse joined pacc with the one before it
	for p, k := range d.order {
		symPiv := d.sym && d.pristine[k]
		switch {
		case d.kron && k == L-1:
			if !d.factorKron() {
				return false
			}
		case symPiv && d.f32:
			if !d.potrf32(k) {
				return false
			}
		case k == paired:
			// factored with the pivot before it
		case symPiv && p+1 < len(d.order) && d.pairable(k) && d.pairable(d.order[p+1]):
			k2 := d.order[p+1]
			if !d.factorPair(k, k2) {
				return false
			}
			paired = k2
		case symPiv:
			// Dpotrf reads the lower triangle only: copy just that
			dk, a := d.blk(k, k), d.a(k)
			for r := 0; r < m; r++ {
				copy(dk[r*ld:r*ld+r], a[r*m:r*m+r])
				dk[r*ld+r] = a[r*m+r] + d.shift
			}
			d.mat[k*L+k] = true
			if d.lt != nil {
				// the factor, Lᵀ in lt for symSolve and the cache, in one call
				// and (shift+A_k)⁻¹b for the first solve's forward pass (solve)
				pb := d.prb[k*m : (k+1)*m]
				copy(pb, d.rhs[:m])
				if !lapack.PotrfDiag4T(m, dk, ld, d.lt[:m*m], d.diag4(k), pb) {
					return false
				}
				d.prbOK[k] = true
				break
			}
			if !lapack.Dpotrf(m, dk, ld) {
				return false
			}
			lapack.PotrfDiag4U(m, dk, ld, d.diag4(k))
		case d.tposed[k]:
			// its block has been written by subAdd, or is formed here from the inverses
			pk, pld := d.pivot(k)
			static := d.pinv[k] && !d.f32
			if d.pinv[k] {
				d.pinvBlock(k)
			}
			if static && lapack.DgetrfStatic(m, pk, pld, d.piv[k*m:(k+1)*m], triDiagStaticLmax, d.diag4(k)) {
				// no row interchanges while the multipliers stay bounded (triDiagStaticLmax);
				// the cache is written too
				break
			}
			if static {
				// the guard refused: the block is formed again and factored with pivoting
				d.staticFails++
				d.pinv[k] = true
				d.pinvBlock(k)
			}
			if d.f32 && !d.getrf32(pk, pld, k) || !d.f32 && !lapack.DgetrfSmall(m, pk, pld, d.piv[k*m:(k+1)*m]) {
				return false
			}
			lapack.GetrfDiag4T(m, pk, pld, d.diag4(k))
		case d.f32:
			if !d.getrf32(d.blkWrite(k, k), ld, k) {
				return false
			}
		default:
			if !lapack.DgetrfSmall(m, d.blkWrite(k, k), ld, d.piv[k*m:(k+1)*m]) {
				return false
			}
		}
		switch {
		case d.kron && k == L-1, d.tposed[k], symPiv && !d.f32:
		case symPiv:
			lapack.PotrfDiag4U(m, d.blk(k, k), ld, d.diag4(k))
		default:
			lapack.GetrfDiag4(m, d.blk(k, k), ld, d.diag4(k))
		}
		d.done[k] = true
		if k != paired && paired >= 0 && p+1 < len(d.order) && d.order[p+1] == paired {
			if j := d.pairInverses(k, paired); j >= 0 {
				// both pivots' only update: their inverses' sum written into pacc in one call
				zeroed := d.pzN == m && d.pz2N == m
				n := 0
				if lapack.DpotriPairDiag4Z(m, d.blk(k, k), ld, d.diag4(k), d.blk(paired, paired), ld, d.diag4(paired),
					d.pz[:m*m], d.pz2[:m*m], zeroed, d.pacc[:m*m], m) {
					n = m
				}
				d.pzN, d.pz2N = n, n
				d.pinv[j], d.paccFull, d.paccI = true, true, false
				pairSum = paired
				continue
			}
		}
		if k == pairSum {
			continue
		}
		for j := 0; j < L; j++ {
			if d.done[j] || !d.nz[k*L+j] {
				continue
			}
			switch {
			case d.kron && k == L-1:
				for i := 0; i < L; i++ {
					if !d.done[i] && d.nz[i*L+k] {
						d.kronSolveAdd(j, d.subA(i, j), ld)
					}
				}
			case symPiv && d.pinvUsed(j):
				// this pivot's only update: (shift+A_k)⁻¹ joins the sum in pacc
				if !d.pinv[j] {
					clear(d.pacc[:m*m])
					d.pinv[j] = true
				}
				d.paccFull, d.paccI = false, false // DpotriAddDiag4Z adds the lower triangle
				// pz keeps the zeros above its diagonal blocks from the last call of this order
				if lapack.DpotriAddDiag4Z(m, d.blk(k, k), ld, d.diag4(k), d.pz[:m*m], d.pzN == m, d.pacc[:m*m], m) {
					d.pzN = m
				} else {
					d.pzN = 0
				}
			case symPiv:
				x := d.symSolve(k, j)
				for i := 0; i < L; i++ {
					if !d.done[i] && d.nz[i*L+k] {
						switch {
						case i == j && d.tposed[j] && x == nil:
							subAdd(d, j, d.x32[:m*m])
						case i == j && d.tposed[j]:
							subAdd(d, j, x)
						case x == nil:
							subAddT(d, i, j, d.x32[:m*m])
						default:
							subAddT(d, i, j, x)
						}
					}
				}
			case d.pristine[k]:
				mkj := d.blkWrite(k, j)
				d.solveBlock(k, mkj)
				for i := 0; i < L; i++ {
					if !d.done[i] && d.nz[i*L+k] {
						addScaled(m, d.subA(i, j), ld, d.shift, mkj, ld)
					}
				}
			default:
				mkj := d.blkWrite(k, j)
				d.solveBlock(k, mkj)
				for i := 0; i < L; i++ {
					if !d.done[i] && d.nz[i*L+k] {
						mij := d.blkWrite(i, j)
						mik, ldk := d.blkRead(i, k)
						simd.GemmNN64(m, m, m, -1, mik, ldk, mkj, ld, mij, ld)
					}
				}
			}
		}
	}
	return true
}

// pairInverses returns the one pivot j still to be eliminated that neighbours the
// pivots k and k2, factored together (factorPair), when each has no other such neighbour
// and j forms its block from its neighbours' inverses (pinvUsed) with their sum not begun:
// then both inverses go into pacc in one call (lapack.DpotriPairDiag4Z). Otherwise -1.
func (d *triDiag) pairInverses(k, k2 int) int {
	L := d.t.spec.Layers()
	j := -1
	for i := 0; i < L; i++ {
		if d.done[i] || i == k2 {
			continue
		}
		a, b := d.nz[k*L+i], d.nz[k2*L+i]
		if a != b || !a {
			if a || b {
				return -1
			}
			continue
		}
		if j >= 0 {
			return -1
		}
		j = i
	}
	if j < 0 || d.nz[k*L+k2] || d.nz[k2*L+k] || d.pinv[j] || !d.pinvUsed(j) {
		return -1
	}
	return j
}

// pairable reports whether factor may factor the symmetric pristine pivot k together with
// the next one in the order (factorPair): it is factored in float64 by lapack.PotrfDiag4T
// (lt is carved), it is not the Kronecker pivot, and every update it makes goes into an
// inverses' sum (pinvUsed), which reads neither Lᵀ nor the row solves that would need
// lt to hold this pivot's factor.
func (d *triDiag) pairable(k int) bool {
	L := d.t.spec.Layers()
	if !d.sym || !d.pristine[k] || d.f32 || d.lt == nil || d.kron && k == L-1 {
		return false
	}
	for j := 0; j < L; j++ {
		if j != k && !d.done[j] && d.nz[k*L+j] && !d.pinvUsed(j) {
			return false
		}
	}
	return true
}

// factorPair factors the pairable pivots k and k2 (k2 next in the order, so neither is
// the other's neighbour) in one call of lapack.PotrfDiag4TPair, straight from the lower
// triangles of A_k and A_k2 with the shift: the factors go into their blocks, the caches
// into diag4 and (shift+A)⁻¹b into prb, as the unpaired route leaves them; their Lᵀ,
// which nothing reads afterwards, go to lt and lt2.
func (d *triDiag) factorPair(k, k2 int) bool {
	L := d.t.spec.Layers()
	m := d.m
	ld := L * m
	p0, p1 := d.prb[k*m:(k+1)*m], d.prb[k2*m:(k2+1)*m]
	copy(p0, d.rhs[:m])
	copy(p1, d.rhs[:m])
	if !lapack.PotrfDiag4TPair(m, d.shift, d.a(k), m, d.blk(k, k), ld, d.lt[:m*m], d.diag4(k), p0,
		d.a(k2), m, d.blk(k2, k2), ld, d.lt2[:m*m], d.diag4(k2), p1) {
		return false
	}
	d.mat[k*L+k], d.mat[k2*L+k2] = true, true
	d.prbOK[k], d.prbOK[k2] = true, true
	return true
}

// potrf32 factors shift+A_k by lapack.Spotrf on a float32 copy of its lower triangle in
// x32 and writes the factor into block (k, k) in float64, where the solves use it.
func (d *triDiag) potrf32(k int) bool {
	L := d.t.spec.Layers()
	m := d.m
	ld := L * m
	dk, a, x := d.blk(k, k), d.a(k), d.x32[:m*m]
	for r := 0; r < m; r++ {
		for c, v := range a[r*m : r*m+r] {
			x[r*m+c] = float32(v)
		}
		x[r*m+r] = float32(a[r*m+r] + d.shift)
	}
	if !lapack.Spotrf(m, x, m) {
		return false
	}
	for r := 0; r < m; r++ {
		for c, v := range x[r*m : r*m+r+1] {
			dk[r*ld+c] = float64(v)
		}
	}
	d.mat[k*L+k] = true
	return true
}

// getrf32 factors the pivot block dk (stride ld) of layer k by lapack.Sgetrf on a float32
// copy in x32 and writes the factors back in float64, where the solves use them.
func (d *triDiag) getrf32(dk []float64, ld, k int) bool {
	m := d.m
	x := d.x32[:m*m]
	for r := 0; r < m; r++ {
		for c, v := range dk[r*ld : r*ld+m] {
			x[r*m+c] = float32(v)
		}
	}
	if !lapack.Sgetrf(m, x, m, d.piv[k*m:(k+1)*m]) {
		return false
	}
	for r := 0; r < m; r++ {
		for c, v := range x[r*m : (r+1)*m] {
			dk[r*ld+c] = float64(v)
		}
	}
	return true
}

// factorKron factors K + shift·I into kfac and forms its inverse in kinv.
func (d *triDiag) factorKron() bool {
	n := d.t.ws.Rows
	f, inv := d.kfac[:n*n], d.kinv[:n*n]
	copy(f, d.kmat[:n*n])
	clear(inv)
	for i := 0; i < n; i++ {
		f[i*n+i] += d.shift
		inv[i*n+i] = 1
	}
	if !lapack.Dpotrf(n, f, n) {
		return false
	}
	lapack.DpotrsRows(n, n, f, n, inv, n)
	return finite64(inv)
}

// symSolve writes into scr the row solve Xᵀ = A_j(shift+A_k)⁻¹ of the symmetric pristine
// pivot k (stride m), or with float32 row solves into x32 (then it returns nil).
func (d *triDiag) symSolve(k, j int) []float64 {
	L := d.t.spec.Layers()
	m := d.m
	s := d.scr[:m*m]
	a := d.a(j)
	if d.f32 {
		x := d.x32[:m*m]
		for i, v := range a {
			x[i] = float32(v)
		}
		w := d.l32[:lapack.Rows32Size(m)]
		lapack.Rows32Prep(m, d.blk(k, k), L*m, w)
		lapack.Rows32(m, m, w, x, m, d.tmp32)
		return nil
	}
	copy(s, a)
	if d.lt != nil {
		// Lᵀ of pivot k, factored just before (factor)
		lapack.DpotrsRowsDiag4T(m, m, d.blk(k, k), L*m, d.lt[:m*m], d.diag4(k), s, m)
		return s
	}
	lapack.DpotrsRowsDiag4U(m, m, d.blk(k, k), L*m, d.diag4(k), s, m)
	return s
}

// pinvUsed reports whether the tposed pivot j forms its block from its neighbours'
// inverses in this factorization: the pattern allows it (pinvOK), its block is held
// contiguous, the pivots are factored in float64, and lapack.DpotriAddDiag4 and
// simd.GemmRM64 run their fast forms at this order. The row solves X_kjᵀ = A_j(shift+A_k)⁻¹
// cost m³ multiply-adds each; the inverses cost about m³/3 each and their sum one product
// with A_j.
func (d *triDiag) pinvUsed(j int) bool {
	m := d.m
	if !d.pinvOK[j] || !d.tposed[j] || d.f32 || d.pacc == nil || !lapack.PotriAddUsed(m) {
		return false
	}
	_, ld := d.pivot(j)
	return ld == m
}

// triDiagStaticLmax bounds the multipliers of the LU without row interchanges that
// factors a pivot block formed from its neighbours' inverses (pinvBlock; for L = 3 the
// middle layer's S = shift·I − A_2 + shift·A_2·Σ(shift+A_k)⁻¹). That block is close to
// −(A_2 − shift·I) for small shift and to shift·I + A_2 for large shift, near-symmetric and
// definite either way, where partial pivoting rarely swaps; in between the guard decides.
// Bounded multipliers (threshold pivoting: |l_ik| ≤ triDiagStaticLmax, against 1 under
// partial pivoting) bound the growth of the factors; a block that breaks the bound, or
// has a zero or non-finite pivot, is formed again and factored with partial pivoting. The
// residual check, refinement and the dense fallback then treat the solution as before.
// It is a variable so that tests can make the guard refuse every block.
var triDiagStaticLmax = 8.0

// pinvBlock writes the tposed pivot block of layer k from the sum P = Σ (shift+A_i)⁻¹ of
// its neighbours' inverses in pacc: the block subAdd would build from the row solves
// X_ikᵀ = A_k(shift+A_i)⁻¹, shift·I − A_k + shift·A_k·P (each neighbour's −A_k + shift·X_ikᵀ
// added to the pristine shift + A_k), formed as shift·I + shift·A_k·(P − I/shift) by one
// product into shift·I.
func (d *triDiag) pinvBlock(k int) {
	L := d.t.spec.Layers()
	m := d.m
	b, _ := d.pivot(k)
	b = b[:m*m]
	a := d.a(k)
	p := d.pacc[:m*m]
	if !d.paccFull {
		mirrorLower(m, p, m) // lapack.DpotriAddDiag4 adds lower triangles
		d.paccFull = true
	}
	// shift·I + shift·A_k·(P − I/shift): −A_k rides in the product, so the block starts
	// from shift·I (no pass over A_k); P − I/shift is formed once per sum (the guard's
	// refusal forms the block again from it). The shift is positive and finite here
	// (PotrfDiag4TPair factored shift + A_i); should 1/shift overflow, −A_k is written.
	if inv := 1 / d.shift; inv <= math.MaxFloat64 && inv >= -math.MaxFloat64 {
		if !d.paccI {
			for r := 0; r < m; r++ {
				p[r*m+r] -= inv
			}
			d.paccI = true
		}
		clear(b)
	} else {
		simd.ScaleShift64(-1, 0, a, b)
	}
	for r := 0; r < m; r++ {
		b[r*m+r] += d.shift
	}
	simd.GemmRM64(false, false, m, m, m, d.shift, a, m, p, m, b, m)
	d.pinv[k] = false
	d.mat[k*L+k], d.nz[k*L+k] = true, true
}

// diag4 returns the cached diagonal-block inverses of pivot k's factor.
func (d *triDiag) diag4(k int) []float64 {
	n := lapack.Diag4Len(d.m)
	return d.dinv[k*n : (k+1)*n]
}

// subAddT sets block (i, j) to M_ij − A_j + shift·xᵀ for the row solve x = X_kjᵀ (m×m,
// stride m) of a symmetric pristine pivot, in one pass; see subA for the pristine block.
func subAddT[T float32 | float64](d *triDiag, i, j int, x []T) {
	L := d.t.spec.Layers()
	m := d.m
	ld := L * m
	b := d.blk(i, j)
	a := d.a(j)
	sh := d.shift
	var mode int // 0: M_ij held, 1: pristine A_j (+shift·I), 2: zero
	switch {
	case d.mat[i*L+j]:
	case d.nz[i*L+j]:
		mode = 1
	default:
		mode = 2
	}
	// Four rows of the block at a time: column c of them is x[c*m+r : c*m+r+4], one
	// contiguous read per column, and the four rows are written in sequence.
	r := 0
	for ; r+4 <= m; r += 4 {
		b0, b1, b2, b3 := b[r*ld:r*ld+m], b[(r+1)*ld:(r+1)*ld+m], b[(r+2)*ld:(r+2)*ld+m], b[(r+3)*ld:(r+3)*ld+m]
		a0, a1, a2, a3 := a[r*m:(r+1)*m], a[(r+1)*m:(r+2)*m], a[(r+2)*m:(r+3)*m], a[(r+3)*m:(r+4)*m]
		switch mode {
		case 0:
			for c := range b0 {
				xc := x[c*m+r : c*m+r+4]
				b0[c] += sh*float64(xc[0]) - a0[c]
				b1[c] += sh*float64(xc[1]) - a1[c]
				b2[c] += sh*float64(xc[2]) - a2[c]
				b3[c] += sh*float64(xc[3]) - a3[c]
			}
		case 1:
			for c := range b0 {
				xc := x[c*m+r : c*m+r+4]
				b0[c] = sh * float64(xc[0])
				b1[c] = sh * float64(xc[1])
				b2[c] = sh * float64(xc[2])
				b3[c] = sh * float64(xc[3])
			}
		default:
			for c := range b0 {
				xc := x[c*m+r : c*m+r+4]
				b0[c] = sh*float64(xc[0]) - a0[c]
				b1[c] = sh*float64(xc[1]) - a1[c]
				b2[c] = sh*float64(xc[2]) - a2[c]
				b3[c] = sh*float64(xc[3]) - a3[c]
			}
		}
	}
	for ; r < m; r++ {
		row, ar := b[r*ld:r*ld+m], a[r*m:(r+1)*m]
		for c := range row {
			switch mode {
			case 0:
				row[c] += sh*float64(x[c*m+r]) - ar[c]
			case 1:
				row[c] = sh * float64(x[c*m+r])
			default:
				row[c] = sh*float64(x[c*m+r]) - ar[c]
			}
		}
	}
	if mode == 1 && i == j {
		for r := 0; r < m; r++ {
			b[r*ld+r] += sh
		}
	}
	d.mat[i*L+j], d.nz[i*L+j] = true, true
}

// subAdd is subAddT for the pivot block of a layer j held transposed (tposed, see pivot):
// it sets the block to M_jjᵀ − A_j + shift·x for the row solve x = X_kjᵀ, with no
// transposition, since A_j is symmetric and the pristine block shift+A_j too.
func subAdd[T float32 | float64](d *triDiag, j int, x []T) {
	L := d.t.spec.Layers()
	m := d.m
	b, ld := d.pivot(j)
	a := d.a(j)
	sh := d.shift
	held := d.mat[j*L+j]
	d.mat[j*L+j], d.nz[j*L+j] = true, true
	if x64, ok := any(x).([]float64); ok && ld == m {
		// contiguous: three vector passes over the m² values
		b = b[:m*m]
		if held {
			simd.Axpy64(sh, x64[:m*m], b)
			simd.Axpy64(-1, a, b)
			return
		}
		simd.ScaleShift64(sh, 0, x64[:m*m], b)
		for r := 0; r < m; r++ {
			b[r*m+r] += sh
		}
		return
	}
	for r := 0; r < m; r++ {
		row, ar, xr := b[r*ld:r*ld+m], a[r*m:(r+1)*m], x[r*m:(r+1)*m]
		if held {
			for c, v := range xr {
				row[c] += sh*float64(v) - ar[c]
			}
			continue
		}
		for c, v := range xr {
			row[c] = sh * float64(v)
		}
		row[r] += sh
	}
}

// pivot returns the pivot block of layer k and its stride: a tposed block lives in kfac
// (m×m, contiguous) when the output layer's Kronecker form is not used and kfac is at
// least that large (one output: m = Rows), otherwise in big like every other block.
func (d *triDiag) pivot(k int) ([]float64, int) {
	m := d.m
	if d.tposed[k] && !d.kron && len(d.kfac) >= m*m {
		return d.kfac[:m*m], m
	}
	return d.blk(k, k), d.t.spec.Layers() * m
}

// kronSolveAdd adds shift·((K+shift)⁻¹⊗I_C)·A_j to the m×m block c (stride ldc): for each
// output c, the rows (·, c) of A_j times (K+shift)⁻¹, one product each.
func (d *triDiag) kronSolveAdd(j int, c []float64, ldc int) {
	m, n := d.m, d.t.ws.Rows
	C := m / n
	a := d.a(j)
	for o := 0; o < C; o++ {
		simd.GemmNN64(n, m, n, d.shift, d.kinv, n, a[o*m:], C*m, c[o*ldc:], C*ldc)
	}
}

// addScaled adds alpha·x to the m×m block c.
func addScaled(m int, c []float64, ldc int, alpha float64, x []float64, ldx int) {
	for r := 0; r < m; r++ {
		simd.Axpy64(alpha, x[r*ldx:r*ldx+m], c[r*ldc:r*ldc+m])
	}
}

// solve solves the factored system for the right-hand side b into v (length L·m each):
// the forward pass replays the eliminations on b in fwd, the backward pass substitutes in
// reverse order. It uses res as scratch.
func (d *triDiag) solve(b, v []float64) {
	L := d.t.spec.Layers()
	m := d.m
	y := d.fwd[:L*m]
	copy(y, b[:L*m])
	for p, k := range d.order {
		yk := y[k*m : (k+1)*m]
		if d.pristine[k] {
			for i := 0; i < L; i++ {
				if d.pos[i] > p && d.nz[i*L+k] {
					simd.Axpy64(-1, yk, y[i*m:(i+1)*m])
				}
			}
			if d.first && d.prbOK[k] {
				// yk is b (no neighbour came before), solved in factor
				copy(yk, d.prb[k*m:(k+1)*m])
			} else {
				d.solveVec(k, yk)
			}
			for i := 0; i < L; i++ {
				if d.pos[i] > p && d.nz[i*L+k] {
					simd.Axpy64(d.shift, yk, y[i*m:(i+1)*m])
				}
			}
			continue
		}
		d.solveVec(k, yk)
		for i := 0; i < L; i++ {
			if d.pos[i] > p && d.nz[i*L+k] {
				mik, ldk := d.blkRead(i, k)
				yi := y[i*m : (i+1)*m]
				for r := range yi {
					yi[r] -= simd.Dot64(mik[r*ldk:r*ldk+m], yk)
				}
			}
		}
	}
	ld := L * m
	clear(d.have)
	solution := &v[0] == &d.bigV[0]
	if solution {
		clear(d.resV)
	}
	for p := len(d.order) - 1; p >= 0; p-- {
		k := d.order[p]
		vk := v[k*m : (k+1)*m]
		if d.sym && d.pristine[k] {
			d.backRHS(p, b, v, solution)
			if p > 0 && d.potrsPivot(k) {
				// the next pivot back, when it is of the same kind and its row does not
				// hold v_k, is solved together with this one
				if k2 := d.order[p-1]; d.potrsPivot(k2) && !d.nz[k2*L+k] {
					d.backRHS(p-1, b, v, solution)
					lapack.DpotrsVecDiag4Pair(m, d.blk(k, k), ld, d.diag4(k), vk,
						d.blk(k2, k2), ld, d.diag4(k2), v[k2*m:(k2+1)*m])
					p--
					continue
				}
			}
			d.solveVec(k, vk)
			continue
		}
		copy(vk, y[k*m:(k+1)*m])
		for j := 0; j < L; j++ {
			if d.pos[j] > p && d.nz[k*L+j] {
				x := d.blk(k, j)
				vj := v[j*m : (j+1)*m]
				for r := 0; r < m; r++ {
					vk[r] -= simd.Dot64(x[r*ld:r*ld+m], vj)
				}
			}
		}
	}
}

// backRHS sets v_k, for the symmetric pristine pivot k at position p of the order, to the
// right-hand side of its back substitution, b_k − Σ_j A_j v_j over its neighbours j
// eliminated after it (their products are kept in res for the other neighbour of j, and
// mark res as holding the solution's products when v is the solution).
func (d *triDiag) backRHS(p int, b, v []float64, solution bool) {
	L := d.t.spec.Layers()
	m := d.m
	k := d.order[p]
	vk := v[k*m : (k+1)*m]
	copy(vk, b[k*m:(k+1)*m])
	for j := 0; j < L; j++ {
		if d.pos[j] > p && d.nz[k*L+j] {
			w := d.res[j*m : (j+1)*m]
			if !d.have[j] {
				clear(w)
				d.mulA(j, 1, v[j*m:(j+1)*m], w)
				d.have[j] = true
				d.resV[j] = solution
			}
			simd.Axpy64(-1, w, vk)
		}
	}
}

// potrsPivot reports whether solveVec solves with pivot k by lapack.DpotrsVecDiag4: a
// symmetric pristine pivot held as a Cholesky factor in big.
func (d *triDiag) potrsPivot(k int) bool {
	return d.sym && d.pristine[k] && !(d.kron && k == d.t.spec.Layers()-1)
}

// solveVec overwrites x (length m) with D_kk⁻¹x.
func (d *triDiag) solveVec(k int, x []float64) {
	L := d.t.spec.Layers()
	m := d.m
	ld := L * m
	switch {
	case d.kron && k == L-1:
		n := d.t.ws.Rows
		C := m / n
		kv := d.kv[:n]
		for c := 0; c < C; c++ {
			for i := range kv {
				kv[i] = x[i*C+c]
			}
			lapack.Dpotrs(n, d.kfac, n, kv)
			for i, v := range kv {
				x[i*C+c] = v
			}
		}
	case d.sym && d.pristine[k]:
		lapack.DpotrsVecDiag4(m, d.blk(k, k), ld, d.diag4(k), x)
	case d.tposed[k]:
		pk, pld := d.pivot(k)
		lapack.DgetrsTDiag4(m, pk, pld, d.piv[k*m:(k+1)*m], d.diag4(k), x)
	default:
		lapack.DgetrsDiag4(m, d.blk(k, k), ld, d.piv[k*m:(k+1)*m], d.diag4(k), x)
	}
}

// solveBlock overwrites the m×m block x (stride L·m) with D_kk⁻¹x for an LU-factored
// pivot: its columns, as the rows of the transposed copy in scr, are solved together
// (lapack.DgetrsRows).
func (d *triDiag) solveBlock(k int, x []float64) {
	m := d.m
	ld := d.t.spec.Layers() * m
	s := d.scr[:m*m]
	transpose(m, x, ld, s, m)
	lapack.DgetrsRows(m, m, d.blk(k, k), ld, d.piv[k*m:(k+1)*m], s, m)
	transpose(m, s, m, x, ld)
}

// transpose writes dst = srcᵀ for an m×m matrix.
func transpose(m int, src []float64, lds int, dst []float64, ldd int) {
	const bs = 32
	for i0 := 0; i0 < m; i0 += bs {
		for j0 := 0; j0 < m; j0 += bs {
			for i := i0; i < min(i0+bs, m); i++ {
				for j := j0; j < min(j0+bs, m); j++ {
					dst[j*ldd+i] = src[i*lds+j]
				}
			}
		}
	}
}

// residual computes the products w_l = A_l v_l into res and the residual
// 1⊗b − (shift·v + (T⊗I)·w) into cor, and returns the largest ratio of a row's residual to
// the row's scale Σ|terms| (+Inf for a non-finite one). Each layer's rows go through
// simd.ResidualRows64 with its neighbours' and its own products and solutions (the zero
// vector for a missing neighbour: the same sums), which also runs backwardError's check
// with the diagonal terms on the rows above triDiagRefinedTol.
func (d *triDiag) residual() float64 {
	L := d.t.spec.Layers()
	m := d.m
	v, w, e, g := d.bigV[:L*m], d.res[:L*m], d.cor[:L*m], d.adiag[:L*m]
	d.products()
	zero := d.zero[:m]
	beDiag, beBound := true, 0.0
	var worst float64
	for l := 0; l < L; l++ {
		wp, vp, gp := zero, zero, zero
		if l > 0 {
			wp, vp, gp = w[(l-1)*m:l*m], v[(l-1)*m:l*m], g[(l-1)*m:l*m]
		}
		wn, vn, gn := zero, zero, zero
		if l < L-1 {
			wn, vn, gn = w[(l+1)*m:(l+2)*m], v[(l+1)*m:(l+2)*m], g[(l+1)*m:(l+2)*m]
		}
		q, bound, pass := simd.ResidualRows64(m, d.shift, triDiagRefinedTol, d.rhs[:m], v[l*m:(l+1)*m],
			wp, w[l*m:(l+1)*m], wn, vp, vn, gp, g[l*m:(l+1)*m], gn, e[l*m:(l+1)*m])
		worst, beBound, beDiag = max(worst, q), max(beBound, bound), beDiag && pass
	}
	if math.IsInf(worst, 1) {
		// a non-finite row: nothing to vouch for (backwardError finds it too)
		beDiag = false
	}
	d.beDiag, d.beBound = beDiag, beBound
	return worst
}

// backwardError returns the componentwise backward error of v given the residual in cor
// and the products in res: the largest ratio of a row's residual to |shift·v| + |b| +
// Σ_j (|A_j|·|v_j|), or a value at most triDiagRefinedTol when every row is below that.
// Unlike residual's scale it allows for the rounding the products themselves carry: rows
// where w_l cancels in large terms cannot do better than that, whatever solved v. The
// rows of |A_j|·|v_j| are formed (in scalar Go) only for rows that fail residual's check
// and then the check with the diagonal terms |(A_j)_rr|·|(v_j)_r| alone (a lower bound of
// the sums, so a row that passes it passes; residual runs that check as it goes, and when
// every row passes, nothing is left to form here). It is taken when refinement stalls,
// or outright for small systems (m ≤ triDiagEagerCheck), where it costs less than a
// refinement step.
func (d *triDiag) backwardError() float64 {
	if d.beDiag {
		// residual found every row within the check with the diagonal terms
		return d.beBound
	}
	L := d.t.spec.Layers()
	m := d.m
	v, w, e := d.bigV[:L*m], d.res[:L*m], d.cor[:L*m]
	av, u := d.fwd[:L*m], d.dv[:L*m]
	for i, x := range v {
		u[i] = math.Abs(x)
	}
	for i := range av {
		av[i] = -1 // (|A_j|·|v_j|)_r not formed yet
	}
	var worst float64
	for l := 0; l < L; l++ {
		for r := 0; r < m; r++ {
			x := math.Abs(e[l*m+r])
			if x == 0 {
				continue
			}
			// Σ|terms| ≤ the componentwise scale: rows that pass with it are done.
			scale := math.Abs(d.shift*v[l*m+r]) + math.Abs(d.rhs[r])
			loose := scale
			for j := max(0, l-1); j <= min(L-1, l+1); j++ {
				loose += math.Abs(w[j*m+r])
			}
			if x <= triDiagRefinedTol*loose {
				continue
			}
			// |A_j|·|v_j| ≥ |(A_j)_rr|·|(v_j)_r|: a row that passes with the diagonal terms
			// alone passes with the whole sums.
			diag := scale
			for j := max(0, l-1); j <= min(L-1, l+1); j++ {
				diag += d.absDiag(j, r) * u[j*m+r]
			}
			if x <= triDiagRefinedTol*diag {
				continue
			}
			for j := max(0, l-1); j <= min(L-1, l+1); j++ {
				if av[j*m+r] < 0 {
					av[j*m+r] = d.absRow(j, r, u[j*m:(j+1)*m])
				}
				scale += av[j*m+r]
			}
			q := x / scale
			if !(q <= math.MaxFloat64) {
				return math.Inf(1)
			}
			worst = max(worst, q)
		}
	}
	return worst
}

// absDiag returns |(A_l)_rr|.
func (d *triDiag) absDiag(l, r int) float64 {
	m := d.m
	if d.kron && l == d.t.spec.Layers()-1 {
		n := d.t.ws.Rows
		i := r / (m / n)
		return math.Abs(d.kmat[i*n+i])
	}
	return math.Abs(d.a(l)[r*m+r])
}

// absRow returns (|A_l|·x)_r for x ≥ 0 (length m).
func (d *triDiag) absRow(l, r int, x []float64) float64 {
	m := d.m
	if d.kron && l == d.t.spec.Layers()-1 {
		n := d.t.ws.Rows
		C := m / n
		i, c := r/C, r%C
		var s float64
		for j, k := range d.kmat[i*n : (i+1)*n] {
			s += math.Abs(k) * x[j*C+c]
		}
		return s
	}
	if d.lowerOnly[l] {
		a := d.a(l)
		var s float64
		for c := 0; c <= r; c++ {
			s += math.Abs(a[r*m+c]) * x[c]
		}
		for c := r + 1; c < m; c++ {
			s += math.Abs(a[c*m+r]) * x[c]
		}
		return s
	}
	row := d.a(l)[r*m : (r+1)*m]
	x = x[:m]
	var s0, s1, s2, s3 float64
	c := 0
	for ; c+4 <= m; c += 4 {
		s0 += math.Abs(row[c]) * x[c]
		s1 += math.Abs(row[c+1]) * x[c+1]
		s2 += math.Abs(row[c+2]) * x[c+2]
		s3 += math.Abs(row[c+3]) * x[c+3]
	}
	for ; c < m; c++ {
		s0 += math.Abs(row[c]) * x[c]
	}
	return s0 + s1 + s2 + s3
}

// triDiagResidualTol bounds the relative residual the block elimination may leave before
// the dense LU takes over; refinement goes on while it improves the residual (by half at
// least) down to triDiagRefinedTol, so that an ill-conditioned system's solution does not
// depend on whether the elimination started from float32 or float64 row solves.
const (
	triDiagResidualTol = 1e-9
	triDiagRefinedTol  = 1e-12
	triDiagEagerCheck  = 256
)

// solveDense solves the whole (L·m)² system by one pivoted LU into bigV.
func (d *triDiag) solveDense() bool {
	clear(d.resV)
	L := d.t.spec.Layers()
	m := d.m
	N := L * m
	if d.kron {
		d.expandKron()
	}
	for l := 0; l < L; l++ {
		if d.lowerOnly[l] {
			mirrorLower(m, d.a(l), m)
			d.lowerOnly[l] = false
		}
	}
	A := d.big[:N*N]
	clear(A)
	for lp := 0; lp < L; lp++ {
		src := d.a(lp)
		for l := max(0, lp-1); l <= min(L-1, lp+1); l++ {
			for r := 0; r < m; r++ {
				o := (l*m+r)*N + lp*m
				copy(A[o:o+m], src[r*m:(r+1)*m])
			}
		}
	}
	v := d.bigV[:N]
	for l := 0; l < L; l++ {
		copy(v[l*m:(l+1)*m], d.rhs[:m])
	}
	for i := 0; i < N; i++ {
		A[i*N+i] += d.shift
	}
	if !lapack.Dgetrf(N, A, N, d.densePiv) {
		return false
	}
	lapack.Dgetrs(N, A, N, d.densePiv, v)
	return finite64(v)
}

// applyV sets d_l = −J_lᵀ v_l.
func (d *triDiag) applyV() {
	for l := 1; l <= d.t.spec.Layers(); l++ {
		d.t.vjpLayer(l, d.bigV[(l-1)*d.m:l*d.m])
	}
}
