package lapack

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

func TestTmpSmallCmp(t *testing.T) {
	if os.Getenv("TMPCPU") == "" {
		t.Skip()
	}
	for _, n := range []int{40, 48, 56} {
		a := randomSPD(rand.New(rand.NewPCG(1, uint64(n))), n, n, 0.05)
		l := make([]float64, len(a))
		line := fmt.Sprintf("n=%d", n)
		for r := 0; r < 3; r++ {
			tg := medianCPU(3000, func() { copy(l, a); dpotrfGeneric(n, l, n) })
			ts := medianCPU(3000, func() { copy(l, a); dpotrfSmall(n, l, n) })
			line += fmt.Sprintf(" | crout-simd %.2fus small %.2fus", tg*1e6, ts*1e6)
		}
		fmt.Println(line)
	}
}
