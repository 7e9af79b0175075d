// Package stepbench holds the reference problems of edgetrain's step benchmarks, so that
// `go test ./bench -bench Step` and `edgetrain bench` measure the same thing: three
// network and batch configurations, and for each a seeded network, batch and trainer.
//
// It imports core and tinynet; the library packages never import it.
package stepbench

import (
	"fmt"
	"math/rand/v2"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
)

// Config is one reference configuration: an MLP with two equal hidden layers and a batch.
type Config struct {
	Inputs, Hidden, Outputs int
	Batch                   int
}

// Configs returns the reference configurations, smallest first: in8-h32x2-out1-b32,
// in16-h64x2-out4-b64 and in64-h256x2-out10-b128.
func Configs() []Config {
	return []Config{
		{Inputs: 8, Hidden: 32, Outputs: 1, Batch: 32},
		{Inputs: 16, Hidden: 64, Outputs: 4, Batch: 64},
		{Inputs: 64, Hidden: 256, Outputs: 10, Batch: 128},
	}
}

// Name returns the configuration's label, e.g. "in8-h32x2-out1-b32".
func (c Config) Name() string {
	return fmt.Sprintf("in%d-h%dx2-out%d-b%d", c.Inputs, c.Hidden, c.Outputs, c.Batch)
}

// Spec returns the network: tanh hidden layers, σ_w = 1, σ_b = 0.1.
func (c Config) Spec() tinynet.Spec {
	return tinynet.Spec{
		Widths:     []int{c.Inputs, c.Hidden, c.Hidden, c.Outputs},
		Activation: simd.Tanh,
		SigmaW:     1,
		SigmaB:     0.1,
	}
}

// Problem is a configuration's network (initialized with seed 1) and one batch of
// inputs X (Batch×Inputs) and targets Y (Batch×Outputs), all standard normal from a
// fixed seed: the same numbers on every run and machine.
type Problem struct {
	Config Config
	Net    *tinynet.Net
	X, Y   []float32
}

// Problem builds the configuration's problem. It allocates; build it before measuring.
func (c Config) Problem() Problem {
	net := tinynet.New(c.Spec())
	net.Init(1)
	rng := rand.New(rand.NewPCG(1, 2))
	normal := func(n int) []float32 {
		s := make([]float32, n)
		for i := range s {
			s[i] = float32(rng.NormFloat64())
		}
		return s
	}
	x := normal(c.Batch * c.Inputs)
	y := normal(c.Batch * c.Outputs)
	return Problem{Config: c, Net: net, X: x, Y: y}
}

// Damping is the fixed damping of the benchmark trainers.
const Damping = 1e-2

// Trainer builds the trainer the benchmarks step for method m: core.Defaults(m, MSE)
// with damping Damping, batch capacity Config.Batch.
func (p Problem) Trainer(m core.Method) (*core.Trainer, error) {
	cfg := core.Defaults(m, tinynet.MSE)
	cfg.Damping = Damping
	return core.New(p.Net, p.Config.Batch, cfg)
}

// Step runs one training step of tr on the problem's batch.
func (p Problem) Step(tr *core.Trainer) error {
	_, err := tr.Step(p.X, p.Y, p.Config.Batch)
	return err
}
