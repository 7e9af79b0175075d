package core

import (
	"errors"
	"fmt"
	"math"

	"github.com/edgetrain/edgetrain/tinynet/model"
)

// Optimizer state in checkpoints.
//
// Everything a trainer carries from one step to the next (what its Snapshot holds: the
// raw parameters, the method's state such as SGD velocity, Adam moments and step count,
// K-FAC factors and their damped inverses, then ρ and the step and rejection counters) is
// written into two tensors of model.Model.Optim: "<prefix>.f32" (float32 state as it is)
// and "<prefix>.f64" (float64 state and counters). A checkpoint stores float32 only, so
// each float64 is written bit-exactly as three float32 integers (bits 63–40, 39–16 and
// 15–0 of its IEEE-754 pattern; every such integer is below 2²⁴ and so exact and finite
// in a float32). Counters go through the same encoding as uint64. A restored trainer
// continues bit for bit as if it had never stopped.
//
// One function per component (walkState) lists the pieces in a fixed order and serves to
// count them, to export and to import, the way carve serves a Planner and a Slab.

// ErrState is wrapped by the errors of ImportState and Learner.Restore for optimizer state
// that does not belong to this configuration.
var ErrState = errors.New("core: optimizer state does not match")

// stateIO walks state pieces in order. In counting mode it only sums their sizes; when
// exporting it writes them into f32/f64, when importing it reads them back.
type stateIO struct {
	mode     uint8 // stateCount, stateExport, stateImport
	f32, f64 []float32
	n32, n64 int // cursor (or, counting, the sizes)
}

const (
	stateCount uint8 = iota
	stateExport
	stateImport
)

// words is the number of float32 words that hold one float64 or uint64.
const words = 3

// vec32 visits a float32 slice.
func (s *stateIO) vec32(v []float32) {
	switch s.mode {
	case stateExport:
		copy(s.f32[s.n32:], v)
	case stateImport:
		copy(v, s.f32[s.n32:s.n32+len(v)])
	}
	s.n32 += len(v)
}

// zero32 visits n float32 zeros: written on export, skipped on import.
func (s *stateIO) zero32(n int) {
	if s.mode == stateExport {
		clear(s.f32[s.n32 : s.n32+n])
	}
	s.n32 += n
}

// u64 visits one 64-bit pattern.
func (s *stateIO) u64(v *uint64) {
	switch s.mode {
	case stateExport:
		w := s.f64[s.n64 : s.n64+words]
		w[0] = float32(*v >> 40)
		w[1] = float32(*v >> 16 & (1<<24 - 1))
		w[2] = float32(*v & (1<<16 - 1))
	case stateImport:
		w := s.f64[s.n64 : s.n64+words]
		*v = uint64(w[0])<<40 | uint64(w[1])<<16 | uint64(w[2])
	}
	s.n64 += words
}

// vec64 visits a float64 slice bit-exactly.
func (s *stateIO) vec64(v []float64) {
	for i := range v {
		s.num(&v[i])
	}
}

// num visits one float64.
func (s *stateIO) num(v *float64) {
	b := math.Float64bits(*v)
	s.u64(&b)
	if s.mode == stateImport {
		*v = math.Float64frombits(b)
	}
}

// integer visits an int (as a two's-complement uint64).
func (s *stateIO) integer(v *int) {
	b := uint64(int64(*v))
	s.u64(&b)
	if s.mode == stateImport {
		*v = int(int64(b))
	}
}

// walker is a component whose state goes into checkpoints (the trainer, an online
// learner).
type walker interface{ walkState(s *stateIO) }

// stateMagic starts every f64 tensor: a format number, so a future layout is refused.
const stateMagic = 0x4554_0001

// exportState writes c's state into the two tensors prefix.f32 and prefix.f64 of optim,
// reusing them (and allocating nothing) when they exist with the right sizes, and returns
// the updated list. s is the walker's storage, owned by c so that it need not escape.
func exportState(optim []model.Tensor, prefix32, prefix64 string, kind int, c walker, s *stateIO) []model.Tensor {
	*s = stateIO{mode: stateCount, n64: 2 * words} // magic and kind
	c.walkState(s)
	i32 := tensorFor(&optim, prefix32, s.n32)
	i64 := tensorFor(&optim, prefix64, s.n64)
	*s = stateIO{mode: stateExport, f32: optim[i32].Data, f64: optim[i64].Data}
	magic, k := uint64(stateMagic), uint64(kind)
	s.u64(&magic)
	s.u64(&k)
	c.walkState(s)
	*s = stateIO{}
	return optim
}

// tensorFor returns the index in *optim of a tensor name of n values, resizing or
// appending it when needed.
func tensorFor(optim *[]model.Tensor, name string, n int) int {
	for i := range *optim {
		t := &(*optim)[i]
		if t.Name != name {
			continue
		}
		if len(t.Data) != n || len(t.Shape) != 1 {
			t.Data, t.Shape = make([]float32, n), []int{n}
		}
		return i
	}
	*optim = append(*optim, model.Tensor{Name: name, Shape: []int{n}, Data: make([]float32, n)})
	return len(*optim) - 1
}

// importState reads c's state from the tensors prefix.f32 and prefix.f64 of optim. It
// changes nothing and returns an ErrState error when they are missing, hold another
// kind of state or have other sizes.
func importState(optim []model.Tensor, prefix32, prefix64 string, kind int, c walker) error {
	t32, t64, err := findState(optim, prefix32, prefix64, kind, c)
	if err != nil {
		return err
	}
	s := stateIO{mode: stateImport, f32: t32.Data, f64: t64.Data, n64: 2 * words}
	c.walkState(&s)
	return nil
}

// checkState is importState without the import.
func checkState(optim []model.Tensor, prefix32, prefix64 string, kind int, c walker) error {
	_, _, err := findState(optim, prefix32, prefix64, kind, c)
	return err
}

// findState returns c's state tensors in optim after checking their kind and sizes.
func findState(optim []model.Tensor, prefix32, prefix64 string, kind int, c walker) (t32, t64 *model.Tensor, err error) {
	cnt := stateIO{mode: stateCount, n64: 2 * words}
	c.walkState(&cnt)
	for i := range optim {
		switch optim[i].Name {
		case prefix32:
			t32 = &optim[i]
		case prefix64:
			t64 = &optim[i]
		}
	}
	if t32 == nil || t64 == nil {
		return nil, nil, fmt.Errorf("%w: the checkpoint has no %s and %s tensors", ErrState, prefix32, prefix64)
	}
	for _, v := range t64.Data {
		if !(v >= 0 && v < 1<<24) || v != float32(int32(v)) {
			return nil, nil, fmt.Errorf("%w: %s holds %v, not a state word", ErrState, prefix64, v)
		}
	}
	head := stateIO{mode: stateImport, f64: t64.Data}
	var magic, k uint64
	if len(t64.Data) >= 2*words {
		head.u64(&magic)
		head.u64(&k)
	}
	if magic != stateMagic || k != uint64(kind) {
		return nil, nil, fmt.Errorf("%w: %s was written by another optimizer or format (kind %d, want %d)", ErrState, prefix64, k, kind)
	}
	if len(t32.Data) != cnt.n32 || len(t64.Data) != cnt.n64 {
		return nil, nil, fmt.Errorf("%w: %s/%s hold %d and %d values, this configuration needs %d and %d",
			ErrState, prefix32, prefix64, len(t32.Data), len(t64.Data), cnt.n32, cnt.n64)
	}
	return t32, t64, nil
}

// Names of the trainer's state tensors in model.Model.Optim.
const (
	TrainerState32 = "trainer.f32"
	TrainerState64 = "trainer.f64"
)

// walkState lists the trainer's state as its Snapshot holds it: the raw parameters, the
// method's state, the damping's level and last ρ, and the counters. The raw parameters are state because a
// checkpoint's layer tensors hold the effective weights s_l·W_l rounded to float32, which
// do not give W_l back bit for bit.
func (t *Trainer) walkState(s *stateIO) {
	sn := t.ckpt
	s.vec32(sn.params)
	s.vec32(sn.f32)
	s.vec64(sn.f64)
	s.num(&sn.damping)
	s.num(&sn.rho)
	s.integer(&sn.steps)
	s.integer(&sn.rejects)
	s.integer(&sn.totalRej)
}

// checkpointSnapshot returns the snapshot ExportState and ImportState go through,
// allocating it at the first call.
func (t *Trainer) checkpointSnapshot() *Snapshot {
	if t.ckpt == nil {
		t.ckpt = t.NewSnapshot()
	}
	return t.ckpt
}

// ExportState writes the trainer's optimizer state into the tensors "trainer.f32" and
// "trainer.f64" of optim (see the package's notes on state) and returns the list. When
// optim already holds them with the right sizes (a previous export) they are overwritten
// in place and nothing is allocated.
func (t *Trainer) ExportState(optim []model.Tensor) []model.Tensor {
	t.Snapshot(t.checkpointSnapshot())
	return exportState(optim, TrainerState32, TrainerState64, int(t.cfg.Method), t, &t.sio)
}

// ImportState restores the state exported by a trainer of the same method, network and
// batch capacity, the raw parameters of its network included. It returns an ErrState
// error, changing nothing, when optim holds no such state.
func (t *Trainer) ImportState(optim []model.Tensor) error {
	sn := t.checkpointSnapshot()
	if err := importState(optim, TrainerState32, TrainerState64, int(t.cfg.Method), t); err != nil {
		return err
	}
	sn.taken = true
	t.Restore(sn)
	return nil
}

// Float64Words is the number of float32 values that hold one float64 bit-exactly in
// optimizer state (see the notes on state above).
const Float64Words = words

// PutFloat64s writes src bit-exactly into dst, Float64Words values per float64, for
// state a caller keeps in model.Model.Optim.
func PutFloat64s(dst []float32, src []float64) {
	s := stateIO{mode: stateExport, f64: dst}
	for i := range src {
		v := src[i]
		s.num(&v)
	}
}

// Float64s reads what PutFloat64s wrote into dst; false when src has the wrong length or
// a value that PutFloat64s does not write.
func Float64s(dst []float64, src []float32) bool {
	if len(src) != words*len(dst) {
		return false
	}
	for _, v := range src {
		if !(v >= 0 && v < 1<<24) || v != float32(int32(v)) {
			return false
		}
	}
	s := stateIO{mode: stateImport, f64: src}
	for i := range dst {
		s.num(&dst[i])
	}
	return true
}
