package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gramCase fills a kb×k block (stride lda, at an offset with guard values around it) and a
// float64 C with stale values, and returns what GramAddLower32 must leave in C: the
// specification's sums added to the stale lower triangle, the upper triangle untouched.
func gramCase(rng *rand.Rand, kb, k, lda, ldc int) (a []float32, c, want []float64, bound []float64) {
	a = make([]float32, guard+(kb-1)*lda+k+guard)
	for i := range a {
		a[i] = nan32 // never read: the guard bands and the stride padding
	}
	for p := 0; p < kb; p++ {
		for j := 0; j < k; j++ {
			a[guard+p*lda+j] = float32(rng.NormFloat64())
		}
	}
	c = make([]float64, (k-1)*ldc+k)
	for i := range c {
		c[i] = float64(i%7) - 3
	}
	want = append([]float64(nil), c...)
	gramAddLower32Generic(kb, k, a[guard:], lda, want, ldc)
	// |Σ a_i a_j| ≤ √(Σa_i² Σa_j²): the error scale of entry (i, j)
	bound = make([]float64, k)
	for i := range bound {
		for p := 0; p < kb; p++ {
			v := float64(a[guard+p*lda+i])
			bound[i] += v * v
		}
	}
	return a[guard:], c, want, bound
}

func checkGram(t *testing.T, name string, kb, k, ldc int, got, want, bound []float64) {
	t.Helper()
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			g, w := got[i*ldc+j], want[i*ldc+j]
			if j > i {
				if g != w {
					t.Fatalf("%s kb=%d k=%d: upper triangle written at %d,%d", name, kb, k, i, j)
				}
				continue
			}
			tol := 2 * float64(kb+2) * eps32 * math.Sqrt(bound[i]*bound[j])
			if !(math.Abs(g-w) <= tol) {
				t.Fatalf("%s kb=%d k=%d: c[%d,%d] = %g, want %g (tolerance %.2g)", name, kb, k, i, j, g, w, tol)
			}
		}
	}
}

// GramAddLower32 adds the float32-summed block Gram to the lower triangle on every path,
// for blocks that cut the 6×16 tiles and the 64-column panels unevenly; the upper triangle
// and everything outside the operands stay as they were.
func TestGramAddLower32MatchesGeneric(t *testing.T) {
	shapes := [][2]int{{1, 1}, {3, 2}, {1, 7}, {5, 16}, {9, 17}, {16, 22}, {33, 31}, {7, 48}, {64, 64}, {40, 65}, {128, 70}, {128, 256}}
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, sh := range shapes {
			kb, k := sh[0], sh[1]
			lda, ldc := k+kb%3, k+k%5
			a, c, want, bound := gramCase(rng, kb, k, lda, ldc)
			pack := make([]float32, GramPackLen(kb, k))
			GramAddLower32(kb, k, a, lda, c, ldc, pack)
			checkGram(t, "GramAddLower32", kb, k, ldc, c, want, bound)
		}
		a, c := make([]float32, 64*40), make([]float64, 40*40)
		pack := make([]float32, GramPackLen(64, 40))
		assert.Zero(t, testing.AllocsPerRun(10, func() { GramAddLower32(64, 40, a, 40, c, 40, pack) }))
	})
}

// The packed tile driver with the Go tile kernel (the assembly's specification, and the
// driver's logic on every architecture) matches the specification; on amd64 with AVX2 the
// assembly tile kernel matches the Go one.
func TestGramPackedTilesMatchGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, sh := range [][2]int{{1, 1}, {2, 5}, {6, 6}, {3, 15}, {17, 16}, {12, 21}, {50, 47}, {128, 96}, {9, 100}} {
		kb, k := sh[0], sh[1]
		for _, lda := range []int{k + 1, 512} { // read in place (k ≥ 16), and packed
			a, c, want, bound := gramCase(rng, kb, k, lda, k)
			gramPacked(false, kb, k, a, lda, c, k, make([]float32, GramPackLen(kb, k)))
			checkGram(t, fmt.Sprintf("gramPacked(Go tiles, lda %d)", lda), kb, k, k, c, want, bound)
		}
	}
	if !useAVX2 {
		t.Skip("no assembly tile kernel on this path")
	}
	for _, k := range []int{1, 2, 31, 128} {
		ld := 40
		ai, aj := rand32(rng, (k-1)*ld+6), rand32(rng, (k-1)*ld+16)
		got, want := make([]float64, 5*20+16), make([]float64, 5*20+16)
		for i := range got {
			got[i] = float64(i)
			want[i] = float64(i)
		}
		add := k%2 == 0
		gramTile(true, k, ai, aj, ld, got, 20, add)
		gramK6x16Go(k, ai, aj, ld, want, 20, add)
		for i := range got {
			r, j := i/20, i%20
			if j >= 16 {
				require.Equal(t, float64(i), got[i], fmt.Sprintf("k=%d: element %d outside the tile written", k, i))
				continue
			}
			assert.InDelta(t, want[i], got[i], 2*float64(k+2)*eps32*float64(k)*4+1e-300, "k=%d tile %d,%d", k, r, j)
		}
	}
}

// The 8×8 tile and the column of 6×16 tiles form every entry with the same fused
// multiply-adds in the same order as the 6×16 tile kernel, so on the assembly path an
// entry is bit for bit the same whichever tile forms it; each Go twin matches its kernel's
// assembly within float32 rounding (Go does not fuse on amd64).
func TestGramTilesAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const ld = 40
	for _, k := range []int{1, 2, 3, 31, 128} {
		a := rand32(rng, (k-1)*ld+ld)
		tol := 2*float64(k+2)*eps32*float64(k)*4 + 1e-300
		// 8×8 tile at rows 3…, columns 9…: against the 6×16 tiles at rows 3… and 5…
		got, want := make([]float64, 8*8), make([]float64, 8*8)
		gramTile8(useAVX2, k, a[3:], a[9:], ld, got, 8, false)
		gramK8x8Go(k, a[3:], a[9:], ld, want, 8, false)
		for i := range got {
			assert.InDelta(t, want[i], got[i], tol, "k=%d 8x8 entry %d", k, i)
		}
		var t6 [2][96]float64
		gramTile(useAVX2, k, a[3:], a[9:], ld, t6[0][:], 16, false)
		gramTile(useAVX2, k, a[5:], a[9:], ld, t6[1][:], 16, false)
		for r := 0; r < 8; r++ {
			for j := 0; j < 8; j++ {
				tt, rr := 0, r
				if r >= 6 { // the tile at rows 5… holds rows 6 and 7 of the 8×8 tile
					tt, rr = 1, r-2
				}
				x := t6[tt][rr*16+j]
				require.Equal(t, x, got[r*8+j], "k=%d: 8x8 and 6x16 tiles differ at %d,%d", k, r, j)
			}
		}
		// the 8×8 tile adding its lower triangle only: the entries above it, and the
		// columns past the tile, keep their values
		gotl, wantl := make([]float64, 8*10), make([]float64, 8*10)
		for i := range gotl {
			gotl[i] = float64(i % 7)
			wantl[i] = gotl[i]
		}
		t8 := make([]float64, 8*8)
		gramTile8(useAVX2, k, a[3:], a[3:], ld, t8, 8, false)
		gramTile8Lower(useAVX2, k, a[3:], a[3:], ld, gotl, 10)
		gramK8x8LowerGo(k, a[3:], a[3:], ld, wantl, 10)
		for i := range gotl {
			r, j := i/10, i%10
			if j > r {
				require.Equal(t, float64(i%7), gotl[i], "k=%d: entry %d,%d above the diagonal written", k, r, j)
				continue
			}
			assert.InDelta(t, wantl[i], gotl[i], tol, "k=%d lower 8x8 entry %d", k, i)
			require.Equal(t, float64(i%7)+t8[r*8+j], gotl[i], "k=%d: lower 8x8 entry %d,%d is not the 8x8 tile's sum", k, r, j)
		}
		// a column of three 6×16 tiles adding into C: against three single tiles
		gotc, wantc := make([]float64, 18*20), make([]float64, 18*20)
		for i := range gotc {
			gotc[i] = float64(i % 11)
			wantc[i] = gotc[i]
		}
		gramTileCol(useAVX2, k, 3, a[2:], a[17:], ld, gotc, 20)
		for tt := 0; tt < 3; tt++ {
			gramTile(useAVX2, k, a[2+6*tt:], a[17:], ld, wantc[6*tt*20:], 20, true)
		}
		require.Equal(t, wantc, gotc, "k=%d: column of tiles", k)
	}
}
