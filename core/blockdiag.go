package core

// Layer-wise block-diagonal NGD (DESIGN.md §5, PAPER.md §3.1): G = blockdiag_l(F_ll) with
// F_ll = J_lᵀΛ̃J_l. By the push-through identity each layer is one dual solve,
//
//	(Λ̃Θ_l + ρI) v_l = r̃,   d_l = −J_lᵀ v_l,
//
// with Θ_l = J_lJ_lᵀ the layer NTK. With ρ → 0 and every Θ_l invertible the function-space
// step is K = Σ_l Θ_lΘ_l⁻¹ = L·I, so α = L.

// blockDiagDirection writes d = −(G_BD+ρI)⁻¹∇ℒ into t.dir.
func (t *Trainer) blockDiagDirection() bool {
	ws := t.ws
	ws.Signals(t.net)
	m := ws.Rows * t.spec.Outputs()
	th := t.theta[:m*m]
	for l := 1; l <= t.spec.Layers(); l++ {
		ws.LayerNTK(l, th, m)
		if !t.solveDual(th, m, t.v) {
			return false
		}
		t.vjpLayer(l, t.v)
	}
	return true
}
