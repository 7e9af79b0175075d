package core

// Snapshot is a preallocated copy of everything a Trainer carries from one step to the
// next: the network's parameters, the method's state (SGD velocity, Adam moments and step
// count, K-FAC's averaged factors and their damped inverses), ρ and the step counters.
// Trainer.NewSnapshot allocates one for the trainer's shape; Trainer.Snapshot and
// Trainer.Restore copy into and out of it without allocating, so a training loop can keep
// the state of its best validation loss and return to it (early stopping with
// restore-best). After Restore the trainer continues exactly as it did after the Snapshot.
//
// Input normalization is not the trainer's: a caller that changes it while training must
// keep its own copy next to the snapshot.
type Snapshot struct {
	params   []float32
	f32      []float32 // method state
	f64      []float64
	damping  float64 // the damping policy's level (ρ, or λ with a relative scale)
	rho      float64 // ρ of the last step
	steps    int
	rejects  int
	totalRej int
	taken    bool
}

// stateful is implemented by methods that carry state from one step to the next (the
// Fisher-based methods other than K-FAC recompute everything from each batch).
type stateful interface {
	// stateSize returns the number of float32 and float64 values of the state.
	stateSize() (n32, n64 int)
	// saveState copies the state into f32 and f64 (of the stateSize lengths); loadState
	// copies it back.
	saveState(f32 []float32, f64 []float64)
	loadState(f32 []float32, f64 []float64)
}

// state returns the method's stateful side, or nil.
func (t *Trainer) state() stateful {
	if t.first != nil {
		s, _ := t.first.(stateful)
		return s
	}
	s, _ := t.fisher.(stateful)
	return s
}

// NewSnapshot allocates a snapshot sized for t. It holds nothing until Snapshot fills it.
func (t *Trainer) NewSnapshot() *Snapshot {
	s := &Snapshot{params: make([]float32, len(t.net.Params))}
	if st := t.state(); st != nil {
		n32, n64 := st.stateSize()
		s.f32, s.f64 = make([]float32, n32), make([]float64, n64)
	}
	return s
}

// Taken reports whether the snapshot holds a state.
func (s *Snapshot) Taken() bool { return s.taken }

// Bytes returns the memory the snapshot holds.
func (s *Snapshot) Bytes() int { return 4*(len(s.params)+len(s.f32)) + 8*len(s.f64) }

// fits panics unless s was made by NewSnapshot of a trainer of t's shape and method.
func (t *Trainer) fits(s *Snapshot) {
	var n32, n64 int
	if st := t.state(); st != nil {
		n32, n64 = st.stateSize()
	}
	if len(s.params) != len(t.net.Params) || len(s.f32) != n32 || len(s.f64) != n64 {
		panic("core: snapshot of a trainer of another shape or method")
	}
}

// Snapshot copies the trainer's state into dst (from NewSnapshot of this trainer). It
// allocates nothing.
func (t *Trainer) Snapshot(dst *Snapshot) {
	t.fits(dst)
	copy(dst.params, t.net.Params)
	if st := t.state(); st != nil {
		st.saveState(dst.f32, dst.f64)
	}
	dst.damping, dst.rho, dst.steps, dst.rejects, dst.totalRej = t.level, t.damping, t.steps, t.rejects, t.totalRej
	dst.taken = true
}

// Restore returns the trainer (and its network's parameters) to the state saved in src.
// It allocates nothing and panics when src holds no state.
func (t *Trainer) Restore(src *Snapshot) {
	t.fits(src)
	if !src.taken {
		panic("core: Restore from an empty snapshot")
	}
	copy(t.net.Params, src.params)
	if st := t.state(); st != nil {
		st.loadState(src.f32, src.f64)
	}
	t.level, t.damping, t.steps, t.rejects, t.totalRej = src.damping, src.rho, src.steps, src.rejects, src.totalRej
}

// State of SGD: the velocity.
func (s *sgd) stateSize() (int, int)                { return len(s.v), 0 }
func (s *sgd) saveState(f32 []float32, _ []float64) { copy(f32, s.v) }
func (s *sgd) loadState(f32 []float32, _ []float64) { copy(s.v, f32) }

// State of Adam: both moments and the step count.
func (a *adam) stateSize() (int, int) { return len(a.mv), 1 }
func (a *adam) saveState(f32 []float32, f64 []float64) {
	copy(f32, a.mv)
	f64[0] = float64(a.k)
}
func (a *adam) loadState(f32 []float32, f64 []float64) {
	copy(a.mv, f32)
	a.k = int(f64[0])
}

// State of K-FAC: the primal factors and their damped Cholesky factors, the damping split
// of each layer, and the refresh bookkeeping.
func (kf *kfac) stateSize() (int, int) {
	n := 3
	for l := 1; l < len(kf.layers); l++ {
		k := &kf.layers[l]
		n += 2 + len(k.aFac) + len(k.aChol) + len(k.bFac) + len(k.bChol)
	}
	return 0, n
}

func (kf *kfac) saveState(_ []float32, f64 []float64) {
	have := 0.0
	if kf.have {
		have = 1
	}
	f64[0], f64[1], f64[2] = float64(kf.calls), have, kf.rhoAt
	o := 3
	for l := 1; l < len(kf.layers); l++ {
		k := &kf.layers[l]
		f64[o], f64[o+1] = k.lam, k.mu
		o += 2
		for _, s := range [...][]float64{k.aFac, k.aChol, k.bFac, k.bChol} {
			o += copy(f64[o:], s)
		}
	}
}

func (kf *kfac) loadState(_ []float32, f64 []float64) {
	kf.calls, kf.have, kf.rhoAt = int(f64[0]), f64[1] != 0, f64[2]
	o := 3
	for l := 1; l < len(kf.layers); l++ {
		k := &kf.layers[l]
		k.lam, k.mu = f64[o], f64[o+1]
		o += 2
		for _, s := range [...][]float64{k.aFac, k.aChol, k.bFac, k.bChol} {
			o += copy(s, f64[o:o+len(s)])
		}
	}
}
