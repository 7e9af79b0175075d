package simd

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPackStripsOnlyForConflictingStrides(t *testing.T) {
	assert.True(t, packStrips(1280, 256, 256), "rows 1 KiB apart share 4 sets")
	assert.True(t, packStrips(384, 64, 1024), "rows 4 KiB apart share 1 set")
	assert.False(t, packStrips(1280, 256, 264), "a padded stride spreads the rows")
	assert.False(t, packStrips(1280, 256, 16), "a contiguous strip never conflicts")
	assert.False(t, packStrips(256, 64, 64), "64 rows 256 B apart fit their 16 sets")
	assert.False(t, packStrips(256, 256, 256), "too few rows to pay for the copy")
}

// A product whose B stride asks for strip copies gives C bit for bit as the same
// product with B at a padded stride (no copies), for GemmNN and GemmTN, with and
// without beta, on every path.
func TestStripCopiesLeaveCUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 256))
	forEachPath(t, func(t *testing.T) {
		for _, sh := range [][3]int{{400, 40, 256}, {390, 37, 300}, {384, 16, 20}, {500, 64, 600}} {
			m, n, k := sh[0], sh[1], sh[2]
			for _, ld := range []int{256, 512, 1024} {
				if ld < n || !packStrips(m, min(k, 256), ld) {
					continue
				}
				a := rand32(rng, m*k)
				at := rand32(rng, k*m)
				b := rand32(rng, k*ld)
				pad := make([]float32, k*(ld+8))
				for q := 0; q < k; q++ {
					copy(pad[q*(ld+8):q*(ld+8)+n], b[q*ld:q*ld+n])
				}
				c0 := rand32(rng, m*n)
				for _, beta := range []float32{0, 0.5} {
					got, want := append([]float32(nil), c0...), append([]float32(nil), c0...)
					GemmNN(m, n, k, 0.75, a, k, b, ld, beta, got, n)
					GemmNN(m, n, k, 0.75, a, k, pad, ld+8, beta, want, n)
					assert.Equal(t, want, got, fmt.Sprintf("GemmNN %v ld=%d beta=%v", sh, ld, beta))
					got, want = append([]float32(nil), c0...), append([]float32(nil), c0...)
					GemmTN(m, n, k, 0.75, at, m, b, ld, beta, got, n)
					GemmTN(m, n, k, 0.75, at, m, pad, ld+8, beta, want, n)
					assert.Equal(t, want, got, fmt.Sprintf("GemmTN %v ld=%d beta=%v", sh, ld, beta))
				}
			}
		}
	})
}
