package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gemm32Case is one float32 product C += alpha·op(A)·op(B) in the strided form of
// GemmPacked32; form is "NN", "NT", "TN" or "SYRK" (lower triangle of A·Aᵀ).
type gemm32Case struct {
	form             string
	tri              bool
	m, n, k, ldc     int
	off              int
	alpha            float32
	a, b, c          []float32
	ars, aps         int
	brs, bcs         int
	arows, acols     int
	brows, bcols, ld int
}

func newGemm32Case(rng *rand.Rand, form string, m, n, k, idx int) *gemm32Case {
	g := &gemm32Case{form: form, m: m, n: n, k: k, off: idx % 8, alpha: []float32{-1, 1, 0.5}[idx%3]}
	lda := k + ldExtra[idx%5]
	ldb := n + ldExtra[(idx+1)%5]
	switch form {
	case "NN":
		g.ars, g.aps, g.brs, g.bcs = lda, 1, ldb, 1
		g.a, g.b = rand32(rng, g.off+m*lda+guard), rand32(rng, g.off+k*ldb+guard)
	case "NT":
		ldb = k + ldExtra[(idx+1)%5]
		g.ars, g.aps, g.brs, g.bcs = lda, 1, 1, ldb
		g.a, g.b = rand32(rng, g.off+m*lda+guard), rand32(rng, g.off+n*ldb+guard)
	case "TN":
		lda = m + ldExtra[idx%5]
		g.ars, g.aps, g.brs, g.bcs = 1, lda, ldb, 1
		g.a, g.b = rand32(rng, g.off+k*lda+guard), rand32(rng, g.off+k*ldb+guard)
	case "SYRK":
		g.n, g.tri = m, true
		g.ars, g.aps, g.brs, g.bcs = lda, 1, 1, lda
		g.a = rand32(rng, g.off+m*lda+guard)
		g.b = g.a
	}
	g.ldc = max(g.n+ldExtra[(idx+2)%5], 1)
	g.c = make([]float32, g.off+m*g.ldc+guard)
	for i := range g.c {
		g.c[i] = float32(math.NaN()) // guards, stride gaps and, for SYRK, the strict upper triangle
	}
	for i := 0; i < m; i++ {
		for j := 0; j < g.n; j++ {
			if !g.tri || j <= i {
				g.c[g.off+i*g.ldc+j] = rng.Float32()*2 - 1
			}
		}
	}
	return g
}

func rand32(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = rng.Float32()*2 - 1
	}
	return s
}

// check runs GemmPacked32 on a copy of C and compares it with the reference loop, element
// by element, relative to |c| + |alpha|·Σ|a·b|.
func (g *gemm32Case) check(t *testing.T, pack []float32) {
	t.Helper()
	got := append([]float32(nil), g.c...)
	want := append([]float32(nil), g.c...)
	a, b := g.a[g.off:], g.b[g.off:]
	GemmPacked32(pack, g.tri, g.m, g.n, g.k, g.alpha, a, g.ars, g.aps, b, g.brs, g.bcs, got[g.off:], g.ldc)
	gemm32Generic(g.tri, g.m, g.n, g.k, g.alpha, a, g.ars, g.aps, b, g.brs, g.bcs, want[g.off:], g.ldc)
	for i := range got {
		if math.IsNaN(float64(want[i])) {
			if !math.IsNaN(float64(got[i])) {
				t.Fatalf("%s m=%d n=%d k=%d: element %d outside C changed", g.form, g.m, g.n, g.k, i-g.off)
			}
			continue
		}
		r, col := (i-g.off)/g.ldc, (i-g.off)%g.ldc
		bound := math.Abs(float64(g.c[i]))
		for p := 0; p < g.k; p++ {
			bound += math.Abs(float64(g.alpha * a[r*g.ars+p*g.aps] * b[p*g.brs+col*g.bcs]))
		}
		if d := math.Abs(float64(got[i]) - float64(want[i])); !(d <= 2*float64(g.k+4)*eps32*bound) {
			t.Fatalf("%s m=%d n=%d k=%d: C[%d,%d] = %v, reference %v", g.form, g.m, g.n, g.k, r, col, got[i], want[i])
		}
	}
}

func TestGemmPacked32MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, pl := range []int{MinPack32, PackLen32} {
			pack := make([]float32, pl)
			for _, form := range []string{"NN", "NT", "TN", "SYRK"} {
				rng := rand.New(rand.NewPCG(81, 82))
				shapes := gemm64Shapes()
				if pl == PackLen32 {
					shapes = append(shapes, [3]int{300, 290, 270}, [3]int{5, 200, 300})
				}
				for idx, sh := range shapes {
					newGemm32Case(rng, form, sh[0], sh[1], sh[2], idx).check(t, pack)
				}
			}
		}
	})
}

// TestMicro6x16GoMatchesGeneric checks the Go micro-kernel the paths without assembly run.
func TestMicro6x16GoMatchesGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(83, 84))
	for k := 1; k <= 40; k++ {
		a := rand32(rng, 6*k)
		bp := rand32(rng, 16*k)
		got := rand32(rng, 96)
		want := append([]float32(nil), got...)
		micro6x16Go(k, a, k, 1, bp, got, 16, -0.5)
		gemm32Generic(false, 6, 16, k, -0.5, a, k, 1, bp, 16, 1, want, 16)
		for i := range got {
			assert.InDelta(t, want[i], got[i], 2*float64(k+4)*eps32*float64(k), "k=%d element %d", k, i)
		}
	}
}

// TestMicro6x16MatchesGoTwin calls the micro-kernels GemmPacked32 runs (AVX2+FMA on
// amd64, NEON on arm64, the Go twin elsewhere) directly against micro6x16Go: odd and even
// depths, A read with row and p strides that leave NaN gaps, C with a stride gap of NaN
// that must stay untouched, and alpha other than one. micro6x8x32 must give the twin's
// left eight columns and leave columns eight to fifteen either alone or equal to the
// twin's. Each element is compared relative to |c| + |alpha|·Σ|a·b|: the kernels fuse
// their multiply-adds and the twin does so only where the compiler fuses (arm64).
func TestMicro6x16MatchesGoTwin(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(85, 86))
		for idx, k := range []int{1, 2, 3, 5, 8, 13, 16, 31, 64, 97, 256} {
			// Row-major A, A stored transposed, and both strides leaving gaps.
			strides := [][2]int{{k + ldExtra[idx%5], 1}, {1, 6 + ldExtra[idx%5]}, {2*k + 3, 2}}
			for si, st := range strides {
				ars, aps := st[0], st[1]
				alpha := []float32{-0.75, 2.5, 1}[(idx+si)%3]
				a := make([]float32, 5*ars+(k-1)*aps+1)
				for i := range a {
					a[i] = nan32
				}
				for r := 0; r < 6; r++ {
					for q := 0; q < k; q++ {
						a[r*ars+q*aps] = rng.Float32()*2 - 1
					}
				}
				bp := rand32(rng, 16*k)
				ldc := 16 + ldExtra[(idx+si)%5]
				c := make([]float32, 5*ldc+16+guard)
				for i := range c {
					c[i] = nan32
				}
				for r := 0; r < 6; r++ {
					for j := 0; j < 16; j++ {
						c[r*ldc+j] = rng.Float32()*2 - 1
					}
				}
				want := append([]float32(nil), c...)
				micro6x16Go(k, a, ars, aps, bp, want, ldc, alpha)
				for _, w := range []int{16, 8} {
					got := append([]float32(nil), c...)
					if w == 16 {
						micro6x16(k, a, ars, aps, bp, got, ldc, alpha)
					} else {
						micro6x8x32(k, a, ars, aps, bp, got, ldc, alpha)
					}
					for i := range got {
						r, j := i/ldc, i%ldc
						ctx := fmt.Sprintf("width %d k=%d ars=%d aps=%d ldc=%d alpha=%v: C[%d,%d]", w, k, ars, aps, ldc, alpha, r, j)
						switch {
						case r >= 6 || j >= 16:
							require.True(t, math.IsNaN(float64(got[i])), "%s outside C changed", ctx)
							continue
						case j >= w && got[i] == c[i]:
							continue // micro6x8x32 may leave the strip's right half alone
						}
						bound := math.Abs(float64(c[i]))
						for q := 0; q < k; q++ {
							bound += math.Abs(float64(alpha) * float64(a[r*ars+q*aps]) * float64(bp[q*16+j]))
						}
						d := math.Abs(float64(got[i]) - float64(want[i]))
						require.True(t, d <= 2*float64(k+2)*eps32*bound, "%s = %v, twin %v", ctx, got[i], want[i])
					}
				}
			}
		}
	})
}

func TestGemmPacked32DoesNotAllocate(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		pack := make([]float32, PackLen32)
		for _, n := range []int{5, 30, 200} {
			g := newGemm32Case(rand.New(rand.NewPCG(1, 2)), "SYRK", n, n, n, 0)
			c := append([]float32(nil), g.c...)
			assert.Zero(t, testing.AllocsPerRun(5, func() {
				GemmPacked32(pack, true, n, n, n, 1, g.a, g.ars, g.aps, g.a, g.brs, g.bcs, c, g.ldc)
			}), "n=%d", n)
		}
	})
}

func BenchmarkGemmPacked32(b *testing.B) {
	pack := make([]float32, PackLen32)
	benchKernel(b, "gemmPacked32NT", cube, func(n int) func() {
		g := newGemm32Case(rand.New(rand.NewPCG(3, uint64(n))), "NT", n, n, n, 0)
		c := make([]float32, len(g.c))
		return func() { GemmPacked32(pack, false, n, n, n, 1, g.a, g.ars, g.aps, g.b, g.brs, g.bcs, c, g.ldc) }
	})
}
