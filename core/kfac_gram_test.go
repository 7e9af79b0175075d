package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/simd"
)

// The mixed-precision Gram agrees with the float64 one to float32 rounding of gramRows-row
// block sums, relative to the diagonal (|c_ij| ≤ √(c_ii c_jj)), on every kernel path, for
// shapes that cut panels and row blocks unevenly; the strict upper triangle is untouched.
func TestGramLowerMixedMatchesFloat64(t *testing.T) {
	defer simd.Force("auto")
	for _, path := range simd.Available() {
		if err := simd.Force(path); err != nil {
			t.Fatal(err)
		}
		for _, sh := range [][3]int{{1, 1, 1}, {5, 3, 4}, {37, 9, 9}, {300, 70, 75}, {129, 130, 131}, {2 * gramRows, 64, 64}, {gramRows + 5, 256, 256}} {
			n, k, lda := sh[0], sh[1], sh[2]
			t.Run(fmt.Sprintf("%s/n=%d/k=%d", path, n, k), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(n), uint64(k)))
				a := make([]float32, n*lda)
				for i := range a {
					a[i] = float32(rng.NormFloat64())
				}
				want := make([]float64, k*k)
				gramLowerGeneric(n, k, a, lda, want, k)
				got := make([]float64, k*k)
				for i := range got {
					got[i] = 7 // sentinel above the diagonal, stale values below it
				}
				gramLowerMixed(n, k, a, lda, got, k, make([]float32, gramScratch(k)))
				var worst float64
				for i := 0; i < k; i++ {
					for j := 0; j < k; j++ {
						if j > i {
							assert.Equal(t, 7.0, got[i*k+j], "upper triangle written at %d,%d", i, j)
							continue
						}
						e := math.Abs(got[i*k+j]-want[i*k+j]) / math.Sqrt(want[i*k+i]*want[j*k+j])
						worst = math.Max(worst, e)
					}
				}
				t.Logf("worst scaled error %.2g", worst)
				assert.Less(t, worst, 4e-7*math.Sqrt(float64(min(n, gramRows))), "worst scaled error")
			})
		}
	}
}

// TestTranspose64 checks the four-row blocked transpose on shapes with and without a
// remainder of rows, and that nothing past the c×r result is written.
func TestTranspose64(t *testing.T) {
	for _, rc := range [][2]int{{1, 1}, {3, 5}, {4, 4}, {5, 3}, {9, 32}, {32, 33}, {33, 1}} {
		r, c := rc[0], rc[1]
		a := make([]float64, r*c)
		for i := range a {
			a[i] = float64(i + 1)
		}
		b := make([]float64, r*c+1)
		b[r*c] = -1
		transpose64(r, c, a, b)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				require.Equal(t, a[i*c+j], b[j*r+i], "%dx%d [%d,%d]", r, c, i, j)
			}
		}
		require.Equal(t, -1.0, b[r*c], "%dx%d: written past the end", r, c)
	}
}

// TestKFACGramLowerMatchesFloat64: the B Gram of kfac.gramLower, small shapes by float64
// outer products and the others by gramLowerMixed, agrees with the float64 definition to
// float64 rounding on the small shapes (float32 blocks on the others), with the strict upper
// triangle untouched and scratch left over from earlier calls not read.
func TestKFACGramLowerMatchesFloat64(t *testing.T) {
	defer simd.Force("auto")
	for _, path := range simd.Available() {
		require.NoError(t, simd.Force(path))
		for _, sh := range [][3]int{{1, 1, 1}, {5, 3, 4}, {32, 32, 33}, {37, 9, 9}, {64, 64, 65}, {9, 33, 33}, {20, 65, 65}} {
			n, k, lda := sh[0], sh[1], sh[2]
			rng := rand.New(rand.NewPCG(uint64(n), uint64(k)))
			a := make([]float32, n*lda)
			for i := range a {
				a[i] = float32(rng.NormFloat64())
			}
			want := make([]float64, k*k)
			gramLowerGeneric(n, k, a, lda, want, k)
			kf := &kfac{htT: make([]float64, n*simd.TransStride(k)), g32: make([]float32, gramScratch(k))}
			for i := range kf.htT {
				kf.htT[i] = math.NaN() // stale scratch
			}
			got := make([]float64, k*k)
			for i := range got {
				got[i] = 7
			}
			kf.gramLower(n, k, a, lda, got, k)
			tol := 1e-13
			if n > gramSmall || k > gramSmall {
				tol = 1e-5
			}
			for i := 0; i < k; i++ {
				for j := 0; j < k; j++ {
					if j > i {
						require.Equal(t, 7.0, got[i*k+j], "%s n=%d k=%d: upper triangle written at %d,%d", path, n, k, i, j)
						continue
					}
					e := math.Abs(got[i*k+j]-want[i*k+j]) / math.Sqrt(want[i*k+i]*want[j*k+j])
					require.Less(t, e, tol, "%s n=%d k=%d: [%d,%d]", path, n, k, i, j)
				}
			}
		}
	}
}
