//go:build !purego && !noasm

package simd

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPackStrip16AVX2MatchesTwin(t *testing.T) {
	if !cpuAVX2 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewPCG(16, 2))
	for _, k := range []int{1, 2, 3, 7, 64, 255, 256} {
		for _, ld := range []int{16, 37, 256} {
			b := rand32(rng, (k-1)*ld+16+3)
			want := rand32(rng, k*16+5)
			got := append([]float32(nil), want...)
			packStrip16(want, k, b[3:], ld)
			packStrip16AVX2(k, &b[3], ld, &got[0])
			assert.Equal(t, want, got, fmt.Sprintf("k=%d ldb=%d", k, ld))
		}
	}
}
