package lapack

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"unsafe"

	"github.com/edgetrain/edgetrain/simd"
)

func threadCPU() float64 {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&ts)), 0)
	return float64(ts.Sec) + float64(ts.Nsec)*1e-9
}

func medianCPU(reps int, f func()) float64 {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var ts []float64
	for r := 0; r < reps; r++ {
		t0 := threadCPU()
		f()
		ts = append(ts, threadCPU()-t0)
	}
	sort.Float64s(ts)
	return ts[len(ts)/2]
}

func TestTmpCPU(t *testing.T) {
	if os.Getenv("TMPCPU") == "" {
		t.Skip()
	}
	for _, n := range []int{56, 64, 96, 128} {
		a := randomSPD(rand.New(rand.NewPCG(1, uint64(n))), n, n, 0.05)
		l := make([]float64, len(a))
		reps := max(5, 2000000/(n*n*n/3+1))
		reps = min(reps, 2000)
		fl := float64(n) * float64(n) * float64(n) / 3
		tu := medianCPU(reps, func() { copy(l, a); dpotrfGeneric(n, l, n) })
		line := fmt.Sprintf("n=%d unblocked %.2f", n, fl/tu/1e9)
		for _, p := range simd.Available() {
			simd.Force(p)
			tb := medianCPU(reps, func() { copy(l, a); Dpotrf(n, l, n) })
			line += fmt.Sprintf(" %s %.2f (%.1fus)", p, fl/tb/1e9, tb*1e6)
		}
		simd.Force("auto")
		fmt.Println(line)
	}
}
