package core_test

import (
	"fmt"
	"math"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Train a small regression network with exact NGD and the default configuration.
func Example() {
	net := tinynet.New(tinynet.Spec{Widths: []int{2, 16, 16, 1}, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1})
	net.Init(1)

	// 32 samples of y = sin(3·x0) + x1/2 on a grid
	const n = 32
	x := make([]float32, 2*n)
	y := make([]float32, n)
	for i := 0; i < n; i++ {
		x0, x1 := float64(i%8)/4-1, float64(i/8)/2-1
		x[2*i], x[2*i+1] = float32(x0), float32(x1)
		y[i] = float32(math.Sin(3*x0) + x1/2)
	}

	tr, err := core.New(net, n, core.Defaults(core.Exact, tinynet.MSE))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tr.Plan())
	var start, end float64
	for step := 0; step < 20; step++ {
		info, err := tr.Step(x, y, n)
		if err != nil {
			fmt.Println(err)
			return
		}
		if step == 0 {
			start = info.Loss
		}
		end = info.LossAfter
	}
	fmt.Println("loss fell by more than 10×:", end < start/10)
	// Output:
	// exact: one dual system of 32
	// loss fell by more than 10×: true
}

// Defaults is the recommended configuration; change a field to override it.
func ExampleDefaults() {
	cfg := core.Defaults(core.KFAC, tinynet.SoftmaxCE)
	fmt.Println(cfg.Method, cfg.LRMode == core.LRAuto, cfg.LR, cfg.Damping, cfg.DampingScale == core.ScaleFisherResidual, cfg.MaxRelStep)
	cfg.LRMode, cfg.LR, cfg.MaxRelStep = core.LRFixed, 0.5, 0 // the exact K-FAC step at η = 0.5
	cfg.Damping, cfg.DampingScale = 1e-3, core.ScaleAbsolute  // with ρ = 1e-3
	fmt.Println(cfg.LRMode == core.LRFixed, cfg.LR, cfg.Damping)
	// Output:
	// kfac true 0.3 1 true 0.1
	// true 0.5 0.001
}

// Methods lists every optimizer by name.
func ExampleMethods() {
	for _, m := range core.Methods() {
		fmt.Println(m, m.IsNGD())
	}
	// Output:
	// exact true
	// blockdiag true
	// tridiag true
	// unitwise true
	// kfac true
	// sgd false
	// adam false
}
