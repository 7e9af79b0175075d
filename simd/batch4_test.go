package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// batch4Case is a packed batch of four problems (see Batch4Off) inside NaN guard bands.
type batch4Case struct {
	n, k0, rows int
	back        []float64 // guard, packed matrix (Batch4Len), guard
	off         int
}

func (b *batch4Case) a() []float64 { return b.back[b.off : b.off+Batch4Len(b.rows, b.k0)] }

// newBatch4Case fills every lane with a random prefix and a triangle that makes A
// positive definite with a modest condition number (a random Gram plus n on the
// diagonal); the border rows are random.
func newBatch4Case(rng *rand.Rand, n, k0, rows, off int) *batch4Case {
	b := &batch4Case{n: n, k0: k0, rows: rows, off: off}
	b.back = make([]float64, off+Batch4Len(rows, k0)+guard)
	for i := range b.back {
		b.back[i] = math.NaN()
	}
	a := b.a()
	for i := 0; i < rows+3; i++ {
		for k := 0; k < k0+i+1; k++ {
			for l := 0; l < 4; l++ {
				a[Batch4Off(i, k, k0)+l] = 0 // scratch rows start as zeros
			}
		}
	}
	m := make([]float64, 4*n*n)
	for i := range m {
		m[i] = rng.Float64()*2 - 1
	}
	for i := 0; i < rows; i++ {
		for k := 0; k < k0; k++ {
			for l := 0; l < 4; l++ {
				a[Batch4Off(i, k, k0)+l] = rng.Float64()*2 - 1
			}
		}
		for c := 0; c <= min(i, n-1); c++ {
			for l := 0; l < 4; l++ {
				v := rng.Float64()*2 - 1
				if i < n {
					v = 0
					for p := 0; p < n; p++ {
						v += m[4*(i*n+p)+l] * m[4*(c*n+p)+l]
					}
					if i == c {
						v += float64(n)
					}
				}
				a[Batch4Off(i, k0+c, k0)+l] = v
			}
		}
	}
	return b
}

// matrix returns lane l's A[i][c] (c ≤ i) of the packed input, border rows included.
func (b *batch4Case) matrix(a []float64, l, i, c int) float64 {
	v := a[Batch4Off(i, b.k0+c, b.k0)+l]
	for k := 0; k < b.k0; k++ {
		v += a[Batch4Off(i, k, b.k0)+l] * a[Batch4Off(c, k, b.k0)+l]
	}
	return v
}

func batch4Shapes() [][3]int {
	var s [][3]int
	for n := 0; n <= 13; n++ {
		for _, k0 := range []int{0, 1, 3, 8} {
			for _, extra := range []int{0, 1, 2, 5} {
				s = append(s, [3]int{n, k0, n + extra})
			}
		}
	}
	return append(s, [3]int{32, 0, 33}, [3]int{33, 0, 34}, [3]int{10, 32, 11}, [3]int{64, 17, 70}, [3]int{66, 128, 67})
}

// PotrfBatch4 factors every lane (L Lᵀ reproduces A, the border rows hold L⁻¹b), the
// path's result equals the twin's to rounding, and nothing outside the matrix changes.
func TestPotrfBatch4FactorsEveryLane(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(81, 82))
		for idx, sh := range batch4Shapes() {
			n, k0, rows := sh[0], sh[1], sh[2]
			ctx := fmt.Sprintf("n=%d k0=%d rows=%d", n, k0, rows)
			c := newBatch4Case(rng, n, k0, rows, idx%5)
			in := append([]float64(nil), c.a()...)
			want := append([]float64(nil), in...)
			wantInv, inv := make([]float64, 4*n), make([]float64, 4*n+guard)
			for i := range inv {
				inv[i] = math.NaN()
			}
			require.Equal(t, 0xf, potrfBatch4Generic(want, wantInv, n, k0, rows), ctx)
			require.Equal(t, 0xf, PotrfBatch4(c.a(), inv, n, k0, rows), ctx)
			got := c.a()
			for i := 0; i < rows; i++ {
				for k := 0; k < k0+min(i+1, n); k++ {
					for l := 0; l < 4; l++ {
						e := Batch4Off(i, k, k0) + l
						w := want[e]
						require.InDelta(t, w, got[e], 1e-12*float64(n+k0+1)*(1+math.Abs(w)), "%s entry (%d,%d) lane %d", ctx, i, k, l)
					}
				}
			}
			for i := 0; i < 4*n; i++ {
				require.InDelta(t, wantInv[i], inv[i], 1e-12*(1+math.Abs(wantInv[i])), ctx)
			}
			for i := 4 * n; i < len(inv); i++ {
				require.True(t, math.IsNaN(inv[i]), "%s: inv guard %d written", ctx, i)
			}
			for i, v := range c.back {
				if i < c.off || i >= c.off+len(got) {
					require.True(t, math.IsNaN(v), "%s: guard %d written", ctx, i)
				}
			}
			// the twin against the definition: Σ_k L[i][k]L[c][k] = A[i][c], the border
			// rows included (there L[i][·] is L⁻¹b and the sum rebuilds b).
			for l := 0; l < 4; l++ {
				for i := 0; i < rows; i++ {
					for cc := 0; cc <= min(i, n-1); cc++ {
						var s float64
						for k := 0; k <= cc; k++ {
							s += want[Batch4Off(i, k0+k, k0)+l] * want[Batch4Off(cc, k0+k, k0)+l]
						}
						a := c.matrix(in, l, i, cc)
						require.InDelta(t, a, s, 1e-11*float64(n+k0+1)*(1+math.Abs(a)), "%s lane %d A[%d][%d]", ctx, l, i, cc)
					}
				}
			}
		}
	})
}

// A lane that is not positive definite loses its bit; the other lanes are factored as
// if it were not there.
func TestPotrfBatch4ReportsIndefiniteLanes(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(83, 84))
		for _, n := range []int{1, 2, 5, 8, 31} {
			for bad := 0; bad < 4; bad++ {
				c := newBatch4Case(rng, n, 2, n+1, 0)
				a := c.a()
				ref := append([]float64(nil), a...)
				p := n / 2
				a[Batch4Off(p, c.k0+p, c.k0)+bad] = -1e3 // lane bad: A[p][p] < 0
				inv := make([]float64, 4*n)
				refInv := make([]float64, 4*n)
				assert.Equal(t, 0xf&^(1<<bad), PotrfBatch4(a, inv, n, c.k0, c.rows), "n=%d lane %d", n, bad)
				PotrfBatch4(ref, refInv, n, c.k0, c.rows)
				for i := 0; i < Batch4Off(c.rows, 0, c.k0); i += 4 {
					for l := 0; l < 4; l++ {
						if l != bad {
							require.Equal(t, ref[i+l], a[i+l], "n=%d entry %d lane %d", n, i/4, l)
						}
					}
				}
			}
		}
	})
}

// TrsvTBatch4 solves Lᵀx = b in every lane and equals its twin to rounding.
func TestTrsvTBatch4SolvesEveryLane(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(85, 86))
		for _, sh := range batch4Shapes() {
			n, k0 := sh[0], sh[1]
			ctx := fmt.Sprintf("n=%d k0=%d", n, k0)
			c := newBatch4Case(rng, n, k0, n, 0)
			inv := make([]float64, 4*n)
			require.Equal(t, 0xf, PotrfBatch4(c.a(), inv, n, k0, n))
			b := randSlice(rng, 4*n)
			x := append(append([]float64(nil), b...), math.NaN())
			want := append([]float64(nil), b...)
			TrsvTBatch4(c.a(), inv, n, k0, x)
			trsvTBatch4Generic(c.a(), inv, n, k0, want)
			require.True(t, math.IsNaN(x[4*n]), ctx)
			for i := range want {
				require.InDelta(t, want[i], x[i], 1e-12*float64(n+1)*(1+math.Abs(want[i])), "%s entry %d", ctx, i)
			}
			a := c.a()
			for l := 0; l < 4; l++ {
				for cc := 0; cc < n; cc++ { // (Lᵀx)[cc] = Σ_{i ≥ cc} L[i][cc] x[i]
					var s float64
					for i := cc; i < n; i++ {
						s += a[Batch4Off(i, k0+cc, k0)+l] * x[4*i+l]
					}
					require.InDelta(t, b[4*cc+l], s, 1e-12*float64(n+1), "%s lane %d row %d", ctx, l, cc)
				}
			}
		}
	})
}

// SymScaleBatch4, ScaleBatch4 and FormPrimalBatch4 do the twins' multiplications in the same order: equal
// bit for bit, and nothing past the output written.
func TestBatch4FormingMatchesTwins(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(87, 88))
		for n := 0; n <= 37; n++ {
			ldk := max(n+n%3, 1)
			k := randSlice(rng, max(ldk*n, 1))
			s := randSlice(rng, 4*n)
			size := Batch4Off(n, 0, 0)
			got := make([]float64, size+guard)
			for i := range got {
				got[i] = math.NaN()
			}
			want := make([]float64, size)
			SymScaleBatch4(got, k, ldk, s, n, 0.25)
			symScaleBatch4Generic(want, k, ldk, s, n, 0.25)
			require.Equal(t, want, got[:size], "n=%d", n)
			for _, v := range got[size:] {
				require.True(t, math.IsNaN(v), "n=%d guard written", n)
			}
			for _, m := range []int{0, 1, n/2 + 1, n + 2} {
				hl := max(n+n%2, 1)
				h := randSlice(rng, m*hl+1)
				size := Batch4Off(m, 0, n)
				got := make([]float64, size+guard)
				for i := range got {
					got[i] = math.NaN()
				}
				want := make([]float64, size)
				FormPrimalBatch4(got, h, hl, s, m, n, 0.5)
				formPrimalBatch4Generic(want, h, hl, s, m, n, 0.5)
				require.Equal(t, want, got[:size], "n=%d m=%d", n, m)
				for _, v := range got[size:] {
					require.True(t, math.IsNaN(v), "n=%d m=%d guard written", n, m)
				}
			}
		}
	})
}

func TestBatch4KernelsDoNotAllocate(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		c := newBatch4Case(rand.New(rand.NewPCG(1, 2)), 32, 4, 34, 0)
		a := append([]float64(nil), c.a()...)
		inv, x, s := make([]float64, 4*32), make([]float64, 4*32), make([]float64, 4*32)
		k := make([]float64, 32*32)
		make32 := make([]float32, 4*32)
		assert.Zero(t, testing.AllocsPerRun(5, func() {
			copy(a, c.a())
			PotrfBatch4(a, inv, 32, 4, 34)
			TrsvTBatch4(a, inv, 32, 4, x)
			SymScaleBatch4(a, k, 32, s, 32, 1)
			FormPrimalBatch4(a, k, 32, s, 4, 32, 1)
			SqrtBatch4(x)
			DivBatch4(x, s)
			StoreMulBatch4(make32, 4, s, x, 32)
		}))
	})
}

func BenchmarkPotrfBatch4(b *testing.B) {
	for _, sh := range [][2]int{{32, 0}, {10, 32}, {128, 0}, {66, 128}} {
		n, k0 := sh[0], sh[1]
		for _, p := range Available() {
			b.Run(fmt.Sprintf("n=%d/k0=%d/impl=%s", n, k0, p), func(b *testing.B) {
				require.NoError(b, Force(p))
				defer func() { _ = Force("auto") }()
				c := newBatch4Case(rand.New(rand.NewPCG(1, 2)), n, k0, n+1, 0)
				a := append([]float64(nil), c.a()...)
				inv := make([]float64, 4*n)
				b.ReportAllocs()
				for b.Loop() {
					copy(a, c.a())
					PotrfBatch4(a, inv, n, k0, n+1)
				}
				fma := 4 * (float64(n*n*n)/6 + float64(n*n)*float64(k0)/2)
				b.ReportMetric(2*fma*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// SqrtBatch4, DivBatch4 and StoreMulBatch4 equal their twins bit for bit (one rounding
// per operation) on every length, zero and negative divisors included, and
// StoreMulBatch4 reports a non-finite product in any lane.
func TestBatch4ElementwiseMatchesTwins(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(89, 90))
		for n := 0; n <= 41; n++ {
			x := randSlice(rng, n)
			for i := range x {
				x[i] = math.Abs(x[i]) * 3
			}
			got := append(append([]float64(nil), x...), math.NaN())
			want := append(make([]float64, 0, n), x...)
			SqrtBatch4(got[:n])
			sqrtBatch4Generic(want)
			require.Equal(t, want, got[:n], "sqrt n=%d", n)
			require.True(t, math.IsNaN(got[n]))

			s := randSlice(rng, n)
			for i := 0; i < n; i += 3 {
				s[i] = 0
			}
			b := randSlice(rng, n)
			got = append(append([]float64(nil), b...), math.NaN())
			want = append(make([]float64, 0, n), b...)
			DivBatch4(got[:n], s)
			divBatch4Generic(want, s)
			require.Equal(t, want, got[:n], "div n=%d", n)
			require.True(t, math.IsNaN(got[n]))
		}
		for n := 0; n <= 13; n++ {
			for _, ld := range []int{4, 7} {
				s, x := randSlice(rng, 4*n), randSlice(rng, 4*n)
				back := make([]float32, n*ld+guard)
				for i := range back {
					back[i] = nan32
				}
				want := make([]float32, n*ld)
				require.True(t, StoreMulBatch4(back, ld, s, x, n))
				require.True(t, storeMulBatch4Generic(want, ld, s, x, n))
				for r := 0; r < n; r++ {
					for c := 0; c < ld; c++ {
						if c < 4 {
							require.Equal(t, want[r*ld+c], back[r*ld+c], "n=%d ld=%d", n, ld)
						} else {
							require.True(t, math.IsNaN(float64(back[r*ld+c])), "n=%d ld=%d gap written", n, ld)
						}
					}
				}
				for _, v := range back[n*ld:] {
					require.True(t, math.IsNaN(float64(v)), "n=%d guard written", n)
				}
				for i := 0; i < 4*n; i += 5 {
					for _, bad := range []float64{math.Inf(1), math.NaN()} {
						old := x[i]
						x[i] = bad
						assert.False(t, StoreMulBatch4(back, ld, s, x, n), "n=%d entry %d %v", n, i, bad)
						x[i] = old
					}
				}
			}
		}
	})
}
