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
// matrix product (see pivot). For L = 3 the whole solve is two factorizations of shift+A_1
// and shift+A_3, two solves with m right-hand sides and one LU of the middle block.
// A singular pivot block or a residual above triDiagResidualTol hands the system to one
// dense pivoted LU.
//
// G is indefinite (T has negative eigenvalues), so the direction need not descend; the
// trainer rejects a non-positive η*. T is singular when L ≡ 2 (mod 3): there ρ > 0 is
// required (New refuses ρ = 0). With ρ → 0, v_l = c_l Θ_l⁻¹ r̃ with c = T⁻¹1 and
// α = 1ᵀT⁻¹1 (1, –, 1, 2, –, 2, 3, … for L = 1, 2, 3, …); for L = 3 only the middle layer moves.
type triDiag struct {
	t         *Trainer
	alph      float64 // 1ᵀT⁻¹1
	order     []int   // elimination order of the layers (0-based)
	dense     bool    // always solve the dense system (a test hook: the former formula)
	denseRuns int     // how often the dense fallback ran (for tests)

	m     int     // Rows·C of the current batch
	shift float64 // ρ, or ρ/λ when Λ̃ = λI (rows divided by λ)

	theta    []float64 // A_l = Λ̃Θ_l (Θ_l when Λ̃ = λI), L·(Cap·C)²
	scr      []float64 // (Cap·C)² scratch
	big      []float64 // the (L·Cap·C)² system: its blocks, or the dense fallback
	bigV     []float64 // right-hand sides / the solution v, L·Cap·C
	res      []float64 // L·Cap·C scratch of the residual check
	rhs      []float64 // b (r̃, or e when Λ̃ = λI), Cap·C
	piv      []float64 // pivots of each layer's pivot block, L·Cap·C
	densePiv []float64 // pivots of the dense fallback, L·Cap·C

	chol, done, touched []bool // per layer: pivot factored by Cholesky, eliminated, updated
	nz                  []bool // L×L: block (i, j) is nonzero
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
	d := &triDiag{t: t, alph: triDiagAlpha(L), order: triDiagOrder(L)}
	d.chol, d.done, d.touched = make([]bool, L), make([]bool, L), make([]bool, L)
	d.nz = make([]bool, L*L)
	return d, nil
}

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
	d.rhs = c.F64(m)
	d.piv = c.F64(L * m)
	d.densePiv = c.F64(L * m)
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
	if !d.dense && d.eliminate() && d.accurate() {
		d.applyV()
		d.jd()
		return true
	}
	// The block elimination met a singular pivot block or lost accuracy: solve the whole
	// system by one pivoted LU.
	d.denseRuns++
	if !d.solveDense() {
		return false
	}
	d.applyV()
	d.products()
	d.jd()
	return true
}

// products writes w_l = A_l v_l into res.
func (d *triDiag) products() {
	L := d.t.spec.Layers()
	m := d.m
	v, w := d.bigV[:L*m], d.res[:L*m]
	for l := 0; l < L; l++ {
		a, vl := d.a(l), v[l*m:(l+1)*m]
		for r := 0; r < m; r++ {
			w[l*m+r] = simd.Dot64(a[r*m:(r+1)*m], vl)
		}
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

// build fills A_l (stored in theta), the shift and the right-hand side of the system.
func (d *triDiag) build() {
	t := d.t
	ws := t.ws
	L := t.spec.Layers()
	m := ws.Rows * t.spec.Outputs()
	d.m = m
	for l := 1; l <= L; l++ {
		a := d.theta[(l-1)*m*m : l*m*m]
		if t.lamScal {
			ws.LayerNTK(l, a, m)
		} else {
			ws.LayerNTK(l, d.scr[:m*m], m)
			t.lamTimes(a, d.scr[:m*m], m)
		}
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

// blk returns the m×m block (i, j) (0-based) of the L·m square system, stride L·m.
func (d *triDiag) blk(i, j int) []float64 {
	n := d.t.spec.Layers() * d.m
	return d.big[i*d.m*n+j*d.m:]
}

// a returns A_l for the 0-based layer index i, stride m.
func (d *triDiag) a(i int) []float64 { return d.theta[i*d.m*d.m : (i+1)*d.m*d.m] }

// eliminate runs the block elimination in the order d.order and leaves in bigV the
// solution v. It returns false when a pivot block is singular.
func (d *triDiag) eliminate() bool {
	L := d.t.spec.Layers()
	m := d.m
	n := L * m
	ld := n
	// the pattern and the pristine blocks: block (i, j) is A_j (i ≠ j) or shift+A_i
	for i := 0; i < L; i++ {
		for j := 0; j < L; j++ {
			d.nz[i*L+j] = j >= i-1 && j <= i+1
		}
		d.done[i] = false
		d.touched[i] = false
		for j := max(0, i-1); j <= min(L-1, i+1); j++ {
			dst, src := d.blk(i, j), d.a(j)
			for r := 0; r < m; r++ {
				copy(dst[r*ld:r*ld+m], src[r*m:(r+1)*m])
			}
		}
		dg := d.blk(i, i)
		for r := 0; r < m; r++ {
			dg[r*ld+r] += d.shift
		}
		copy(d.bigV[i*m:(i+1)*m], d.rhs[:m])
	}
	for _, k := range d.order {
		if !d.pivot(k) {
			return false
		}
	}
	// back substitution in reverse order: v_k = y_k − Σ_j X_kj v_j over the j eliminated
	// after k (those are the nonzero blocks of row k to the right of the pivot)
	for p := len(d.order) - 1; p >= 0; p-- {
		k := d.order[p]
		vk := d.bigV[k*m : (k+1)*m]
		for q := p + 1; q < len(d.order); q++ {
			j := d.order[q]
			if !d.nz[k*L+j] {
				continue
			}
			x := d.blk(k, j)
			vj := d.bigV[j*m : (j+1)*m]
			for r := 0; r < m; r++ {
				vk[r] -= simd.Dot64(x[r*ld:r*ld+m], vj)
			}
		}
	}
	return finite64(d.bigV[:n])
}

// pivot eliminates node k: it factors the pivot block D_kk, replaces every block (k, j)
// of a later node j by X_kj = D_kk⁻¹M_kj and the right-hand side by y_k = D_kk⁻¹b_k, and
// subtracts M_ik·X_kj from every block (i, j) and M_ik·y_k from b_i of the later nodes.
//
// When no neighbour of k has been eliminated yet, its column holds A_k and its pivot block
// is shift+A_k, so M_ik·X = A_k(shift+A_k)⁻¹M_kj = M_kj − shift·X_kj: the update needs no
// product, and it is exact where a product would cancel (the pitfall of block Thomas
// elimination, whose second pivot Θ_2 − Θ_1Θ_1⁻¹Θ_2 vanishes at ρ = 0).
func (d *triDiag) pivot(k int) bool {
	t := d.t
	L := t.spec.Layers()
	m := d.m
	ld := L * m
	dk := d.blk(k, k)
	pristine := !d.touched[k]
	d.chol[k] = pristine && t.lamScal
	piv := d.piv[k*m : (k+1)*m]
	if d.chol[k] {
		if !lapack.Dpotrf(m, dk, ld) {
			return false
		}
	} else if !lapack.Dgetrf(m, dk, ld, piv) {
		return false
	}
	d.done[k] = true
	bk := d.bigV[k*m : (k+1)*m]
	for j := 0; j < L; j++ {
		if d.done[j] || !d.nz[k*L+j] {
			continue
		}
		mkj := d.blk(k, j)
		if pristine {
			for i := 0; i < L; i++ {
				if d.done[i] || !d.nz[i*L+k] {
					continue
				}
				mij := d.fill(i, j)
				for r := 0; r < m; r++ {
					row, src := mij[r*ld:r*ld+m], mkj[r*ld:r*ld+m]
					for c, v := range src {
						row[c] -= v
					}
				}
			}
		}
		d.solveBlock(k, mkj)
		for i := 0; i < L; i++ {
			if d.done[i] || !d.nz[i*L+k] {
				continue
			}
			mij := d.fill(i, j)
			if pristine {
				for r := 0; r < m; r++ {
					row, src := mij[r*ld:r*ld+m], mkj[r*ld:r*ld+m]
					for c, v := range src {
						row[c] += d.shift * v
					}
				}
			} else {
				d.gemmSub(d.blk(i, k), mkj, mij)
			}
		}
	}
	// right-hand side
	if pristine {
		for i := 0; i < L; i++ {
			if !d.done[i] && d.nz[i*L+k] {
				bi := d.bigV[i*m : (i+1)*m]
				for r, v := range bk {
					bi[r] -= v
				}
			}
		}
	}
	d.solveVec(k, bk)
	for i := 0; i < L; i++ {
		if d.done[i] || !d.nz[i*L+k] {
			continue
		}
		bi := d.bigV[i*m : (i+1)*m]
		if pristine {
			for r, v := range bk {
				bi[r] += d.shift * v
			}
		} else {
			mik := d.blk(i, k)
			for r := range bi {
				bi[r] -= simd.Dot64(mik[r*ld:r*ld+m], bk)
			}
		}
		d.touched[i] = true
	}
	return true
}

// fill returns block (i, j), zeroing it first when it becomes nonzero for the first time.
func (d *triDiag) fill(i, j int) []float64 {
	L := d.t.spec.Layers()
	m := d.m
	ld := L * m
	b := d.blk(i, j)
	if !d.nz[i*L+j] {
		for r := 0; r < m; r++ {
			clear(b[r*ld : r*ld+m])
		}
		d.nz[i*L+j] = true
	}
	return b
}

// solveVec overwrites x (length m) with D_kk⁻¹x.
func (d *triDiag) solveVec(k int, x []float64) {
	m := d.m
	ld := d.t.spec.Layers() * m
	dk := d.blk(k, k)
	if d.chol[k] {
		lapack.Dpotrs(m, dk, ld, x)
		return
	}
	lapack.Dgetrs(m, dk, ld, d.piv[k*m:(k+1)*m], x)
}

// solveBlock overwrites the m×m block x (stride L·m) with D_kk⁻¹x: its columns, as the
// rows of the transposed copy in scr, are solved together (lapack.DpotrsRows/DgetrsRows).
func (d *triDiag) solveBlock(k int, x []float64) {
	m := d.m
	ld := d.t.spec.Layers() * m
	s := d.scr[:m*m]
	transpose(m, x, ld, s, m)
	dk := d.blk(k, k)
	if d.chol[k] {
		lapack.DpotrsRows(m, m, dk, ld, s, m)
	} else {
		lapack.DgetrsRows(m, m, dk, ld, d.piv[k*m:(k+1)*m], s, m)
	}
	transpose(m, s, m, x, ld)
}

// gemmSub sets c −= a·x for m×m blocks of stride L·m.
func (d *triDiag) gemmSub(a, x, c []float64) {
	m := d.m
	ld := d.t.spec.Layers() * m
	simd.GemmNN64(m, m, m, -1, a, ld, x, ld, c, ld)
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

// accurate reports whether v in bigV solves the system to working accuracy: every row of
// the residual 1⊗b − (shift·v + (T⊗I)·blockdiag(A_l)·v) is small next to the row's scale
// Σ|terms|. It costs one product with each A_l.
func (d *triDiag) accurate() bool {
	L := d.t.spec.Layers()
	m := d.m
	v := d.bigV[:L*m]
	w := d.res[:L*m]
	d.products()
	for l := 0; l < L; l++ {
		for r := 0; r < m; r++ {
			s := d.shift * v[l*m+r]
			scale := math.Abs(s) + math.Abs(d.rhs[r])
			for j := max(0, l-1); j <= min(L-1, l+1); j++ {
				s += w[j*m+r]
				scale += math.Abs(w[j*m+r])
			}
			if !(math.Abs(s-d.rhs[r]) <= triDiagResidualTol*scale) {
				return false
			}
		}
	}
	return true
}

// triDiagResidualTol bounds the relative residual the block elimination may leave before
// the dense LU takes over.
const triDiagResidualTol = 1e-9

// solveDense solves the whole (L·m)² system by one pivoted LU into bigV.
func (d *triDiag) solveDense() bool {
	L := d.t.spec.Layers()
	m := d.m
	N := L * m
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
