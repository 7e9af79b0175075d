package simd

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTranspose64IsTheTranspose: on every path, for shapes with and without partial blocks
// of four and with stride gaps, B is A transposed element for element and the gaps of B
// stay unwritten.
func TestTranspose64IsTheTranspose(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, r := range []int{1, 3, 4, 5, 8, 9, 32, 33, 70} {
			for _, c := range []int{1, 2, 4, 7, 8, 12, 32, 33, 45} {
				lda, ldb := c+r%3, r+1+c%2
				if r == 70 {
					ldb = 72 + c%2 // B's rows far apart: the tiled order
				}
				a := make([]float64, (r-1)*lda+c)
				for i := range a {
					a[i] = float64(i + 1)
				}
				b := make([]float64, c*ldb)
				for i := range b {
					b[i] = math.NaN()
				}
				Transpose64(r, c, a, lda, b, ldb)
				for j := 0; j < c; j++ {
					for i := 0; i < ldb; i++ {
						if i >= r {
							require.True(t, math.IsNaN(b[j*ldb+i]), "%dx%d: gap [%d,%d] written", r, c, j, i)
							continue
						}
						require.Equal(t, a[i*lda+j], b[j*ldb+i], "%dx%d: [%d,%d]", r, c, j, i)
					}
				}
			}
		}
	})
}
