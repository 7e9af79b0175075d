package core

import (
	"fmt"

	"github.com/edgetrain/edgetrain/core/internal/lapack"
	"github.com/edgetrain/edgetrain/fixedbuf"
)

// Layer-wise block-diagonal NGD: G = blockdiag_l(F_ll) with F_ll = J_lᵀΛ̃J_l. By the
// push-through identity each layer is one dual solve,
//
//	(Λ̃Θ_l + ρI) v_l = r̃,   d_l = −J_lᵀ v_l,
//
// with Θ_l = J_lJ_lᵀ the layer NTK. With ρ → 0 and every Θ_l invertible the function-space
// step is K = Σ_l Θ_lΘ_l⁻¹ = L·I, so α = L.
//
// The output layer's signals are unit vectors, so Θ_L = K_{L-1} ⊗ I_C with K_{L-1} the
// N×N input Gram of that layer; it is written from K directly (outputNTK). When Λ̃ = λI
// (plain MSE) its system factors as (K ⊗ I + (ρ/λ)I)⁻¹ = (K + (ρ/λ)I)⁻¹ ⊗ I: one N² Cholesky
// solved for the C columns of the residual instead of an (N·C)² one. Otherwise (cross-
// entropy, sample weights) Λ̃ mixes the outputs and the general (N·C)² system is solved.
// With Λ̃ = λI a hidden layer's system is symmetric positive definite: Θ_l is formed in its
// lower triangle only and factored in place (solveScalarLower).
type blockDiag struct {
	t     *Trainer
	theta []float64 // Θ_l, (Cap·C)²
	ds    dualSys
	v     []float64
	md    mixedDual
	nt    []float64 // with one output, ds.sys as the scratch of the fused NTK kernels
}

func newBlockDiag(t *Trainer) (fisherMethod, error) { return &blockDiag{t: t}, nil }

func (b *blockDiag) carve(c fixedbuf.Carver) {
	m := b.t.dualSize()
	b.theta = c.F64(m * m)
	b.nt = b.ds.carveNTK(c, b.t)
	b.v = c.F64(m)
	b.md.carve(c, b.t)
}

func (b *blockDiag) alpha() float64 { return float64(b.t.spec.Layers()) }

func (b *blockDiag) plan() string {
	return fmt.Sprintf("%d dual systems of %d (one per layer; the output layer's of %d with plain MSE)",
		b.t.spec.Layers(), b.t.dualSize(), b.t.cap)
}

// direction writes d = −(G_BD+ρI)⁻¹∇ℒ into t.dir.
func (b *blockDiag) direction() bool {
	t := b.t
	ws := t.ws
	L := t.spec.Layers()
	m := ws.Rows * t.spec.Outputs()
	th := b.theta[:m*m]
	clear(t.jd[:m])
	for l := 1; l <= L; l++ {
		if l == L && t.lamScal {
			if !b.outputMSE() {
				return false
			}
		} else if l < L && t.useMixed(&b.md, m) && b.hiddenMixed(l) {
			// v_l and −Θ_l v_l are written
		} else if l < L && t.lamScal {
			// Θ_l's lower triangle only, factored in place (solveScalarLower)
			if len(b.nt) > 0 {
				ws.LayerNTKLowerOne(l, th, m, b.nt, false)
			} else {
				for a := 0; a < m; a++ {
					clear(th[a*m : a*m+a+1])
				}
				ws.LayerNTKAddLower(l, th, m, b.ds.sys, b.v) // v is free until the solve
			}
			if !t.solveScalarLower(th, m, b.v, b.ds.sys) {
				return false
			}
		} else {
			if l == L {
				t.outputNTK(th, m, b.ds.sys, false) // K in the factor's buffer, free until the solve
			} else {
				ws.LayerNTK(l, th, m)
			}
			if !t.solveDual(&b.ds, th, m, b.v) {
				return false
			}
			negThetaTimes(t.jd, th, m, b.v, m)
		}
		t.vjpLayer(l, b.v)
	}
	// J·d = −Σ_l Θ_l v_l
	t.jdReady = true
	return true
}

// outputMSE solves the output layer's (K⊗I + (ρ/λ)I) v = e as (K + (ρ/λ)I)⁻¹ applied to
// each output column of e, into b.v (up to posvOne samples in one pass of lapack.DposvRows
// with the columns as rows). K + (ρ/λ)I is factored in the dual system's buffer
// (with one output in Θ's, the system's buffer then being the NTK kernel's scratch).
func (b *blockDiag) outputMSE() bool {
	t := b.t
	ws := t.ws
	n, C := ws.Rows, t.spec.Outputs()
	k := b.ds.sys[:n*n]
	if len(b.nt) > 0 {
		// K in Θ's buffer (one output: n×n), the factor's buffer the kernel's scratch
		k = b.theta[:n*n]
		ws.InputGramLowerT(t.spec.Layers(), k, n, b.nt, false)
	} else {
		ws.InputGramLower(t.spec.Layers(), k, n) // only the Cholesky factorization reads it
	}
	s := t.damping / t.lamScale
	for a := 0; a < n; a++ {
		k[a*n+a] += s
	}
	r := ws.R.Data[:n*C]
	if C == 1 && len(b.nt) > 0 && n <= posvOne {
		// one output: K sits in Θ's buffer, the system's buffer is Dposv's scratch
		v := b.v[:n]
		for a, e := range r {
			v[a] = float64(e)
		}
		if !lapack.Dposv(n, k, n, v, b.ds.sys) || !finite64(v) {
			return false
		}
		for a, x := range v {
			t.jd[a] -= float64(r[a]) - s*x // Θ_L v = K v = e − (ρ/λ)v
		}
		return true
	}
	if n <= posvOne {
		// The C output columns of e as the rows of a C×n block, factored and solved in
		// one pass (lapack.DposvRowsWork, its scratch in the system's buffer after K).
		// tmp is free until the step's J·d.
		rows, v := t.tmp[:n*C], b.v[:n*C]
		for c := 0; c < C; c++ {
			for a := 0; a < n; a++ {
				rows[c*n+a] = float64(r[a*C+c])
			}
		}
		if !lapack.DposvRowsWork(n, C, k, n, rows, n, b.ds.sys[n*n:]) {
			return false
		}
		for c := 0; c < C; c++ {
			for a, x := range rows[c*n : c*n+n] {
				v[a*C+c] = x
				// Θ_L v = (K⊗I)v = e − (ρ/λ)v
				t.jd[a*C+c] -= float64(r[a*C+c]) - s*x
			}
		}
		return finite64(v)
	}
	if !lapack.Dpotrf(n, k, n) {
		return false
	}
	col, v := t.tmp[:n], b.v[:n*C] // tmp is free until the step's J·d
	for c := 0; c < C; c++ {
		for a := 0; a < n; a++ {
			col[a] = float64(ws.R.Data[a*C+c])
		}
		lapack.Dpotrs(n, k, n, col)
		for a := 0; a < n; a++ {
			v[a*C+c] = col[a]
			// Θ_L v = (K⊗I)v = e − (ρ/λ)v
			t.jd[a*C+c] -= float64(ws.R.Data[a*C+c]) - s*col[a]
		}
	}
	return finite64(v)
}

// hiddenMixed solves the hidden layer l's system through the mixed-precision solve
// (dualmixed.go) into b.v and subtracts Θ_l v_l from J·d; false means the float32 factor
// failed or refinement stalled, and nothing was written.
func (b *blockDiag) hiddenMixed(l int) bool {
	t := b.t
	md := &b.md
	md.inputGrams(t, l, l)
	md.addLayer(t, l, true)
	return md.solve(t, l, l, b.v)
}
