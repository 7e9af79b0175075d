package lapack

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkTmpSmall(b *testing.B) {
	n := 64
	a := randomSPD(rand.New(rand.NewPCG(1, uint64(n))), n, n, 0.05)
	l := make([]float64, len(a))
	for b.Loop() {
		copy(l, a)
		Dpotrf(n, l, n)
	}
}
