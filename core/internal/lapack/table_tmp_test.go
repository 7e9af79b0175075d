package lapack

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"testing"

	"github.com/edgetrain/edgetrain/simd"
)

func TestTmpTable(t *testing.T) {
	if os.Getenv("TMPTABLE") == "" {
		t.Skip()
	}
	type job struct {
		name  string
		flops float64
		runs  map[string]func()
	}
	var jobs []job
	for _, n := range []int{64, 256, 1280} {
		rng := rand.New(rand.NewPCG(9, uint64(n)))
		spd := randomSPD(rng, n, n, 0.05)
		gen := randomGeneral(rng, n, n, 0)
		l, lu, piv := make([]float64, n*n), make([]float64, n*n), make([]float64, n)
		fact := append([]float64(nil), spd...)
		Dpotrf(n, fact, n)
		luf := append([]float64(nil), gen...)
		lupiv := make([]float64, n)
		Dgetrf(n, luf, n, lupiv)
		const nrhs = 128
		x := randomRows(rng, nrhs, n, n)
		jobs = append(jobs,
			job{fmt.Sprintf("Dpotrf n=%d", n), cubeOf(n) / 3, map[string]func(){
				"ref":  func() { copy(l, spd); dpotrfGeneric(n, l, n) },
				"fast": func() { copy(l, spd); Dpotrf(n, l, n) }}},
			job{fmt.Sprintf("DpotrsRows n=%d nrhs=128", n), 2 * float64(n*n) * nrhs, map[string]func(){
				"ref": func() {
					for r := 0; r < nrhs; r++ {
						dpotrsGeneric(n, fact, n, x[r*n:(r+1)*n])
					}
				},
				"fast": func() { DpotrsRows(n, nrhs, fact, n, x, n) }}},
			job{fmt.Sprintf("Dgetrf n=%d", n), 2 * cubeOf(n) / 3, map[string]func(){
				"ref":  func() { copy(lu, gen); dgetrfGeneric(n, lu, n, piv) },
				"fast": func() { copy(lu, gen); Dgetrf(n, lu, n, piv) }}},
			job{fmt.Sprintf("DgetrsRows n=%d nrhs=128", n), 2 * float64(n*n) * nrhs, map[string]func(){
				"ref": func() {
					for r := 0; r < nrhs; r++ {
						Dgetrs(n, luf, n, lupiv, x[r*n:(r+1)*n])
					}
				},
				"fast": func() { DgetrsRows(n, nrhs, luf, n, lupiv, x, n) }}},
		)
	}
	rounds := 5
	for _, j := range jobs {
		res := map[string][]float64{}
		for r := 0; r < rounds; r++ {
			for _, p := range []string{"generic", "avx2"} {
				simd.Force(p)
				for _, v := range []string{"ref", "fast"} {
					reps := max(1, min(50, int(3e7/j.flops)))
					tm := medianCPU(reps, j.runs[v])
					res[p+"/"+v] = append(res[p+"/"+v], j.flops/tm/1e9)
				}
			}
		}
		simd.Force("auto")
		med := func(k string) float64 { s := res[k]; sort.Float64s(s); return s[len(s)/2] }
		fmt.Printf("| %s | %.2f | %.2f | %.2f | %.2f |\n", j.name, med("generic/ref"), med("avx2/ref"), med("generic/fast"), med("avx2/fast"))
	}
}
