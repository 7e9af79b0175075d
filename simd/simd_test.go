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

// checkAgainst asserts that got matches want within tol·bound on active elements and
// that every other element of got's backing slice is bit-for-bit unchanged.
func checkAgainst(t *testing.T, ctx string, got, want, bound *mat32, tol float64) bool {
	t.Helper()
	for i := range got.back {
		g := got.back[i]
		if !got.active[i] {
			if math.Float32bits(g) != math.Float32bits(got.orig[i]) {
				t.Errorf("%s: element %d outside the operand changed: %v -> %v", ctx, i-got.off, got.orig[i], g)
				return false
			}
			continue
		}
		w, b := float64(want.back[i]), float64(bound.back[i])
		if d := math.Abs(float64(g) - w); !(d <= tol*b+1e-30) {
			r := (i - got.off) / got.ld
			c := (i - got.off) % got.ld
			t.Errorf("%s: [%d,%d] = %v, want %v (diff %g, allowed %g)", ctx, r, c, g, w, d, tol*b)
			return false
		}
	}
	return true
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

func TestAxpyMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for idx, n := range vecLens() {
			alpha := alphas[idx%3]
			x := newVec32(rng, n, idx%8, false)
			y := newVec32(rng, n, (idx*5+3)%8, false)
			got, want := y.clone(), y.clone()
			Axpy(alpha, x.s(), got.s())
			axpyGeneric(alpha, x.s(), want.s())
			bound := y.abs()
			axpyGeneric(float32(math.Abs(float64(alpha))), x.abs().s(), bound.s())
			if !checkAgainst(t, fmt.Sprintf("Axpy n=%d", n), got, want, bound, 4*eps32) {
				return
			}
		}
	})
}

func TestHadamardMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for idx, n := range vecLens() {
			x := newVec32(rng, n, idx%8, false)
			y := newVec32(rng, n, (idx+5)%8, false)
			d := newVec32(rng, n, (idx*7+1)%8, true)
			got, want := d.clone(), d.clone()
			Hadamard(got.s(), x.s(), y.s())
			hadamardGeneric(want.s(), x.s(), y.s())
			bound := d.clone()
			hadamardGeneric(bound.s(), x.abs().s(), y.abs().s())
			if !checkAgainst(t, fmt.Sprintf("Hadamard n=%d", n), got, want, bound, 2*eps32) {
				return
			}
			// In place: dst aliases x.
			got, want = x.clone(), x.clone()
			Hadamard(got.s(), got.s(), y.s())
			hadamardGeneric(want.s(), want.s(), y.s())
			bound = x.clone()
			hadamardGeneric(bound.s(), x.abs().s(), y.abs().s())
			if !checkAgainst(t, fmt.Sprintf("Hadamard in place n=%d", n), got, want, bound, 2*eps32) {
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

func TestGemmNNMatchesGeneric(t *testing.T) { testGemm(t, kindNN) }
func TestGemmNTMatchesGeneric(t *testing.T) { testGemm(t, kindNT) }
func TestGemmTNMatchesGeneric(t *testing.T) { testGemm(t, kindTN) }

func testGemm(t *testing.T, kind gemmKind) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(15, uint64(kind)))
		for idx, sh := range gemmShapes() {
			m, n, k := sh.m, sh.n, sh.k
			alpha, beta := alphas[(idx/3)%3], betas[idx%3]
			ar, ac := m, k
			br, bc := k, n
			switch kind {
			case kindNT:
				br, bc = n, k
			case kindTN:
				ar, ac = k, m
			}
			a := newMat32(rng, ar, ac, ac+ldExtra[idx%5], idx%8, false)
			b := newMat32(rng, br, bc, bc+ldExtra[(idx+2)%5], (idx*3+1)%8, false)
			c := newMat32(rng, m, n, n+ldExtra[(idx+4)%5], (idx*5+2)%8, beta == 0)
			got, want, bound := c.clone(), c.clone(), c.abs()
			ab, bb := float32(math.Abs(float64(alpha))), float32(math.Abs(float64(beta)))
			switch kind {
			case kindNN:
				GemmNN(m, n, k, alpha, a.s(), a.ld, b.s(), b.ld, beta, got.s(), c.ld)
				gemmNNGeneric(m, n, k, alpha, a.s(), a.ld, b.s(), b.ld, beta, want.s(), c.ld)
				gemmNNGeneric(m, n, k, ab, a.abs().s(), a.ld, b.abs().s(), b.ld, bb, bound.s(), c.ld)
			case kindNT:
				GemmNT(m, n, k, alpha, a.s(), a.ld, b.s(), b.ld, beta, got.s(), c.ld)
				gemmNTGeneric(m, n, k, alpha, a.s(), a.ld, b.s(), b.ld, beta, want.s(), c.ld)
				gemmNTGeneric(m, n, k, ab, a.abs().s(), a.ld, b.abs().s(), b.ld, bb, bound.s(), c.ld)
			case kindTN:
				GemmTN(m, n, k, alpha, a.s(), a.ld, b.s(), b.ld, beta, got.s(), c.ld)
				gemmTNGeneric(m, n, k, alpha, a.s(), a.ld, b.s(), b.ld, beta, want.s(), c.ld)
				gemmTNGeneric(m, n, k, ab, a.abs().s(), a.ld, b.abs().s(), b.ld, bb, bound.s(), c.ld)
			}
			ctx := fmt.Sprintf("%v m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%v beta=%v",
				kind, m, n, k, a.ld, b.ld, c.ld, alpha, beta)
			if !checkAgainst(t, ctx, got, want, bound, float64(k+4)*eps32) {
				return
			}
		}
	})
}

func TestGram64MatchesGeneric(t *testing.T)  { testGram64(t, false) }
func TestGramT64MatchesGeneric(t *testing.T) { testGram64(t, true) }

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
			want := append([]float64(nil), back...)
			bound := append([]float64(nil), back...)
			cs := func(b []float64) []float64 { return b[off : size-guard] }
			aa := a.abs()
			if trans {
				GramT64(n, k, a.s(), a.ld, cs(back), ldc)
				gramT64Generic(n, k, a.s(), a.ld, cs(want), ldc)
				gramT64Generic(n, k, aa.s(), a.ld, cs(bound), ldc)
			} else {
				Gram64(n, k, a.s(), a.ld, cs(back), ldc)
				gram64Generic(n, k, a.s(), a.ld, cs(want), ldc)
				gram64Generic(n, k, aa.s(), a.ld, cs(bound), ldc)
			}
			tol := float64(sum+4) * eps64
			for i := range back {
				r, c := (i-off)/ldc, (i-off)%ldc
				if i >= off && r < dim && c < dim && c >= 0 {
					if d := math.Abs(back[i] - want[i]); !(d <= tol*bound[i]+1e-300) {
						t.Fatalf("Gram n=%d k=%d trans=%v: [%d,%d] = %v, want %v", n, k, trans, r, c, back[i], want[i])
					}
					if j := off + c*ldc + r; back[i] != back[j] {
						t.Fatalf("Gram n=%d k=%d trans=%v: not symmetric at [%d,%d]", n, k, trans, r, c)
					}
				} else if !math.IsNaN(back[i]) {
					t.Fatalf("Gram n=%d k=%d trans=%v: element %d outside C changed", n, k, trans, i-off)
				}
			}
		}
	})
}

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
			for i := range got {
				if math.IsNaN(want[i]) {
					if !math.IsNaN(got[i]) {
						t.Fatalf("n=%d k=%d: element %d outside the lower triangle changed", n, k, i-off)
					}
					continue
				}
				if d := math.Abs(got[i] - want[i]); d > float64(k+4)*eps64*(float64(k)+2) {
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
			for i := range got {
				if !(math.Abs(got[i]-want[i]) <= float64(k+4)*eps64*(float64(k)+2)) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
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

func TestActForwardMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(21, 22))
		for _, act := range activations {
			for idx, n := range vecLens() {
				src := actInputs(rng, n, idx%8)
				dst := newVec32(rng, n, (idx*3+5)%8, true)
				got, want := dst.clone(), dst.clone()
				ActForward(act, got.s(), src.s())
				actForwardGeneric(act, want.s(), src.s())
				ones := dst.clone()
				for i := range ones.back {
					if ones.active[i] {
						ones.back[i] = 1
					}
				}
				// Absolute error of 2e-7: the fast tanh and sigmoid (act.go).
				ctx := fmt.Sprintf("ActForward %v n=%d", act, n)
				if !checkAgainst(t, ctx, got, want, ones, 2e-7) {
					return
				}
				inPlace := src.clone()
				ActForward(act, inPlace.s(), inPlace.s())
				for i := 0; i < n; i++ {
					if d := math.Abs(float64(inPlace.back[src.off+i] - want.back[want.off+i])); d > 2e-7 {
						t.Fatalf("%s in place: element %d = %v, want %v", ctx, i, inPlace.back[src.off+i], want.back[want.off+i])
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

// checkActWithin asserts |got − φ(x)| ≤ 2e-7 against the float64 twin, NaN exactly for
// NaN inputs.
func checkActWithin(t *testing.T, act Activation, src, got []float32) {
	t.Helper()
	want := make([]float32, len(src))
	actForwardGeneric(act, want, src)
	for i, x := range src {
		if math.IsNaN(float64(want[i])) != math.IsNaN(float64(got[i])) {
			t.Fatalf("%v(%v) = %v, want %v", act, x, got[i], want[i])
		}
		if d := math.Abs(float64(got[i] - want[i])); d > 2e-7 {
			t.Fatalf("%v(%v) = %v, want %v (diff %g > 2e-7)", act, x, got[i], want[i], d)
		}
	}
}

func TestTanhSigmoidWithin2e7OfTwin(t *testing.T) {
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
			checkActWithin(t, act, src, got)
		}
	})
	forEachPath(t, func(t *testing.T) {
		for _, act := range []Activation{Tanh, Sigmoid} {
			ActForward(act, got, src)
			checkActWithin(t, act, src, got)
			// Each element alone: the tail code must agree with the block code.
			for i := 0; i < 200; i++ {
				ActForward(act, got[i:i+1], src[i:i+1])
			}
			checkActWithin(t, act, src[:200], got[:200])
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

func TestActDerivMatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(23, 24))
		for _, act := range activations {
			for idx, n := range vecLens() {
				pre := actInputs(rng, n, idx%8)
				post := newVec32(rng, n, (idx+1)%8, false)
				actForwardGeneric(act, post.s(), pre.s())
				dst := newVec32(rng, n, (idx*3+5)%8, true)
				got, want := dst.clone(), dst.clone()
				ActDeriv(act, got.s(), pre.s(), post.s())
				actDerivGeneric(act, want.s(), pre.s(), post.s())
				ones := dst.clone()
				for i := range ones.back {
					if ones.active[i] {
						ones.back[i] = 1
					}
				}
				if !checkAgainst(t, fmt.Sprintf("ActDeriv %v n=%d", act, n), got, want, ones, 4*eps32) {
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
				}{"ActDeriv/" + act.String(), func() { ActDeriv(act, y, x, x) }})
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
}

func TestDot64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(41, 42))
		for idx, n := range vecLens() {
			off := idx % 8
			x := make([]float64, off+n)
			y := make([]float64, off+n+idx%3)
			var bound float64
			for i := range x {
				x[i] = rng.Float64()*2 - 1
			}
			for i := range y {
				y[i] = rng.Float64()*2 - 1
			}
			for i := 0; i < n; i++ {
				bound += math.Abs(x[off+i] * y[off+i])
			}
			got := Dot64(x[off:], y[off:])
			want := dot64Generic(x[off:], y[off:off+n])
			if d := math.Abs(got - want); !(d <= float64(n+4)*0x1p-52*bound+1e-300) {
				t.Fatalf("n=%d: Dot64 = %v, want %v", n, got, want)
			}
		}
		x := make([]float64, 100)
		assert.Zero(t, testing.AllocsPerRun(20, func() { _ = Dot64(x, x) }))
	})
}
