package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/tinynet/model"
)

// Resuming a training run (--resume FILE). Every checkpoint a training run writes holds,
// besides the model, the trainer's state (core.Trainer.ExportState: weights as trained,
// optimizer state, ρ, counters) and the position of the loop in its data order: the epoch,
// the steps done in it, the order of the training rows in this epoch and the state of the
// generator that shuffles the next ones. --resume loads all of it, so a run of N steps
// saved and resumed for M steps ends bit for bit where a run of N+M steps ends, given the
// same data, seed and flags. Early stopping starts afresh on resume, and with early
// stopping the saved weights are those of the best evaluation while the position is the
// last one; use --patience 0 for an exact continuation.

// The means that fill in missing inputs (--na mean) and the Forster map (--forster) are
// rounded to float32, the precision the checkpoint keeps them in, before training uses
// them: a resumed run reads back exactly the values the interrupted one trained with,
// and predict applies exactly what training applied.

// asStored rounds v in place to the float32 values a checkpoint keeps and returns it; a
// value beyond float32's range is left as it is (no checkpoint can hold it).
func asStored(v []float64) []float64 {
	for i, x := range v {
		if r := float64(float32(x)); !math.IsInf(r, 0) {
			v[i] = r
		}
	}
	return v
}

// Names of the loop's state tensors in model.Model.Optim.
const (
	loopPosition = "loop.position" // epoch, steps done in it, steps per epoch, training rows
	loopOrder    = "loop.order"    // the training rows in this epoch's order
	loopRNG      = "loop.rng"      // the shuffling generator's state, one byte per value
	loopNorm     = "loop.norm"     // the normalization, bit-exact (the layer tensors round it to float32)
)

// loopPos is where a training loop stands, kept current by the loop for checkpoints.
type loopPos struct {
	epoch, done, perEpoch int // epoch (0 before the first), steps done in it, steps per epoch
	order                 []int
	src                   *rand.PCG
}

// exportRun writes the trainer's and the loop's state into m.Optim, for a checkpoint.
func exportRun(m *model.Model, tr *core.Trainer, pos *loopPos) {
	m.Optim = tr.ExportState(m.Optim)
	if pos == nil {
		return
	}
	setTensor(m, loopPosition, []float32{float32(pos.epoch), float32(pos.done), float32(pos.perEpoch), float32(len(pos.order))})
	order := make([]float32, len(pos.order))
	for i, r := range pos.order {
		order[i] = float32(r)
	}
	setTensor(m, loopOrder, order)
	b, _ := pos.src.MarshalBinary() // cannot fail
	rng := make([]float32, len(b))
	for i, v := range b {
		rng[i] = float32(v)
	}
	setTensor(m, loopRNG, rng)
	var norm []float64
	for _, n := range []*model.Norm{m.XNorm, m.YNorm} {
		if n != nil {
			norm = append(append(norm, n.Mean...), n.Std...)
		}
	}
	enc := make([]float32, core.Float64Words*len(norm))
	core.PutFloat64s(enc, norm)
	setTensor(m, loopNorm, enc)
}

// exactNorm puts the bit-exact normalization saved by exportRun back into prev.
func exactNorm(prev *model.Model) error {
	var norm []float64
	for _, n := range []*model.Norm{prev.XNorm, prev.YNorm} {
		if n != nil {
			norm = append(append(norm, n.Mean...), n.Std...)
		}
	}
	for _, t := range prev.Optim {
		if t.Name != loopNorm {
			continue
		}
		if !core.Float64s(norm, t.Data) {
			return fmt.Errorf("%s does not match the checkpoint's normalization", loopNorm)
		}
		for _, n := range []*model.Norm{prev.XNorm, prev.YNorm} {
			if n != nil {
				k := len(n.Mean)
				copy(n.Mean, norm[:k])
				copy(n.Std, norm[k:2*k])
				norm = norm[2*k:]
			}
		}
		return nil
	}
	return fmt.Errorf("the checkpoint holds no training loop state (it was not written by a training run of this version)")
}

// setTensor replaces or appends the named tensor of m.Optim.
func setTensor(m *model.Model, name string, data []float32) {
	t := model.Tensor{Name: name, Shape: []int{len(data)}, Data: data}
	for i := range m.Optim {
		if m.Optim[i].Name == name {
			m.Optim[i] = t
			return
		}
	}
	m.Optim = append(m.Optim, t)
}

// importLoop reads a loop position saved by exportRun for a loop of perEpoch steps over
// the rows train (as a set), into pos.
func importLoop(prev *model.Model, pos *loopPos, perEpoch int, train []int) error {
	get := func(name string) []float32 {
		for _, t := range prev.Optim {
			if t.Name == name {
				return t.Data
			}
		}
		return nil
	}
	p, order, rng := get(loopPosition), get(loopOrder), get(loopRNG)
	if len(p) != 4 || order == nil || rng == nil {
		return fmt.Errorf("the checkpoint holds no training loop position (it was not written by a training run of this version)")
	}
	if int(p[2]) != perEpoch || int(p[3]) != len(train) || len(order) != len(train) {
		return fmt.Errorf("the saved run had %d training rows in %d steps per epoch, this one %d in %d: resume with the data, --val, --split, --seed and --batch of the saved run",
			int(p[3]), int(p[2]), len(train), perEpoch)
	}
	inTrain := make(map[int]bool, len(train))
	for _, r := range train {
		inTrain[r] = true
	}
	rows := make([]int, len(order))
	for i, v := range order {
		r := int(v)
		if float32(r) != v || !inTrain[r] {
			return fmt.Errorf("the saved data order names row %v, which is not a training row of this run: resume with the data, --val, --split and --seed of the saved run", v)
		}
		rows[i] = r
	}
	b := make([]byte, len(rng))
	for i, v := range rng {
		if v < 0 || v > 255 || v != float32(byte(v)) {
			return fmt.Errorf("the saved generator state is damaged")
		}
		b[i] = byte(v)
	}
	if err := pos.src.UnmarshalBinary(b); err != nil {
		return fmt.Errorf("the saved generator state is damaged: %v", err)
	}
	pos.epoch, pos.done, pos.order = int(p[0]), int(p[1]), rows
	return nil
}
