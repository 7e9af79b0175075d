package lapack

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"testing"

	"github.com/edgetrain/edgetrain/simd"
)

func TestTmpTable2(t *testing.T) {
	if os.Getenv("TMPTABLE") == "" {
		t.Skip()
	}
	for _, n := range []int{64, 256, 512} {
		rng := rand.New(rand.NewPCG(9, uint64(n)))
		a := randomRows(rng, n, n, n)
		b := randomRows(rng, n, n, n)
		c := make([]float64, n*n)
		fl := 2 * cubeOf(n)
		res := map[string][]float64{}
		for r := 0; r < 5; r++ {
			for _, p := range []string{"generic", "avx2"} {
				simd.Force(p)
				tm := medianCPU(max(1, min(50, int(3e7/fl))), func() { simd.GemmNT64(n, n, n, 1, a, n, b, n, c, n) })
				res[p] = append(res[p], fl/tm/1e9)
			}
		}
		simd.Force("auto")
		med := func(k string) float64 { s := res[k]; sort.Float64s(s); return s[len(s)/2] }
		fmt.Printf("| GemmNT64 n=%d | %.2f | %.2f |\n", n, med("generic"), med("avx2"))
	}
	for _, n := range []int{256, 1280} {
		rng := rand.New(rand.NewPCG(5, uint64(n)))
		a := spdWithSpectrum(rng, n, 100, false)
		am, x, rhs := make([]float64, n*n), make([]float64, n), randomRows(rng, 1, n, n)
		w32, w64 := make([]float32, DsposvWork32(n)), make([]float64, DsposvWork64(n, 1))
		var tm, td []float64
		for r := 0; r < 5; r++ {
			tm = append(tm, medianCPU(3, func() { copy(am, a); Dsposv(n, 1, am, n, rhs, n, x, n, w32, w64) }))
			td = append(td, medianCPU(3, func() { copy(am, a); Dpotrf(n, am, n); copy(x, rhs); Dpotrs(n, am, n, x) }))
		}
		sort.Float64s(tm)
		sort.Float64s(td)
		fmt.Printf("| Dsposv n=%d | mixed %.0f us | float64 %.0f us |\n", n, tm[2]*1e6, td[2]*1e6)
	}
}
