package core

import (
	"math/rand/v2"
	"testing"

	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// BenchmarkKFACDirection times the K-FAC direction alone (factors, solves, product) on the
// smallest and largest reference shapes of bench/stepbench, after one forward pass and the
// backward signals.
func BenchmarkKFACDirection(b *testing.B) {
	for _, c := range []struct {
		name   string
		widths []int
		n      int
	}{
		{"in8-h32x2-out1-b32", []int{8, 32, 32, 1}, 32},
		{"in16-h64x2-out4-b64", []int{16, 64, 64, 4}, 64},
		{"in64-h256x2-out10-b128", []int{64, 256, 256, 10}, 128},
	} {
		b.Run(c.name, func(b *testing.B) {
			net := tinynet.New(tinynet.Spec{Widths: c.widths, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1})
			net.Init(1)
			rng := rand.New(rand.NewPCG(1, 2))
			x := make([]float32, c.n*c.widths[0])
			y := make([]float32, c.n*c.widths[len(c.widths)-1])
			for i := range x {
				x[i] = float32(rng.NormFloat64())
			}
			for i := range y {
				y[i] = float32(rng.NormFloat64())
			}
			cfg := Defaults(KFAC, tinynet.MSE)
			cfg.Damping = 1e-2
			tr, err := New(net, c.n, cfg)
			if err != nil {
				b.Fatal(err)
			}
			tr.ws.Forward(tr.net, x, c.n)
			tr.curvature()
			tr.ws.Signals(tr.net)
			tr.setDamping()
			b.ReportAllocs()
			for b.Loop() {
				if !tr.fisher.direction() {
					b.Fatal("direction failed")
				}
			}
		})
	}
}
