package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// forEachPath runs f once per path this build and CPU can run, with that path forced,
// and restores the detected path afterwards.
func forEachPath(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, p := range Available() {
		t.Run("impl="+p, func(t *testing.T) {
			require.NoError(t, Force(p))
			defer func() { _ = Force("auto") }()
			require.Equal(t, p, Path())
			f(t)
		})
	}
}

const (
	eps32 = 1.2e-7 // a little above float32 unit roundoff
	eps64 = 2.3e-16
	guard = 11 // elements of guard band before and after each operand
)

var nan32 = float32(math.NaN())

// mat32 is a row-major operand placed at an offset inside a larger backing slice whose
// guard bands and stride gaps hold NaN, so that a kernel which reads them produces NaN
// and one that writes them is caught.
type mat32 struct {
	back            []float32 // guard, operand, guard
	orig            []float32 // back before the kernel ran
	active          []bool    // which elements of back belong to the operand
	off, rows, cols int
	ld, need        int
}

func newMat32(rng *rand.Rand, rows, cols, ld, off int, nanActive bool) *mat32 {
	ld = max(ld, 1)
	need := 0
	if rows > 0 { // BLAS-style length, also when cols == 0 (the generic twins slice rows then)
		need = (rows-1)*ld + cols
	}
	m := &mat32{off: off, rows: rows, cols: cols, ld: ld, need: need}
	m.back = make([]float32, off+need+guard)
	m.active = make([]bool, len(m.back))
	for i := range m.back {
		m.back[i] = nan32
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			p := off + i*ld + j
			m.active[p] = true
			if nanActive {
				m.back[p] = nan32
			} else {
				m.back[p] = rng.Float32()*2 - 1
			}
		}
	}
	m.orig = append([]float32(nil), m.back...)
	return m
}

// s returns the operand slice handed to the kernel: exactly the elements a caller owns.
func (m *mat32) s() []float32 { return m.back[m.off : m.off+m.need] }

func (m *mat32) clone() *mat32 {
	c := *m
	c.back = append([]float32(nil), m.back...)
	return &c
}

// abs returns a copy with every active element replaced by its magnitude (NaN stays NaN).
func (m *mat32) abs() *mat32 {
	c := m.clone()
	for i, v := range c.back {
		if m.active[i] {
			c.back[i] = float32(math.Abs(float64(v)))
		}
	}
	return c
}

// vec32 is a vector operand: a 1×n matrix.
func newVec32(rng *rand.Rand, n, off int, nanActive bool) *mat32 {
	return newMat32(rng, 1, n, max(n, 1), off, nanActive)
}

// onFastPath reports whether the forced path is a fast one. On the generic path the
// kernel entry points call the twins themselves (on 32-bit ARM, the tuned Go loops of
// tuned_arm.go and act.go), so a "matches the twin" check there would compare the twin
// with itself. The tests below therefore check every path against a float64 reference
// written in the test, and the fast paths also against the twin.
func onFastPath() bool { return Path() != PathGeneric }

// mismatch describes the first active element of got farther than tol·bound from want,
// or the first element outside the operand that changed; "" when there is none. The
// bound is the magnitude of the terms (for a sum, the sum of their absolute values), so
// the tolerance scales with the data: a kernel that returns 0 fails at any scale.
func mismatch(got, want, bound *mat32, tol float64) string {
	for i := range got.back {
		g := got.back[i]
		if !got.active[i] {
			if math.Float32bits(g) != math.Float32bits(got.orig[i]) {
				return fmt.Sprintf("element %d outside the operand changed: %v -> %v", i-got.off, got.orig[i], g)
			}
			continue
		}
		w, b := float64(want.back[i]), float64(bound.back[i])
		if d := math.Abs(float64(g) - w); !(d <= tol*b) {
			r, c := (i-got.off)/got.ld, (i-got.off)%got.ld
			return fmt.Sprintf("[%d,%d] = %v, want %v (diff %g, allowed %g)", r, c, g, w, d, tol*b)
		}
	}
	return ""
}

// checkAgainst asserts that got matches want within tol·bound on active elements and
// that every other element of got's backing slice is bit-for-bit unchanged.
func checkAgainst(t *testing.T, ctx string, got, want, bound *mat32, tol float64) bool {
	t.Helper()
	if msg := mismatch(got, want, bound, tol); msg != "" {
		t.Errorf("%s: %s", ctx, msg)
		return false
	}
	return true
}

// at returns element (r, c) of the operand in float64.
func (m *mat32) at(r, c int) float64 { return float64(m.back[m.off+r*m.ld+c]) }

// set stores v at element (r, c), rounded to float32.
func (m *mat32) set(r, c int, v float64) { m.back[m.off+r*m.ld+c] = float32(v) }

// scale multiplies every active element by s.
func (m *mat32) scale(s float32) {
	for i := range m.back {
		if m.active[i] {
			m.back[i] *= s
		}
	}
	m.orig = append(m.orig[:0], m.back...)
}

var (
	ldExtra = []int{0, 1, 3, 8, 5}
	alphas  = []float32{1, -1.5, 0.25}
	betas   = []float32{0, 1, -0.5}
)

type shape struct{ m, n, k int }

// gemmShapes lists the shapes the matrix kernels are checked on: every size 0..70 along
// each dimension against small and odd partners, cubes, and a few large ones.
func gemmShapes() []shape {
	var s []shape
	for i := 0; i <= 70; i++ {
		s = append(s, shape{i, i, i}, shape{i, 1 + i%7, 3 + i%5}, shape{7 + i%3, i, 1 + i%11},
			shape{3 + i%5, 9 + i%4, i}, shape{1, i, 17}, shape{i, 1, 9})
	}
	s = append(s, shape{257, 40, 33}, shape{33, 257, 20}, shape{20, 33, 257}, shape{128, 128, 128},
		shape{6, 16, 1000}, shape{100, 70, 2})
	if !testing.Short() {
		s = append(s, shape{257, 257, 257})
	}
	return s
}

func vecLens() []int {
	var n []int
	for i := 0; i <= 70; i++ {
		n = append(n, i)
	}
	return append(n, 127, 128, 129, 257, 1000, 4099)
}

func TestForce(t *testing.T) {
	assert.ErrorIs(t, Force("nonexistent"), ErrUnavailable)
	for _, p := range Available() {
		require.NoError(t, Force(p))
		assert.Equal(t, p, Path())
	}
	require.NoError(t, Force("auto"))
	assert.Equal(t, Detected(), Path())
	assert.Equal(t, PathGeneric, Available()[0])
	for _, p := range []string{PathAVX2, PathAVX512, PathNEON} {
		if !supports(p) {
			assert.ErrorIs(t, Force(p), ErrUnavailable, p)
		}
	}
	require.NoError(t, Force("auto"))
}

func TestAxpyMatchesTwinAndFloat64(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for idx, n := range vecLens() {
			alpha := alphas[idx%3]
			x := newVec32(rng, n, idx%8, false)
			y := newVec32(rng, n, (idx*5+3)%8, false)
			got := y.clone()
			Axpy(alpha, x.s(), got.s())
			ref, bound := y.clone(), y.clone()
			for i := 0; i < n; i++ {
				ax := float64(alpha) * x.at(0, i)
				ref.set(0, i, y.at(0, i)+ax)
				bound.set(0, i, math.Abs(y.at(0, i))+math.Abs(ax))
			}
			ctx := fmt.Sprintf("Axpy n=%d", n)
			if !checkAgainst(t, ctx+" vs float64", got, ref, bound, 4*eps32) {
				return
			}
			if onFastPath() {
				want := y.clone()
				axpyGeneric(alpha, x.s(), want.s())
				if !checkAgainst(t, ctx+" vs twin", got, want, bound, 4*eps32) {
					return
				}
			}
		}
	})
}

func TestHadamardMatchesTwinAndFloat64(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for idx, n := range vecLens() {
			x := newVec32(rng, n, idx%8, false)
			y := newVec32(rng, n, (idx+5)%8, false)
			d := newVec32(rng, n, (idx*7+1)%8, true)
			ref, bound := d.clone(), d.clone()
			for i := 0; i < n; i++ {
				ref.set(0, i, x.at(0, i)*y.at(0, i))
				bound.set(0, i, math.Abs(x.at(0, i)*y.at(0, i)))
			}
			got := d.clone()
			Hadamard(got.s(), x.s(), y.s())
			if !checkAgainst(t, fmt.Sprintf("Hadamard n=%d vs float64", n), got, ref, bound, 2*eps32) {
				return
			}
			if onFastPath() {
				want := d.clone()
				hadamardGeneric(want.s(), x.s(), y.s())
				if !checkAgainst(t, fmt.Sprintf("Hadamard n=%d vs twin", n), got, want, bound, 2*eps32) {
					return
				}
			}
			// In place: dst aliases x.
			got = x.clone()
			Hadamard(got.s(), got.s(), y.s())
			inPlace := x.clone()
			for i := 0; i < n; i++ {
				inPlace.set(0, i, x.at(0, i)*y.at(0, i))
			}
			bx := x.clone()
			for i := 0; i < n; i++ {
				bx.set(0, i, math.Abs(x.at(0, i)*y.at(0, i)))
			}
			if !checkAgainst(t, fmt.Sprintf("Hadamard in place n=%d", n), got, inPlace, bx, 2*eps32) {
				return
			}
		}
	})
}

type gemmKind int

const (
	kindNN gemmKind = iota
	kindNT
	kindTN
)

func (k gemmKind) String() string { return [...]string{"GemmNN", "GemmNT", "GemmTN"}[k] }

func TestGemmNNMatchesTwinAndFloat64(t *testing.T) { testGemm(t, kindNN) }
func TestGemmNTMatchesTwinAndFloat64(t *testing.T) { testGemm(t, kindNT) }
func TestGemmTNMatchesTwinAndFloat64(t *testing.T) { testGemm(t, kindTN) }

// gemmOperands returns A, B and C for an m×n×k problem of the given kind with strided
// operands at odd offsets; C is NaN when beta == 0 (it must not be read then).
func gemmOperands(rng *rand.Rand, kind gemmKind, idx, m, n, k int, beta float32) (a, b, c *mat32) {
	ar, ac := m, k
	br, bc := k, n
	switch kind {
	case kindNT:
		br, bc = n, k
	case kindTN:
		ar, ac = k, m
	}
	a = newMat32(rng, ar, ac, ac+ldExtra[idx%5], idx%8, false)
	b = newMat32(rng, br, bc, bc+ldExtra[(idx+2)%5], (idx*3+1)%8, false)
	c = newMat32(rng, m, n, n+ldExtra[(idx+4)%5], (idx*5+2)%8, beta == 0)
	return a, b, c
}

// refGemm returns alpha·op(A)·op(B) + beta·C summed in float64 (rounded to float32 at
// the end) and the bound |alpha|·Σ_p |op(A)[i,p]·op(B)[p,j]| + |beta·C[i,j]|.
func refGemm(kind gemmKind, m, n, k int, alpha float32, a, b *mat32, beta float32, c *mat32) (ref, bound *mat32) {
	opA := func(i, p int) float64 {
		if kind == kindTN {
			return a.at(p, i)
		}
		return a.at(i, p)
	}
	opB := func(p, j int) float64 {
		if kind == kindNT {
			return b.at(j, p)
		}
		return b.at(p, j)
	}
	ref, bound = c.clone(), c.clone()
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s, sa float64
			for p := 0; p < k; p++ {
				v := opA(i, p) * opB(p, j)
				s += v
				sa += math.Abs(v)
			}
			r, rb := float64(alpha)*s, math.Abs(float64(alpha))*sa
			if beta != 0 {
				r += float64(beta) * c.at(i, j)
				rb += math.Abs(float64(beta) * c.at(i, j))
			}
			ref.set(i, j, r)
			bound.set(i, j, rb)
		}
	}
	return ref, bound
}

func runGemm(kind gemmKind, twin bool, m, n, k int, alpha float32, a, b *mat32, beta float32, c *mat32) {
	f := map[gemmKind][2]func(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int){
		kindNN: {GemmNN, gemmNNGeneric},
		kindNT: {GemmNT, gemmNTGeneric},
		kindTN: {GemmTN, gemmTNGeneric},
	}[kind]
	i := 0
	if twin {
		i = 1
	}
	f[i](m, n, k, alpha, a.s(), a.ld, b.s(), b.ld, beta, c.s(), c.ld)
}

func testGemm(t *testing.T, kind gemmKind) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(15, uint64(kind)))
		for idx, sh := range gemmShapes() {
			m, n, k := sh.m, sh.n, sh.k
			alpha, beta := alphas[(idx/3)%3], betas[idx%3]
			a, b, c := gemmOperands(rng, kind, idx, m, n, k, beta)
			got := c.clone()
			runGemm(kind, false, m, n, k, alpha, a, b, beta, got)
			ref, bound := refGemm(kind, m, n, k, alpha, a, b, beta, c)
			ctx := fmt.Sprintf("%v m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%v beta=%v",
				kind, m, n, k, a.ld, b.ld, c.ld, alpha, beta)
			if !checkAgainst(t, ctx+" vs float64", got, ref, bound, float64(k+4)*eps32) {
				return
			}
			if onFastPath() {
				want := c.clone()
				runGemm(kind, true, m, n, k, alpha, a, b, beta, want)
				if !checkAgainst(t, ctx+" vs twin", got, want, bound, float64(k+4)*eps32) {
					return
				}
			}
		}
	})
}

func TestGram64MatchesTwinAndFloat64(t *testing.T)  { testGram64(t, false) }
func TestGramT64MatchesTwinAndFloat64(t *testing.T) { testGram64(t, true) }

func testGram64(t *testing.T, trans bool) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(19, 20))
		for idx, sh := range gemmShapes() {
			n, k := sh.m, sh.k
			if idx%2 == 1 {
				n, k = sh.n, sh.m
			}
			a := newMat32(rng, n, k, k+ldExtra[idx%5], idx%8, false)
			dim, sum := n, k
			if trans {
				dim, sum = k, n
			}
			// elem(i, p) is the p-th term's factor of row i of the Gram (a row of A, or a column).
			elem := func(i, p int) float64 { return a.at(i, p) }
			if trans {
				elem = func(i, p int) float64 { return a.at(p, i) }
			}
			ldc := dim + ldExtra[(idx+4)%5]
			off := (idx*5 + 2) % 8
			size := off + guard
			if dim > 0 {
				size += (dim-1)*ldc + dim
			}
			ldc = max(ldc, 1)
			back := make([]float64, size)
			for i := range back {
				back[i] = math.NaN()
			}
			twin := append([]float64(nil), back...)
			cs := func(b []float64) []float64 { return b[off : size-guard] }
			if trans {
				GramT64(n, k, a.s(), a.ld, cs(back), ldc)
				gramT64Generic(n, k, a.s(), a.ld, cs(twin), ldc)
			} else {
				Gram64(n, k, a.s(), a.ld, cs(back), ldc)
				gram64Generic(n, k, a.s(), a.ld, cs(twin), ldc)
			}
			tol := float64(sum+4) * eps64
			for i := range back {
				r, c := (i-off)/ldc, (i-off)%ldc
				if i < off || r >= dim || c >= dim || c < 0 {
					if !math.IsNaN(back[i]) {
						t.Fatalf("Gram n=%d k=%d trans=%v: element %d outside C changed", n, k, trans, i-off)
					}
					continue
				}
				var ref, bound float64
				for p := 0; p < sum; p++ {
					v := elem(r, p) * elem(c, p)
					ref += v
					bound += math.Abs(v)
				}
				if d := math.Abs(back[i] - ref); !(d <= tol*bound) {
					t.Fatalf("Gram n=%d k=%d trans=%v: [%d,%d] = %v, float64 reference %v", n, k, trans, r, c, back[i], ref)
				}
				if d := math.Abs(back[i] - twin[i]); onFastPath() && !(d <= tol*bound) {
					t.Fatalf("Gram n=%d k=%d trans=%v: [%d,%d] = %v, twin %v", n, k, trans, r, c, back[i], twin[i])
				}
				if j := off + c*ldc + r; back[i] != back[j] {
					t.Fatalf("Gram n=%d k=%d trans=%v: not symmetric at [%d,%d]", n, k, trans, r, c)
				}
			}
		}
	})
}

// syrkLower64Bound returns |c[i,j]| + |alpha|·Σ_p |a[i,p]·a[j,p]| for the lower triangle.
func syrkLower64Bound(n, k int, alpha float64, a []float64, lda int, c []float64, ldc int) []float64 {
	b := make([]float64, len(c))
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for p := 0; p < k; p++ {
				s += math.Abs(a[i*lda+p] * a[j*lda+p])
			}
			b[i*ldc+j] = math.Abs(c[i*ldc+j]) + math.Abs(alpha)*s
		}
	}
	return b
}

// TestSyrkLower64MatchesGeneric compares with the twin on every path: no path runs the
// twin itself (the generic path runs the register-blocked syrkLower64Go).
func TestSyrkLower64MatchesGeneric(t *testing.T) {
	type sk struct{ n, k int }
	var shapes []sk
	for i := 0; i <= 70; i++ {
		shapes = append(shapes, sk{i, i}, sk{i, 1 + i%9}, sk{i, 64}, sk{3 + i%5, i})
	}
	shapes = append(shapes, sk{257, 64}, sk{130, 97})
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(29, 30))
		for idx, sh := range shapes {
			n, k := sh.n, sh.k
			lda, ldc := k+ldExtra[idx%5], n+ldExtra[(idx+2)%5]
			lda, ldc = max(lda, 1), max(ldc, 1)
			off := idx % 8
			na, nc := 0, 0
			if n > 0 {
				na, nc = (n-1)*lda+k, (n-1)*ldc+n
			}
			a := make([]float64, off+na+guard)
			for i := range a {
				a[i] = rng.Float64()*2 - 1
			}
			c := make([]float64, off+nc+guard)
			for i := range c {
				c[i] = math.NaN() // guards, stride gaps and the strict upper triangle
			}
			for i := 0; i < n; i++ {
				for j := 0; j <= i; j++ {
					c[off+i*ldc+j] = rng.Float64()*2 - 1
				}
			}
			alpha := []float64{-1, 1, 0.5}[idx%3]
			got, want := append([]float64(nil), c...), append([]float64(nil), c...)
			SyrkLower64(n, k, alpha, a[off:off+na], lda, got[off:off+nc], ldc)
			syrkLower64Generic(n, k, alpha, a[off:off+na], lda, want[off:off+nc], ldc)
			bound := syrkLower64Bound(n, k, alpha, a[off:off+na], lda, c[off:off+nc], ldc)
			for i := range got {
				if math.IsNaN(want[i]) {
					if !math.IsNaN(got[i]) {
						t.Fatalf("n=%d k=%d: element %d outside the lower triangle changed", n, k, i-off)
					}
					continue
				}
				if d := math.Abs(got[i] - want[i]); !(d <= float64(k+4)*eps64*bound[i-off]) {
					t.Fatalf("n=%d k=%d: element %d = %v, want %v", n, k, i-off, got[i], want[i])
				}
			}
		}
	})
	t.Run("impl=fastgo", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(31, 32))
		for _, sh := range shapes {
			n, k := sh.n, sh.k
			a := make([]float64, n*k)
			for i := range a {
				a[i] = rng.Float64()*2 - 1
			}
			got, want := make([]float64, n*n), make([]float64, n*n)
			for i := 0; i < n; i++ {
				for j := i + 1; j < n; j++ {
					got[i*n+j], want[i*n+j] = math.NaN(), math.NaN()
				}
			}
			syrkLower64Go(n, k, -1, a, max(k, 1), got, max(n, 1))
			syrkLower64Generic(n, k, -1, a, max(k, 1), want, max(n, 1))
			bound := syrkLower64Bound(n, k, -1, a, max(k, 1), make([]float64, n*n), max(n, 1))
			for i := range got {
				if !(math.Abs(got[i]-want[i]) <= float64(k+4)*eps64*bound[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
					t.Fatalf("n=%d k=%d: element %d = %v, want %v", n, k, i, got[i], want[i])
				}
			}
		}
	})
}

var activations = []Activation{Identity, Tanh, ReLU, Sigmoid}

// actInputs spans the saturated tails, the origin and exact zeros.
func actInputs(rng *rand.Rand, n, off int) *mat32 {
	x := newVec32(rng, n, off, false)
	for i := 0; i < n; i++ {
		v := (rng.Float32()*2 - 1) * 12
		switch i % 7 {
		case 3:
			v /= 100
		case 5:
			v = 0
		}
		x.back[off+i] = v
	}
	x.orig = append([]float32(nil), x.back...)
	return x
}

// actTol is the relative error the fast tanh and sigmoid are held to: 6 float32 units
// of 2⁻²⁴ (measured worst over actAccuracyInputs: tanh 1.2e-7, sigmoid 2.4e-7 relative
// to the twin, which itself rounds the float64 value once).
const actTol = 6 * 0x1p-24

// actRef returns φ(x) in float64 by formulas other than the twin's: tanh through expm1
// (no cancellation near 0), sigmoid through exp of −|x|.
func actRef(act Activation, x float64) float64 {
	switch act {
	case Identity:
		return x
	case ReLU:
		return max(x, 0)
	case Tanh:
		if math.IsInf(x, 0) {
			return math.Copysign(1, x)
		}
		e := math.Expm1(-2 * math.Abs(x)) // tanh|x| = −expm1(−2|x|)/(2 + expm1(−2|x|))
		return math.Copysign(-e/(2+e), x)
	case Sigmoid:
		e := math.Exp(-math.Abs(x))
		if x < 0 {
			return e / (1 + e)
		}
		return 1 / (1 + e)
	}
	panic("unknown activation")
}

// actMismatch describes the first i where got[i] is not within actTol·|want(i)| of
// want(i), or "" when there is none. NaN must match NaN. Below −sigmoidClamp the fast
// sigmoid returns sigmoid(−sigmoidClamp) ≈ 1.8e-35 (documented in act.go), so there
// got must lie in [0, sigmoid(−sigmoidClamp)].
func actMismatch(act Activation, src, got []float32, want func(i int) float64) string {
	floor := actRef(Sigmoid, -sigmoidClamp) * (1 + actTol)
	for i, x := range src {
		g, w := float64(got[i]), want(i)
		if math.IsNaN(w) || math.IsNaN(g) {
			if math.IsNaN(w) != math.IsNaN(g) {
				return fmt.Sprintf("%v(%v) = %v, want %v", act, x, g, w)
			}
			continue
		}
		if act == Sigmoid && x < -sigmoidClamp {
			if !(g >= 0 && g <= floor) {
				return fmt.Sprintf("%v(%v) = %v, want a value in [0, %g]", act, x, g, floor)
			}
			continue
		}
		if d := math.Abs(g - w); !(d <= actTol*math.Abs(w)) {
			return fmt.Sprintf("%v(%v) = %v, want %v (diff %g, allowed %g)", act, x, g, w, d, actTol*math.Abs(w))
		}
	}
	return ""
}

func TestActForwardMatchesTwinAndFloat64(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(21, 22))
		for _, act := range activations {
			for idx, n := range vecLens() {
				src := actInputs(rng, n, idx%8)
				dst := newVec32(rng, n, (idx*3+5)%8, true)
				got, ref, bound := dst.clone(), dst.clone(), dst.clone()
				ActForward(act, got.s(), src.s())
				for i := 0; i < n; i++ {
					v := actRef(act, src.at(0, i))
					ref.set(0, i, v)
					bound.set(0, i, math.Abs(v))
				}
				// Relative error actTol (the fast tanh and sigmoid of act.go), plus the
				// rounding of the reference to float32.
				ctx := fmt.Sprintf("ActForward %v n=%d", act, n)
				if !checkAgainst(t, ctx+" vs float64", got, ref, bound, actTol+0x1p-24) {
					return
				}
				if onFastPath() {
					want := dst.clone()
					actForwardGeneric(act, want.s(), src.s())
					if !checkAgainst(t, ctx+" vs twin", got, want, bound, actTol+0x1p-24) {
						return
					}
				}
				inPlace := src.clone()
				ActForward(act, inPlace.s(), inPlace.s())
				for i := 0; i < n; i++ {
					if a, b := inPlace.back[src.off+i], got.back[got.off+i]; math.Float32bits(a) != math.Float32bits(b) {
						t.Fatalf("%s in place: element %d = %v, out of place %v", ctx, i, a, b)
					}
				}
			}
		}
	})
}

// actEdgeInputs are the values a fast tanh or sigmoid gets wrong first: signed zeros,
// subnormals, the switch points of act.go, the clamps, huge magnitudes and infinities.
func actEdgeInputs() []float32 {
	inf := float32(math.Inf(1))
	v := []float32{0, float32(math.Copysign(0, -1)), 1e-45, 1e-38, 1e-20, 1e-7, 1e-3,
		0.5, 0.6249999, tanhSmall, 0.6250001, 1, 2, 8.999999, tanhClamp, 9.000001, 15, 20,
		79.99999, sigmoidClamp, 80.00001, 87, 88, 89, 100, 1e4, 1e30, math.MaxFloat32, inf}
	for _, x := range v[:len(v):len(v)] {
		v = append(v, -x)
	}
	return v
}

// actAccuracyInputs returns the edge values followed by n seeded random ones, half
// uniform on [−20, 20] and half log-uniform in magnitude over [1e-26, 1e9].
func actAccuracyInputs(n int) []float32 {
	rng := rand.New(rand.NewPCG(27, 28))
	v := actEdgeInputs()
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			v = append(v, (rng.Float32()*2-1)*20)
			continue
		}
		x := float32(math.Exp(rng.Float64()*80 - 60))
		if i%4 == 1 {
			x = -x
		}
		v = append(v, x)
	}
	return v
}

// checkActWithin asserts that got is within actTol relative of the float64 twin (on the
// generic path, where ActForward may be the twin itself, of actRef), NaN for NaN.
func checkActWithin(t *testing.T, act Activation, src, got []float32, twin bool) {
	t.Helper()
	want := func(i int) float64 { return actRef(act, float64(src[i])) }
	if twin {
		w := make([]float32, len(src))
		actForwardGeneric(act, w, src)
		want = func(i int) float64 { return float64(w[i]) }
	}
	if msg := actMismatch(act, src, got, want); msg != "" {
		t.Fatal(msg)
	}
}

func TestTanhSigmoidWithinActTolOfTwin(t *testing.T) {
	n := 1 << 20
	if testing.Short() {
		n = 1 << 16
	}
	src := actAccuracyInputs(n)
	src = append(src, float32(math.NaN()), 3, float32(math.NaN())) // NaN inside a block and in the tail
	got := make([]float32, len(src))
	t.Run("impl=fastgo", func(t *testing.T) {
		for _, act := range []Activation{Tanh, Sigmoid} {
			actForwardFast(act, got, src)
			checkActWithin(t, act, src, got, true)
			checkActWithin(t, act, src, got, false)
		}
	})
	forEachPath(t, func(t *testing.T) {
		for _, act := range []Activation{Tanh, Sigmoid} {
			ActForward(act, got, src)
			checkActWithin(t, act, src, got, onFastPath())
			// Each element alone: the tail code must agree with the block code.
			for i := 0; i < 200; i++ {
				ActForward(act, got[i:i+1], src[i:i+1])
			}
			checkActWithin(t, act, src[:200], got[:200], onFastPath())
		}
	})
}

func TestTanhIsOddAndSigmoidSymmetric(t *testing.T) {
	src := actAccuracyInputs(4096)
	neg := make([]float32, len(src))
	for i, x := range src {
		neg[i] = -x
	}
	a, b := make([]float32, len(src)), make([]float32, len(src))
	forEachPath(t, func(t *testing.T) {
		ActForward(Tanh, a, src)
		ActForward(Tanh, b, neg)
		for i := range src {
			require.Equal(t, math.Float32bits(a[i]), math.Float32bits(-b[i]), "tanh(%v) vs tanh(%v)", src[i], neg[i])
		}
		ActForward(Sigmoid, a, src)
		ActForward(Sigmoid, b, neg)
		for i := range src {
			require.InDelta(t, 1, float64(a[i])+float64(b[i]), 2e-7, "sigmoid(%v) + sigmoid(%v)", src[i], neg[i])
		}
	})
}

// TestActDerivIsTheDerivative checks ActDeriv against φ' evaluated in float64 at pre (1/cosh²
// for tanh, from exp for sigmoid), given post = φ(pre) in float32 as the layers pass it.
// The float32 result 1 − h² (or h·(1 − h)) can do no better than a few roundings of the
// terms 1 and h² (h and h²), so the tolerance is relative to their magnitudes. ActDeriv
// has no fast path: every path runs the twin, so this test is not a comparison with it.
func TestActDerivIsTheDerivative(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(23, 24))
		for _, act := range activations {
			for idx, n := range vecLens() {
				pre := actInputs(rng, n, idx%8)
				post := newVec32(rng, n, (idx+1)%8, false)
				actForwardGeneric(act, post.s(), pre.s())
				dst := newVec32(rng, n, (idx*3+5)%8, true)
				got, ref, bound := dst.clone(), dst.clone(), dst.clone()
				ActDeriv(act, got.s(), pre.s(), post.s())
				for i := 0; i < n; i++ {
					x, h := pre.at(0, i), post.at(0, i)
					var d, terms float64
					switch act {
					case Identity:
						d, terms = 1, 1
					case ReLU:
						if x > 0 {
							d = 1
						}
						terms = 1
					case Tanh:
						c := math.Cosh(x)
						d, terms = 1/(c*c), 1+h*h
					case Sigmoid:
						s := actRef(Sigmoid, x)
						d, terms = s*(1-s), math.Abs(h)*(1+math.Abs(h))
					}
					ref.set(0, i, d)
					bound.set(0, i, terms)
				}
				if !checkAgainst(t, fmt.Sprintf("ActDeriv %v n=%d", act, n), got, ref, bound, 8*0x1p-24) {
					return
				}
			}
		}
	})
}

func TestKernelsDoNotAllocate(t *testing.T) {
	const n = 67
	rng := rand.New(rand.NewPCG(25, 26))
	r := func(size int) []float32 {
		s := make([]float32, size)
		for i := range s {
			s[i] = rng.Float32()
		}
		return s
	}
	a, b, c := r(n*n), r(n*n), r(n*n)
	x, y := r(n), r(n)
	c64 := make([]float64, n*n)
	forEachPath(t, func(t *testing.T) {
		cases := []struct {
			name string
			f    func()
		}{
			{"Axpy", func() { Axpy(0.5, x, y) }},
			{"Hadamard", func() { Hadamard(y, x, y) }},
			{"GemmNN", func() { GemmNN(n, n, n, 1, a, n, b, n, 0.5, c, n) }},
			{"GemmNT", func() { GemmNT(n, n, n, 1, a, n, b, n, 0.5, c, n) }},
			{"GemmTN", func() { GemmTN(n, n, n, 1, a, n, b, n, 0.5, c, n) }},
			{"Gram64", func() { Gram64(n, n, a, n, c64, n) }},
			{"GramT64", func() { GramT64(n, n, a, n, c64, n) }},
			{"SyrkLower64", func() { SyrkLower64(n/2, n/2, -1, c64, n/2, c64[n*n/2:], n/2) }},
			{"ColSum", func() { ColSum(n, n, 0.5, a, n, y) }},
		}
		for _, act := range activations {
			cases = append(cases,
				struct {
					name string
					f    func()
				}{"ActForward/" + act.String(), func() { ActForward(act, y, x) }},
				struct {
					name string
					f    func()
				}{"ActDeriv/" + act.String(), func() { ActDeriv(act, y, x, x) }},
				struct {
					name string
					f    func()
				}{"BiasAct/" + act.String(), func() { BiasAct(act, 3, 13, 0.5, x, c, a, b) }})
		}
		for _, tc := range cases {
			assert.Zero(t, testing.AllocsPerRun(20, tc.f), tc.name)
		}
	})
}

func TestMisusePanics(t *testing.T) {
	a := make([]float32, 12)
	assert.PanicsWithValue(t, "simd: vector slice too short", func() { Axpy(1, a, a[:3]) })
	assert.PanicsWithValue(t, "simd: bad leading dimension", func() { GemmNN(3, 4, 4, 1, a, 3, a, 4, 0, a, 4) })
	assert.PanicsWithValue(t, "simd: matrix slice too short", func() { GemmNT(4, 4, 4, 1, a, 4, a, 4, 0, a, 4) })
	assert.PanicsWithValue(t, "simd: negative dimension", func() { GemmNT(-1, 2, 2, 1, a, 2, a, 2, 0, a, 2) })
	assert.PanicsWithValue(t, "simd: matrix slice too short", func() { Gram64(4, 3, a, 3, make([]float64, 15), 4) })
	assert.PanicsWithValue(t, "simd: matrix slice too short", func() { SyrkLower64(4, 4, -1, make([]float64, 15), 4, make([]float64, 16), 4) })
	assert.PanicsWithValue(t, "simd: bad leading dimension", func() { SyrkLower64(4, 4, -1, make([]float64, 16), 3, make([]float64, 16), 4) })
	assert.PanicsWithValue(t, "simd: vector slice too short", func() { BiasAct(Tanh, 3, 4, 1, a, a[:11], nil, nil) })
	assert.PanicsWithValue(t, "simd: vector slice too short", func() { BiasAct(Tanh, 3, 4, 1, a[:3], a, nil, nil) })
	assert.PanicsWithValue(t, "simd: matrix slice too short", func() { ColSum(3, 4, 1, a[:11], 4, a) })
	assert.PanicsWithValue(t, "simd: vector slice too short", func() { ColSum(3, 4, 1, a, 4, a[:3]) })
	assert.PanicsWithValue(t, "simd: BiasAct derivative without activation output", func() { BiasAct(Tanh, 3, 4, 0, nil, a, nil, a) })
}

func TestDot64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(41, 42))
		for idx, n := range vecLens() {
			off := idx % 8
			x := make([]float64, off+n)
			y := make([]float64, off+n+idx%3)
			for i := range x {
				x[i] = rng.Float64()*2 - 1
			}
			for i := range y {
				y[i] = rng.Float64()*2 - 1
			}
			got := Dot64(x[off:], y[off:])
			want := dot64Generic(x[off:], y[off:off+n])
			if !dot64Within(got, want, x[off:], y[off:off+n]) {
				t.Fatalf("n=%d: Dot64 = %v, want %v", n, got, want)
			}
		}
		x := make([]float64, 100)
		assert.Zero(t, testing.AllocsPerRun(20, func() { _ = Dot64(x, x) }))
	})
}

// dot64Within reports whether got is within (n+4)·2⁻⁵² of want relative to Σ|x[i]·y[i]|.
func dot64Within(got, want float64, x, y []float64) bool {
	var bound float64
	for i := range x {
		bound += math.Abs(x[i] * y[i])
	}
	return math.Abs(got-want) <= float64(len(x)+4)*0x1p-52*bound
}

// TestTolerancesRejectAZeroKernel shows that the checks above fail a kernel that returns
// 0 (or is off by a part in ten thousand), at ordinary and at tiny magnitudes, while the real
// kernels pass at both: the tolerances are relative to the terms, not absolute.
func TestTolerancesRejectAZeroKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	for _, scale := range []float32{1, 1e-15} {
		const m, n, k = 7, 9, 11
		for _, kind := range []gemmKind{kindNN, kindNT, kindTN} {
			t.Run(fmt.Sprintf("%v/scale=%g", kind, scale), func(t *testing.T) {
				a, b, c := gemmOperands(rng, kind, 3, m, n, k, 0)
				a.scale(scale)
				b.scale(scale)
				ref, bound := refGemm(kind, m, n, k, 1, a, b, 0, c)
				tol := float64(k+4) * eps32
				zero := c.clone()
				for i := range zero.back {
					if zero.active[i] {
						zero.back[i] = 0
					}
				}
				assert.NotEmpty(t, mismatch(zero, ref, bound, tol), "%v scale %g: zero output passed", kind, scale)
				off := ref.clone()
				for i := range off.back {
					if off.active[i] {
						off.back[i] *= 1 + 1e-4
					}
				}
				assert.NotEmpty(t, mismatch(off, ref, bound, tol), "%v scale %g: output off by 1e-4 passed", kind, scale)
				forEachPath(t, func(t *testing.T) {
					got := c.clone()
					runGemm(kind, false, m, n, k, 1, a, b, 0, got)
					assert.Empty(t, mismatch(got, ref, bound, tol), "%v scale %g", kind, scale)
				})
			})
		}
	}
	src := actAccuracyInputs(1 << 12)
	zero := make([]float32, len(src))
	for _, act := range []Activation{Tanh, Sigmoid} {
		want := func(i int) float64 { return actRef(act, float64(src[i])) }
		assert.NotEmpty(t, actMismatch(act, src, zero, want), "%v: zero output passed", act)
		// Only the inputs tinier than 1e-20, where tanh x ≈ x and an absolute 2e-7 would
		// accept 0.
		var tiny []float32
		for _, x := range src {
			if x != 0 && math.Abs(float64(x)) < 1e-20 {
				tiny = append(tiny, x)
			}
		}
		if act == Tanh {
			require.NotEmpty(t, tiny)
			assert.NotEmpty(t, actMismatch(act, tiny, make([]float32, len(tiny)), func(i int) float64 { return actRef(act, float64(tiny[i])) }),
				"tanh of tiny inputs: zero output passed")
		}
		got := make([]float32, len(src))
		actForwardFast(act, got, src)
		assert.Empty(t, actMismatch(act, src, got, want), "%v fast form", act)
	}
	x := []float64{3e-200, -1e-200, 2e-200}
	y := []float64{1e-100, 1e-100, 1e-100}
	assert.False(t, dot64Within(0, dot64Generic(x, y), x, y), "Dot64 returning 0 passed")
	assert.True(t, dot64Within(Dot64(x, y), dot64Generic(x, y), x, y))
}

// TestForcedPathRunsOtherCode shows that forcing a fast path reaches code other than the
// twin, so that the comparisons above compare two implementations: summed in another
// order (vector lanes), GemmNT's result differs from gemmNTGeneric's in some last bit,
// and the fast tanh differs from the correctly rounded one somewhere.
func TestForcedPathRunsOtherCode(t *testing.T) {
	const m, n, k = 8, 8, 1000
	a, b := benchData(m*k), benchData(n*k)
	twin := make([]float32, m*n)
	gemmNTGeneric(m, n, k, 1, a, k, b, k, 0, twin, n)
	src := actAccuracyInputs(1 << 12)
	tanhTwin := make([]float32, len(src))
	actForwardGeneric(Tanh, tanhTwin, src)
	fast := 0
	for _, p := range Available() {
		if p == PathGeneric {
			continue
		}
		fast++
		t.Run("impl="+p, func(t *testing.T) {
			require.NoError(t, Force(p))
			defer func() { _ = Force("auto") }()
			c := make([]float32, m*n)
			GemmNT(m, n, k, 1, a, k, b, k, 0, c, n)
			assert.NotEqual(t, twin, c, "GemmNT on %s is bit-identical to the twin", p)
			got := make([]float32, len(src))
			ActForward(Tanh, got, src)
			assert.NotEqual(t, tanhTwin, got, "tanh on %s is bit-identical to the twin", p)
		})
	}
	if fast == 0 {
		t.Skip("no fast path on this build and CPU: the generic path runs the twins (or, on 32-bit ARM, tuned Go checked against float64 references)")
	}
}

// Gram64Lower writes the lower triangle exactly as Gram64 does (the same kernels, so the
// same bits) and its twin; above the diagonal an element is either untouched or its Gram
// value, and nothing outside C changes.
func TestGram64LowerMatchesGram64BelowTheDiagonal(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(23, 24))
		for idx, sh := range gemmShapes() {
			n, k := sh.m, sh.k
			a := newMat32(rng, n, k, k+ldExtra[idx%5], idx%8, false)
			ldc := max(n+ldExtra[(idx+2)%5], 1)
			size := 3
			if n > 0 {
				size += (n-1)*ldc + n
			}
			full, low, twin := make([]float64, size), make([]float64, size), make([]float64, size)
			for i := range low {
				low[i], twin[i] = math.NaN(), math.NaN()
			}
			Gram64(n, k, a.s(), a.ld, full[:size-3], ldc)
			Gram64Lower(n, k, a.s(), a.ld, low[:size-3], ldc)
			gram64LowerGeneric(n, k, a.s(), a.ld, twin[:size-3], ldc)
			for i := range low {
				r, c := i/ldc, i%ldc
				switch {
				case r >= n || c >= n:
					if !math.IsNaN(low[i]) || !math.IsNaN(twin[i]) {
						t.Fatalf("Gram64Lower n=%d k=%d: element %d outside C changed", n, k, i)
					}
				case c <= r:
					if low[i] != full[i] {
						t.Fatalf("Gram64Lower n=%d k=%d: [%d,%d] = %v, Gram64 %v", n, k, r, c, low[i], full[i])
					}
					if d := math.Abs(low[i] - twin[i]); !(d <= float64(k+4)*eps64*(math.Abs(twin[i])+1)) {
						t.Fatalf("Gram64Lower n=%d k=%d: [%d,%d] = %v, twin %v", n, k, r, c, low[i], twin[i])
					}
				default:
					if !math.IsNaN(low[i]) && low[i] != full[i] {
						t.Fatalf("Gram64Lower n=%d k=%d: upper [%d,%d] = %v, neither untouched nor Gram %v", n, k, r, c, low[i], full[i])
					}
					if !math.IsNaN(twin[i]) {
						t.Fatalf("twin n=%d k=%d wrote upper [%d,%d]", n, k, r, c)
					}
				}
			}
		}
	})
}
