package core

import (
	"math"
	"math/rand/v2"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Float64 references in parameter space for the paper checks, independent of the dual
// (push-through) algebra of the trainer: an explicit P×P matrix G (or a matrix-free G) and a
// Krylov solve of (G + ρI)x = b.

// krylovSolve returns the solution of A x = b within the Krylov space of A and b, built by
// Arnoldi with two passes of Gram–Schmidt until it becomes invariant (or maxK vectors). When
// b lies in an invariant subspace on which A is nonsingular — here b = ∇ℒ is in the span of
// the batch's Jacobian rows, which every G maps into itself — this Galerkin solution is the
// exact solution of that subspace: (G + ρI)⁻¹b for ρ > 0, and the pseudo-inverse solution
// G⁺b for a singular symmetric G and ρ = 0. It also returns the relative residual
// ‖Ax − b‖/‖b‖ so that callers can check the reference itself.
func krylovSolve(p int, matvec func(dst, x []float64), b []float64, maxK int) (x []float64, resid float64) {
	beta := math.Sqrt(simd.Dot64(b, b))
	Q := [][]float64{scaled(b, 1/beta)}
	H := [][]float64{} // H[j] is column j, length j+2
	w := make([]float64, p)
	var hmax float64
	for j := 0; j < maxK; j++ {
		matvec(w, Q[j])
		h := make([]float64, j+2)
		for pass := 0; pass < 2; pass++ {
			for i := 0; i <= j; i++ {
				c := simd.Dot64(Q[i], w)
				h[i] += c
				for k := range w {
					w[k] -= c * Q[i][k]
				}
			}
		}
		nw := math.Sqrt(simd.Dot64(w, w))
		h[j+1] = nw
		for _, v := range h[:j+1] {
			hmax = math.Max(hmax, math.Abs(v))
		}
		H = append(H, h)
		if nw <= 1e-13*hmax {
			break
		}
		Q = append(Q, scaled(w, 1/nw))
	}
	k := len(H)
	Hk := make([][]float64, k) // the square k×k projection QᵀAQ
	for r := range Hk {
		Hk[r] = make([]float64, k)
		for c := 0; c < k; c++ {
			if r < len(H[c]) {
				Hk[r][c] = H[c][r]
			}
		}
	}
	rhs := make([]float64, k)
	rhs[0] = beta
	y := denseSolve(Hk, 0, rhs)
	x = make([]float64, p)
	for i := 0; i < k; i++ {
		for j := range x {
			x[j] += y[i] * Q[i][j]
		}
	}
	matvec(w, x)
	var num float64
	for i := range w {
		d := w[i] - b[i]
		num += d * d
	}
	return x, math.Sqrt(num) / beta
}

func scaled(v []float64, s float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		out[i] = s * v[i]
	}
	return out
}

// flatMatvec returns x ↦ (G + ρI)x for a row-major p×p G.
func flatMatvec(G []float64, p int, rho float64) func(dst, x []float64) {
	return func(dst, x []float64) {
		for i := 0; i < p; i++ {
			dst[i] = simd.Dot64(G[i*p:(i+1)*p], x) + rho*x[i]
		}
	}
}

// flatFisher returns the Gauss–Newton matrix JᵀJ/N of MSE (row-major P×P) from the rows of J.
func flatFisher(J [][]float64, n int) []float64 {
	P := len(J[0])
	F := make([]float64, P*P)
	for _, row := range J {
		for p, v := range row {
			if v == 0 {
				continue
			}
			v /= float64(n)
			dst := F[p*P : (p+1)*P]
			for q, w := range row {
				dst[q] += v * w
			}
		}
	}
	return F
}

// maskedFlat returns a copy of F with the entries outside the method's block pattern zeroed.
func maskedFlat(F []float64, P int, keep func(p, q int) bool) []float64 {
	G := make([]float64, P*P)
	for p := 0; p < P; p++ {
		for q := 0; q < P; q++ {
			if keep(p, q) {
				G[p*P+q] = F[p*P+q]
			}
		}
	}
	return G
}

// mseResidualGrad returns e = f − y and ∇ℒ = Jᵀe/N for C = 1 (MSE).
func mseResidualGrad(f []float64, J [][]float64, y []float32) (e, grad []float64) {
	n := len(f)
	e = make([]float64, n)
	grad = make([]float64, len(J[0]))
	for a := range f {
		e[a] = f[a] - float64(y[a])
		for p, v := range J[a] {
			grad[p] += v * e[a] / float64(n)
		}
	}
	return e, grad
}

// paramBlocks returns the raw parameter indices of each block of an NGD method: one block
// (exact), one per layer (blockdiag, tridiag) or one per unit (unitwise).
func paramBlocks(m Method, s tinynet.Spec) [][]int {
	layer, unit := paramLayout(s)
	var blocks [][]int
	idx := map[[2]int]int{}
	for p := range layer {
		key := [2]int{0, 0}
		switch m {
		case BlockDiag, TriDiag, KFAC:
			key = [2]int{layer[p], 0}
		case UnitWise:
			key = [2]int{layer[p], unit[p]}
		}
		b, ok := idx[key]
		if !ok {
			b = len(blocks)
			idx[key] = b
			blocks = append(blocks, nil)
		}
		blocks[b] = append(blocks[b], p)
	}
	return blocks
}

// dualDirection64 is the dual form of −(G+ρI)⁻¹∇ℒ in float64 (MSE, C = 1) for the block
// methods: with Θ_b = J_bJ_bᵀ/N per block and the block coupling T (identity, or the
// tri-diagonal matrix of ones for tridiag), solve ((T⊗I)·blockdiag(Θ_b) + ρI)v = 1⊗e/N and
// return d_b = −J_bᵀv_b.
func dualDirection64(m Method, s tinynet.Spec, J [][]float64, e []float64, rho float64) []float64 {
	blocks := paramBlocks(m, s)
	n, nb := len(e), len(blocks)
	theta := make([][]float64, nb) // n×n each, row-major
	for b, cols := range blocks {
		theta[b] = make([]float64, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				var acc float64
				for _, p := range cols {
					acc += J[i][p] * J[j][p]
				}
				theta[b][i*n+j] = acc / float64(n)
			}
		}
	}
	coupled := func(a, b int) bool { return a == b || (m == TriDiag && (a-b == 1 || b-a == 1)) }
	d := make([]float64, s.Params())
	solveBlocks := func(members []int) {
		k := len(members)
		A := zeros(k*n, k*n)
		rhs := make([]float64, k*n)
		for bi, a := range members {
			for bj, b := range members {
				if !coupled(a, b) {
					continue
				}
				for i := 0; i < n; i++ {
					for j := 0; j < n; j++ {
						A[bi*n+i][bj*n+j] = theta[b][i*n+j]
					}
				}
			}
			for i := 0; i < n; i++ {
				rhs[bi*n+i] = e[i] / float64(n)
			}
		}
		v := denseSolve(A, rho, rhs)
		for bi, b := range members {
			for _, p := range blocks[b] {
				var acc float64
				for i := 0; i < n; i++ {
					acc += J[i][p] * v[bi*n+i]
				}
				d[p] = -acc
			}
		}
	}
	if m == TriDiag {
		all := make([]int, nb)
		for b := range all {
			all[b] = b
		}
		solveBlocks(all)
	} else {
		for b := 0; b < nb; b++ {
			solveBlocks([]int{b})
		}
	}
	return d
}

// kfacDualDirection64 is the dual (Woodbury) form of the damped K-FAC direction in float64
// (MSE, C = 1): per layer, with the per-sample signals Δ (N×M_l) and scaled inputs H̃
// (N×(M_{l-1}+1)), B = ΔᵀΔ/N, A = H̃ᵀH̃/N, λ = π√ρ, μ = √ρ/π,
//
//	ΔW = −(B+μI)⁻¹ (Δᵀdiag(e)H̃/N) (A+λI)⁻¹ = −(1/N) Δᵀ(ΔΔᵀ/N + μI)⁻¹ diag(e) (H̃H̃ᵀ/N + λI)⁻¹ H̃.
func kfacDualDirection64(net *tinynet.Net, x, y []float32, n int, e []float64, rho float64) []float64 {
	s := net.Spec
	ht, delta, _ := denseKFACPieces(net, x, y, n, tinynet.MSE)
	d := make([]float64, s.Params())
	for l := 1; l <= s.Layers(); l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		dA := in + 1
		var trA, trB float64
		for i := 0; i < n; i++ {
			for _, v := range ht[l][i] {
				trA += v * v / float64(n)
			}
			for _, v := range delta[l][i] {
				trB += v * v / float64(n)
			}
		}
		pi := math.Sqrt((trA / float64(dA)) / (trB / float64(out)))
		lam, mu := pi*math.Sqrt(rho), math.Sqrt(rho)/pi
		gramD, gramH := zeros(n, n), zeros(n, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				for a := 0; a < out; a++ {
					gramD[i][j] += delta[l][i][a] * delta[l][j][a] / float64(n)
				}
				for a := 0; a < dA; a++ {
					gramH[i][j] += ht[l][i][a] * ht[l][j][a] / float64(n)
				}
			}
		}
		// U = (ΔΔᵀ/N + μI)⁻¹ and V = (H̃H̃ᵀ/N + λI)⁻¹, column by column
		U, V := zeros(n, n), zeros(n, n)
		for j := 0; j < n; j++ {
			unit := make([]float64, n)
			unit[j] = 1
			u, v := denseSolve(gramD, mu, unit), denseSolve(gramH, lam, unit)
			for i := 0; i < n; i++ {
				U[i][j], V[i][j] = u[i], v[i]
			}
		}
		// M = U diag(e) V (N×N); ΔW[a][b] = −(1/N) Σ_{i,j} Δ[i][a] M[i][j] H̃[j][b]
		M := zeros(n, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				for k := 0; k < n; k++ {
					M[i][j] += U[i][k] * e[k] * V[k][j]
				}
			}
		}
		o := s.LayerOffset(l)
		for a := 0; a < out; a++ {
			for b := 0; b < dA; b++ {
				var acc float64
				for i := 0; i < n; i++ {
					var row float64
					for j := 0; j < n; j++ {
						row += M[i][j] * ht[l][j][b]
					}
					acc += delta[l][i][a] * row
				}
				p := o + a*in + b
				if b == in {
					p = o + out*in + a
				}
				d[p] = -acc / float64(n)
			}
		}
	}
	return d
}

// kfacPrimalDirection64 returns −((B+μI) ⊗ (A+λI))⁻¹∇ℒ per layer by Kronecker algebra in
// parameter space: with the layer's gradient as the matrix ∇W (M_l × (M_{l-1}+1)), the
// direction is −(B+μI)⁻¹ ∇W (A+λI)⁻¹, from dense solves with the explicit factors A and B
// (whose Kronecker form TestKFACStepEqualsDenseKronecker checks).
func kfacPrimalDirection64(net *tinynet.Net, x, y []float32, n int, grad []float64, rho float64) []float64 {
	s := net.Spec
	A, B := denseKFACFactors(net, x, y, n, tinynet.MSE)
	d := make([]float64, s.Params())
	for l := 1; l <= s.Layers(); l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		dA := in + 1
		var trA, trB float64
		for a := 0; a < dA; a++ {
			trA += A[l][a][a]
		}
		for a := 0; a < out; a++ {
			trB += B[l][a][a]
		}
		pi := math.Sqrt((trA / float64(dA)) / (trB / float64(out)))
		lam, mu := pi*math.Sqrt(rho), math.Sqrt(rho)/pi
		o := s.LayerOffset(l)
		idx := func(i, j int) int { // raw parameter of [W|b][i,j]
			if j == in {
				return o + out*in + i
			}
			return o + i*in + j
		}
		// Z = ∇W (A+λI)⁻¹, row by row (A is symmetric), then X = (B+μI)⁻¹ Z column by column
		Z := zeros(out, dA)
		for i := 0; i < out; i++ {
			g := make([]float64, dA)
			for j := range g {
				g[j] = grad[idx(i, j)]
			}
			Z[i] = denseSolve(A[l], lam, g)
		}
		for j := 0; j < dA; j++ {
			col := make([]float64, out)
			for i := range col {
				col[i] = Z[i][j]
			}
			xc := denseSolve(B[l], mu, col)
			for i := range xc {
				d[idx(i, j)] = -xc[i]
			}
		}
	}
	return d
}

// biasedUnitNormProblem is unitNormProblem with bias scale σ_b and N(0,1) biases (the
// paper's initialization of every raw parameter).
func biasedUnitNormProblem(widths []int, act simd.Activation, n int, sigmaB float32, seed uint64) (*tinynet.Net, []float32, []float32) {
	net, x, y := unitNormProblem(widths, act, n, seed)
	if sigmaB == 0 {
		return net, x, y
	}
	b := tinynet.New(tinynet.Spec{Widths: widths, Activation: act, SigmaW: net.Spec.SigmaW, SigmaB: sigmaB})
	copy(b.Params, net.Params)
	rng := rand.New(rand.NewPCG(seed, 5))
	for l := range b.B {
		for i := range b.B[l] {
			b.B[l][i] = float32(rng.NormFloat64())
		}
	}
	return b, x, y
}

// primalDirection64 returns −(G+ρI)⁻¹∇ℒ for the block methods from the explicit Fisher F
// (row-major P×P): G is F itself (exact), F masked to |l−l'| ≤ 1 (tridiag), or its diagonal
// blocks solved one by one (blockdiag, unitwise). It also returns the largest relative
// residual of the Krylov solves.
func primalDirection64(m Method, s tinynet.Spec, F, grad []float64, rho float64) ([]float64, float64) {
	P := s.Params()
	d := make([]float64, P)
	solve := func(G []float64, k int, b []float64) ([]float64, float64) {
		if simd.Dot64(b, b) == 0 {
			return make([]float64, k), 0
		}
		return krylovSolve(k, flatMatvec(G, k, rho), b, k)
	}
	switch m {
	case Exact, TriDiag:
		G := F
		if m == TriDiag {
			G = maskedFlat(F, P, denseMask(TriDiag, s))
		}
		x, res := solve(G, P, grad)
		for i := range d {
			d[i] = -x[i]
		}
		return d, res
	}
	var worst float64
	for _, blk := range paramBlocks(m, s) {
		k := len(blk)
		G := make([]float64, k*k)
		b := make([]float64, k)
		for i, p := range blk {
			b[i] = grad[p]
			for j, q := range blk {
				G[i*k+j] = F[p*P+q]
			}
		}
		x, res := solve(G, k, b)
		worst = math.Max(worst, res)
		for i, p := range blk {
			d[p] = -x[i]
		}
	}
	return d, worst
}

// blockOperator returns x ↦ Gx for the Gauss–Newton matrix G of MSE masked to a block method,
// matrix-free from the Jacobian columns JT (JT[p] = ∂f(X)/∂θ_p, length N) and the layer
// column blocks: G = JᵀJ/N (exact), blockdiag_l(J_lᵀJ_l)/N (blockdiag), and the blocks
// J_lᵀJ_{l'}/N with |l − l'| ≤ 1 (tridiag).
func blockOperator(m Method, JT [][]float64, layers [][]int) func(dst, x []float64) {
	n := len(JT[0])
	L := len(layers)
	u := make([]float64, n*L) // u[l*n+i] = (J_l x_l)_i / N
	v := make([]float64, n)
	return func(dst, x []float64) {
		for l, cols := range layers {
			ul := u[l*n : (l+1)*n]
			for i := range ul {
				ul[i] = 0
			}
			for _, p := range cols {
				if xp := x[p] / float64(n); xp != 0 {
					for i, jv := range JT[p] {
						ul[i] += jv * xp
					}
				}
			}
		}
		if m == Exact {
			for i := range v {
				v[i] = 0
				for l := 0; l < L; l++ {
					v[i] += u[l*n+i]
				}
			}
		}
		for l, cols := range layers {
			switch m {
			case BlockDiag:
				copy(v, u[l*n:(l+1)*n])
			case TriDiag:
				for i := range v {
					v[i] = u[l*n+i]
					if l > 0 {
						v[i] += u[(l-1)*n+i]
					}
					if l < L-1 {
						v[i] += u[(l+1)*n+i]
					}
				}
			}
			for _, p := range cols {
				dst[p] = simd.Dot64(JT[p], v)
			}
		}
	}
}

// columnsOf returns the columns of the row-major rows J.
func columnsOf(J [][]float64) [][]float64 {
	T := zeros(len(J[0]), len(J))
	for i, row := range J {
		for p, v := range row {
			T[p][i] = v
		}
	}
	return T
}

// kfacPinvDirection64 returns the undamped K-FAC direction −B_l⁺ ∇W_l A_{l-1}⁺ per layer in
// parameter space, with the pseudo-inverses of the explicit factors from their
// eigendecompositions.
func kfacPinvDirection64(net *tinynet.Net, x, y []float32, n int, grad []float64) []float64 {
	s := net.Spec
	A, B := denseKFACFactors(net, x, y, n, tinynet.MSE)
	d := make([]float64, s.Params())
	flat := func(m [][]float64) []float64 {
		out := make([]float64, 0, len(m)*len(m))
		for _, r := range m {
			out = append(out, r...)
		}
		return out
	}
	for l := 1; l <= s.Layers(); l++ {
		in, out := s.Widths[l-1], s.Widths[l]
		dA := in + 1
		o := s.LayerOffset(l)
		idx := func(i, j int) int {
			if j == in {
				return o + out*in + i
			}
			return o + i*in + j
		}
		Ap, Bp := pinvMatrix(flat(A[l]), dA), pinvMatrix(flat(B[l]), out)
		Z := zeros(out, dA) // ∇W A⁺
		for i := 0; i < out; i++ {
			for j := 0; j < dA; j++ {
				for k := 0; k < dA; k++ {
					Z[i][j] += grad[idx(i, k)] * Ap[k*dA+j]
				}
			}
		}
		for i := 0; i < out; i++ {
			for j := 0; j < dA; j++ {
				var acc float64
				for k := 0; k < out; k++ {
					acc += Bp[i*out+k] * Z[k][j]
				}
				d[idx(i, j)] = -acc
			}
		}
	}
	return d
}

// pinvMatrix returns the pseudo-inverse of the symmetric PSD k×k matrix S (row-major) from
// its eigendecomposition, dropping eigenvalues below 10⁻¹⁰ of the largest.
func pinvMatrix(S []float64, k int) []float64 {
	a := append([]float64(nil), S...)
	V, w := make([]float64, k*k), make([]float64, k)
	jacobiEigen(k, a, V, w)
	var wmax float64
	for _, e := range w {
		wmax = math.Max(wmax, e)
	}
	P := make([]float64, k*k)
	for c := 0; c < k; c++ {
		if w[c] <= 1e-10*wmax {
			continue
		}
		for r := 0; r < k; r++ {
			vr := V[r*k+c] / w[c]
			for q := 0; q < k; q++ {
				P[r*k+q] += vr * V[q*k+c]
			}
		}
	}
	return P
}

// rowGram returns the a×b matrix of dot products of the rows of U and V over the columns
// cols (all columns when cols is nil).
func rowGram(U, V [][]float64, cols []int) [][]float64 {
	G := zeros(len(U), len(V))
	for i := range U {
		for j := range V {
			var acc float64
			if cols == nil {
				acc = simd.Dot64(U[i], V[j])
			} else {
				for _, p := range cols {
					acc += U[i][p] * V[j][p]
				}
			}
			G[i][j] = acc
		}
	}
	return G
}

// kernelRegress returns Θ(x', X)·Θ(X, X)⁻¹·e for the cross kernel (a×N) and kernel (N×N).
func kernelRegress(cross, theta [][]float64, e []float64) []float64 {
	v := denseSolve(theta, 0, e)
	out := make([]float64, len(cross))
	for i := range cross {
		out[i] = simd.Dot64(cross[i], v)
	}
	return out
}

// crossProjector returns U_test Uᵀ (U Uᵀ)⁻¹ (a×N) for the rows U of the batch and U_test of
// the held-out points.
func crossProjector(Utest, U [][]float64) [][]float64 {
	gram := rowGram(U, U, nil)
	cross := rowGram(Utest, U, nil)
	n := len(U)
	out := zeros(len(Utest), n)
	for i := range cross {
		// row i of cross·gram⁻¹ = gram⁻¹·cross[i] (gram is symmetric)
		out[i] = denseSolve(gram, 0, cross[i])
	}
	return out
}
