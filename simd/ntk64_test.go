package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ntkOperand returns an n×k float32 matrix with stride lda and its TransposeWiden64 form
// (stride ldt), both in slices with trailing room.
func ntkOperand(rng *rand.Rand, n, k, lda, ldt int) ([]float32, []float64) {
	a := make([]float32, n*lda+3)
	for i := range a {
		a[i] = float32(rng.NormFloat64())
	}
	t := make([]float64, k*ldt+5)
	for i := range t {
		t[i] = math.NaN() // TransposeWiden64 writes every element it promises
	}
	TransposeWiden64(n, k, a, lda, t, ldt)
	return a, t
}

func TestTransposeWiden64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(101, 102))
		for _, n := range []int{1, 3, 4, 5, 8, 13, 32, 37} {
			for _, k := range []int{1, 4, 6, 8, 33} {
				lda, ldt := k+n%3, TransStride(n)+8*(k%2)
				a, got := ntkOperand(rng, n, k, lda, ldt)
				want := make([]float64, len(got))
				for i := range want {
					want[i] = math.NaN()
				}
				transposeWiden64Generic(n, k, a, lda, want, ldt)
				for i := range want {
					if math.IsNaN(want[i]) {
						assert.True(t, math.IsNaN(got[i]), "n=%d k=%d: element %d outside the operand written", n, k, i)
						continue
					}
					require.Equal(t, want[i], got[i], "n=%d k=%d at %d", n, k, i)
				}
				for p := 0; p < k; p++ {
					for i := 0; i < TransStride(n); i++ {
						v := 0.0
						if i < n {
							v = float64(a[i*lda+p])
						}
						require.Equal(t, v, got[p*ldt+i], "n=%d k=%d: t[%d,%d]", n, k, p, i)
					}
				}
			}
		}
	})
}

// The fused kernels form their Grams as the twin does, over p in order with exact
// float32 products, and the final
// sc·gh + b2 may be fused by the compiler in the twin: they agree to the tolerance. Adding and writing, nothing
// above the diagonal or outside the n×n block changes.
func TestGramHadamardLower64MatchesGeneric(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(103, 104))
		for _, mode := range []int{0, 1, 2, 3} {
			shift, add := mode&1 != 0, mode&2 == 0
			for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 12, 17, 32, 35} {
				for _, k := range [][2]int{{0, 3}, {3, 0}, {1, 1}, {8, 32}, {32, 32}, {5, 9}} {
					ka, kb := k[0], k[1]
					ldt := TransStride(n) + 8*(n%2)
					_, at := ntkOperand(rng, n, ka, ka+1, ldt)
					_, bt := ntkOperand(rng, n, kb, kb+2, ldt)
					ldc := n + n%3
					c := make([]float64, n*ldc+4)
					for i := 0; i < n; i++ {
						for j := 0; j < ldc; j++ {
							if j <= i {
								c[i*ldc+j] = rng.NormFloat64()
							} else {
								c[i*ldc+j] = math.NaN() // above the diagonal and the row's tail
							}
						}
					}
					for i := n * ldc; i < len(c); i++ {
						c[i] = math.NaN()
					}
					want := append([]float64(nil), c...)
					sc, b2 := 0.25+rng.Float64(), rng.Float64()
					if shift {
						GramShiftAddLower64(n, ka, at, ldt, sc, b2, c, ldc, add)
					} else {
						GramHadamardAddLower64(n, ka, at, kb, bt, ldt, sc, b2, c, ldc, add)
					}
					gramHadamardLower64Generic(n, ka, at, kb, bt, ldt, sc, b2, want, ldc, shift, add)
					for i := range c {
						if math.IsNaN(want[i]) {
							require.True(t, math.IsNaN(c[i]), "shift=%v add=%v n=%d ka=%d kb=%d: element %d written", shift, add, n, ka, kb, i)
							continue
						}
						require.InDelta(t, want[i], c[i], 1e-13*(1+math.Abs(want[i])), "shift=%v add=%v n=%d ka=%d kb=%d at %d", shift, add, n, ka, kb, i)
					}
				}
			}
		}
		at := make([]float64, 32*32)
		c := make([]float64, 32*32)
		assert.Zero(t, testing.AllocsPerRun(20, func() { GramHadamardAddLower64(32, 32, at, 32, at, 32, 1, 1, c, 32, true) }))
	})
}

// GramHadamardAddLower64 is, in the lower triangle, the Hadamard product of the Grams
// that Gram64 forms, scaled and shifted as the layer NTK's input factor.
func TestGramHadamardAddLower64IsTheNTKOfTwoGrams(t *testing.T) {
	rng := rand.New(rand.NewPCG(105, 106))
	n, ka, kb := 13, 7, 10
	ldt := TransStride(n)
	a, at := ntkOperand(rng, n, ka, ka, ldt)
	b, bt := ntkOperand(rng, n, kb, kb, ldt)
	ga, gb := make([]float64, n*n), make([]float64, n*n)
	Gram64(n, ka, a, ka, ga, n)
	Gram64(n, kb, b, kb, gb, n)
	c := make([]float64, n*n)
	sc, b2 := 0.5, 0.01
	GramHadamardAddLower64(n, ka, at, kb, bt, ldt, sc, b2, c, n, true)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			want := (sc*ga[i*n+j] + b2) * gb[i*n+j]
			assert.InDelta(t, want, c[i*n+j], 1e-12*(1+math.Abs(want)))
		}
		for j := i + 1; j < n; j++ {
			assert.Zero(t, c[i*n+j])
		}
	}
}

// BenchmarkLayerNTKLower compares one layer's Θ_l added into a lower triangle, n×n with
// widths k: two lower Grams and a Hadamard pass (gram) against two transposes and the
// fused kernel (fused).
func BenchmarkLayerNTKLower(b *testing.B) {
	for _, n := range []int{32, 64} {
		k := 32
		ha, da := benchData(n*k), benchData(n*k)
		ldt := TransStride(n)
		at, bt := make([]float64, k*ldt), make([]float64, k*ldt)
		gh, gd, c := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
		for _, p := range Available() {
			if err := Force(p); err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("n=%d/impl=%s/form=gram", n, p), func(b *testing.B) {
				for b.Loop() {
					Gram64Lower(n, k, ha, k, gh, n)
					Gram64Lower(n, k, da, k, gd, n)
					for i := 0; i < n; i++ {
						HadamardScaledAdd64(0.5, 0.1, gd[i*n:i*n+i+1], gh[i*n:i*n+i+1], c[i*n:i*n+i+1])
					}
				}
			})
			b.Run(fmt.Sprintf("n=%d/impl=%s/form=fused", n, p), func(b *testing.B) {
				for b.Loop() {
					TransposeWiden64(n, k, ha, k, at, ldt)
					TransposeWiden64(n, k, da, k, bt, ldt)
					GramHadamardAddLower64(n, k, at, k, bt, ldt, 0.5, 0.1, c, n, true)
				}
			})
			b.Run(fmt.Sprintf("n=%d/impl=%s/form=transposes", n, p), func(b *testing.B) {
				for b.Loop() {
					TransposeWiden64(n, k, ha, k, at, ldt)
					TransposeWiden64(n, k, da, k, bt, ldt)
				}
			})
		}
		_ = Force("auto")
	}
}
