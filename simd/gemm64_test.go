package simd

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// gemm64Case is one product C += alpha·op(A)·op(B) in the strided form of gemm64.
type gemm64Case struct {
	form       string // "NN", "NT", "TN" or "SYRK" (lower triangle of A·Aᵀ)
	m, n, k    int
	lda, ldb   int
	ldc, off   int
	alpha      float64
	a, b, c    []float64
	ars, aps   int
	brs, bcs   int
	arows, bro int
}

func newGemm64Case(rng *rand.Rand, form string, m, n, k, idx int) *gemm64Case {
	g := &gemm64Case{form: form, m: m, n: n, k: k, off: idx % 8, alpha: []float64{-1, 1, 0.5}[idx%3]}
	extra := ldExtra[idx%5]
	switch form {
	case "NN":
		g.lda, g.ldb = k+extra, n+extra
		g.ars, g.aps, g.brs, g.bcs = g.lda, 1, g.ldb, 1
		g.arows, g.bro = m, k
	case "NT":
		g.lda, g.ldb = k+extra, k+ldExtra[(idx+1)%5]
		g.ars, g.aps, g.brs, g.bcs = g.lda, 1, 1, g.ldb
		g.arows, g.bro = m, n
	case "TN":
		g.lda, g.ldb = m+extra, n+extra
		g.ars, g.aps, g.brs, g.bcs = 1, g.lda, g.ldb, 1
		g.arows, g.bro = k, k
	case "SYRK":
		g.n = m
		g.lda = k + extra
		g.ars, g.aps, g.brs, g.bcs = g.lda, 1, 1, g.lda
		g.arows = m
	}
	g.lda, g.ldb = max(g.lda, 1), max(g.ldb, 1)
	g.ldc = max(g.n+ldExtra[(idx+2)%5], 1)
	g.a = randSlice(rng, g.off+g.arows*g.lda+guard)
	g.b = randSlice(rng, g.off+g.bro*g.ldb+guard)
	if form == "SYRK" {
		g.b = g.a
	}
	g.c = make([]float64, g.off+m*g.ldc+guard)
	for i := range g.c {
		g.c[i] = math.NaN() // guards, stride gaps and, for SYRK, the strict upper triangle
	}
	for i := 0; i < m; i++ {
		for j := 0; j < g.n; j++ {
			if form != "SYRK" || j <= i {
				g.c[g.off+i*g.ldc+j] = rng.Float64()*2 - 1
			}
		}
	}
	return g
}

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.Float64()*2 - 1
	}
	return s
}

// run applies the exported routine of the form to a copy of C.
func (g *gemm64Case) run() []float64 {
	c := append([]float64(nil), g.c...)
	a, b, cc := g.a[g.off:], g.b[g.off:], c[g.off:]
	switch g.form {
	case "NN":
		GemmNN64(g.m, g.n, g.k, g.alpha, a, g.lda, b, g.ldb, cc, g.ldc)
	case "NT":
		GemmNT64(g.m, g.n, g.k, g.alpha, a, g.lda, b, g.ldb, cc, g.ldc)
	case "TN":
		GemmTN64(g.m, g.n, g.k, g.alpha, a, g.lda, b, g.ldb, cc, g.ldc)
	case "SYRK":
		SyrkLower64(g.m, g.k, g.alpha, a, g.lda, cc, g.ldc)
	}
	return c
}

// check compares got with the reference loop, element by element, relative to
// |c| + |alpha|·Σ|a·b|.
func (g *gemm64Case) check(t *testing.T, got []float64) {
	t.Helper()
	want := append([]float64(nil), g.c...)
	tri := g.form == "SYRK"
	gemm64Generic(tri, g.m, g.n, g.k, g.alpha, g.a[g.off:], g.ars, g.aps, g.b[g.off:], g.brs, g.bcs, want[g.off:], g.ldc)
	for i := range got {
		if math.IsNaN(want[i]) {
			if !math.IsNaN(got[i]) {
				t.Fatalf("%s m=%d n=%d k=%d: element %d outside C changed", g.form, g.m, g.n, g.k, i-g.off)
			}
			continue
		}
		r, col := (i-g.off)/g.ldc, (i-g.off)%g.ldc
		bound := math.Abs(g.c[i])
		for p := 0; p < g.k; p++ {
			bound += math.Abs(g.alpha * g.a[g.off+r*g.ars+p*g.aps] * g.b[g.off+p*g.brs+col*g.bcs])
		}
		if d := math.Abs(got[i] - want[i]); !(d <= float64(g.k+4)*eps64*bound) {
			t.Fatalf("%s m=%d n=%d k=%d: C[%d,%d] = %v, reference %v", g.form, g.m, g.n, g.k, r, col, got[i], want[i])
		}
	}
}

func gemm64Shapes() [][3]int {
	var s [][3]int
	step := 1
	if testing.Short() {
		step = 3 // qemu runs
	}
	for i := 0; i <= 70; i += step {
		s = append(s, [3]int{i, i, i}, [3]int{i, 1 + i%9, 64}, [3]int{3 + i%5, i, 7}, [3]int{i, 13, i})
	}
	return append(s, [3]int{257, 131, 64}, [3]int{130, 97, 300}, [3]int{12, 600, 520})
}

func TestGemm64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, form := range []string{"NN", "NT", "TN", "SYRK"} {
			rng := rand.New(rand.NewPCG(71, 72))
			for idx, sh := range gemm64Shapes() {
				g := newGemm64Case(rng, form, sh[0], sh[1], sh[2], idx)
				g.check(t, g.run())
			}
		}
	})
}

// TestMicro6x8GoMatchesGeneric checks the Go micro-kernel the generic path runs, on
// whatever path the test binary uses.
func TestMicro6x8GoMatchesGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(73, 74))
	for k := 1; k <= 40; k++ {
		a := randSlice(rng, 6*k)
		bp := randSlice(rng, 8*k)
		got, want := randSlice(rng, 48), make([]float64, 48)
		copy(want, got)
		micro6x8Go(k, a, k, 1, bp, got, 8, -0.5)
		gemm64Generic(false, 6, 8, k, -0.5, a, k, 1, bp, 8, 1, want, 8)
		for i := range got {
			assert.InDelta(t, want[i], got[i], float64(k+4)*eps64*float64(k), "k=%d element %d", k, i)
		}
	}
}

func TestGemm64DoesNotAllocate(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, n := range []int{5, 30, 200} {
			g := newGemm64Case(rand.New(rand.NewPCG(1, 2)), "NT", n, n, n, 0)
			c := append([]float64(nil), g.c...)
			assert.Zero(t, testing.AllocsPerRun(5, func() {
				GemmNT64(n, n, n, 1, g.a, g.lda, g.b, g.ldb, c, g.ldc)
			}), "n=%d", n)
		}
	})
}

func BenchmarkGemm64(b *testing.B) {
	benchKernel(b, "gemmNT64", cube, func(n int) func() {
		g := newGemm64Case(rand.New(rand.NewPCG(3, uint64(n))), "NT", n, n, n, 0)
		c := make([]float64, len(g.c))
		return func() { GemmNT64(n, n, n, 1, g.a, g.lda, g.b, g.ldb, c, g.ldc) }
	})
}

func TestAxpy64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(75, 76))
		for n := 0; n <= 140; n++ {
			off := n % 8
			x, y := randSlice(rng, off+n+guard), randSlice(rng, off+n+guard)
			got, want := append([]float64(nil), y...), append([]float64(nil), y...)
			alpha := rng.Float64()*4 - 2
			Axpy64(alpha, x[off:off+n], got[off:])
			for i := 0; i < n; i++ {
				want[off+i] += alpha * x[off+i]
			}
			for i := range got {
				// One rounding either way: fused or not.
				assert.InDelta(t, want[i], got[i], 4*eps64*(math.Abs(y[i])+math.Abs(alpha*x[i])), "n=%d element %d", n, i)
				if i < off || i >= off+n {
					assert.Equal(t, y[i], got[i], "n=%d guard %d written", n, i)
				}
			}
		}
		x := randSlice(rng, 100)
		assert.Zero(t, testing.AllocsPerRun(20, func() { Axpy64(0.5, x[:50], x[50:]) }))
	})
}
