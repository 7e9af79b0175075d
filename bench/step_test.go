package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// refConfig is one of the reference configurations of the step benchmarks.
type refConfig struct {
	name   string
	widths []int
	batch  int
}

var refConfigs = []refConfig{
	{"in8-h32x2-out1-b32", []int{8, 32, 32, 1}, 32},
	{"in16-h64x2-out4-b64", []int{16, 64, 64, 4}, 64},
	{"in64-h256x2-out10-b128", []int{64, 256, 256, 10}, 128},
}

func problem(widths []int, n int) (*tinynet.Net, []float32, []float32) {
	net := tinynet.New(tinynet.Spec{Widths: widths, Activation: simd.Tanh, SigmaW: 1, SigmaB: 0.1})
	net.Init(1)
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, n*widths[0])
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	y := make([]float32, n*widths[len(widths)-1])
	for i := range y {
		y[i] = float32(rng.NormFloat64())
	}
	return net, x, y
}

// BenchmarkStep measures one training step (ns/op = ns/step, allocs/op = allocs/step) for
// every method, reference configuration and available kernel path, side by side:
//
//	go test ./bench -run '^$' -bench Step -benchtime 2s
func BenchmarkStep(b *testing.B) {
	defer simd.Force("auto")
	for _, m := range core.Methods() {
		for _, rc := range refConfigs {
			for _, path := range simd.Available() {
				name := fmt.Sprintf("method=%s/config=%s/impl=%s", m, rc.name, path)
				b.Run(name, func(b *testing.B) {
					if err := simd.Force(path); err != nil {
						b.Skip(err)
					}
					net, x, y := problem(rc.widths, rc.batch)
					cfg := core.Defaults(m, tinynet.MSE)
					cfg.Damping = 1e-2
					tr, err := core.New(net, rc.batch, cfg)
					if err != nil {
						b.Skip(err)
					}
					b.ReportAllocs()
					for b.Loop() {
						if _, err := tr.Step(x, y, rc.batch); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
				})
			}
		}
	}
}
