// Package core trains a tinynet network with natural-gradient descent (NGD) — the exact
// Fisher or one of four structured approximations of it — or with the SGD-with-momentum and
// Adam baselines. A Trainer is built once from a network, a batch capacity and a Config;
// it owns every buffer a step touches, carved from one slab, and Step makes no heap
// allocation. Defaults gives the recommended Config of each method; core prints nothing.
//
// # Notation
//
// A batch has N rows, the network L layers of widths M_0 (inputs), M_1, …, M_L = C
// (outputs). It uses the NTK parameterization: with raw parameters W_l, b_l and the scale
// s_l = σ_w/√M_{l-1},
//
//	u_l = s_l·W_l·h_{l-1} + σ_b·b_l,   h_l = φ(u_l),   f = u_L.
//
// θ stacks every W_l and b_l. J = ∂f/∂θ has one row per (sample n, output c), sample-major,
// and J_l is its block of layer l; Θ = JJᵀ is the empirical NTK and Θ_l = J_lJ_lᵀ the
// layer's share (Θ = Σ_l Θ_l). δ_{l,n}^{(c)} = ∂f_{n,c}/∂u_{l,n} are the backward signals.
//
// The loss is a weighted mean over the batch, ℒ = Σ_n ω_n ℓ_n / Σ_n ω_n (ω = 1 unless
// Trainer.SetSampleWeights), with ℓ_n = ½‖f_n − y_n‖² (MSE) or −log p_{n,y_n},
// p_n = softmax(f_n) (softmax cross-entropy). Per sample the residual r_n and the output
// curvature Λ_n are r_n = f_n − y_n, Λ_n = I (MSE) or r_n = p_n − onehot(y_n),
// Λ_n = diag(p_n) − p_np_nᵀ (cross-entropy). With the weights folded in,
// r̃_n = ω_n r_n/Σω and Λ̃ = blockdiag_n(ω_n Λ_n/Σω):
//
//	∇ℒ = Jᵀ r̃,   F = JᵀΛ̃J   (the Fisher, equal to the Gauss–Newton matrix here).
//
// # The step
//
// Every NGD method takes the step
//
//	Δθ = η·d,   d = −(G + ρI)⁻¹ ∇ℒ,
//
// with G the method's approximation of F and ρ ≥ 0 the damping. Where a solve in parameter
// space would be large, the methods use the push-through identity
// (JᵀAJ + ρI)⁻¹Jᵀ = Jᵀ(AJJᵀ + ρI)⁻¹, which turns it into a dual system of side N·C: the
// gradient lies in the span of the batch. The methods (Method, in the order of Methods):
//
//	exact      G = F. Dual: (Λ̃Θ + ρI)v = r̃, d = −Jᵀv; one system of N·C.
//	blockdiag  G = blockdiag_l(J_lᵀΛ̃J_l). Per layer (Λ̃Θ_l + ρI)v_l = r̃, d_l = −J_lᵀv_l;
//	           L systems of N·C.
//	tridiag    G keeps the blocks J_lᵀΛ̃J_{l'} with |l−l'| ≤ 1: G = Ĵᵀ(T⊗Λ̃)Ĵ with
//	           Ĵ = blockdiag(J_l) and T the L×L tri-diagonal matrix of ones. Dual:
//	           ((T⊗Λ̃)·blockdiag(Θ_l) + ρI)v = 1⊗r̃, d_l = −J_lᵀv_l; one non-symmetric
//	           system of L·N·C, solved by block elimination with pivots of side N·C in an
//	           order that stays stable at ρ = 0. G is indefinite, so d may not descend.
//	unitwise   one block per unit: the incoming weights and bias of unit i of layer l,
//	           F_{l,i} = H̃ᵀW_iH̃ with h̃_n = [s_l h_{l-1,n}, σ_b] and W_i = diag_n(δᵀΛ̃_nδ).
//	           Per unit either the dual system of side N through the layer's shared input
//	           Gram K = H̃H̃ᵀ, (W_iK + ρI)z = g_i, d = −H̃ᵀz, or the primal (M_{l-1}+1)² block;
//	           the cheaper form per layer, or Config.Form.
//	kfac       per layer G_l = B_l ⊗ A_{l-1}, A = Σ_n ω̃_n h̃_nh̃_nᵀ (the inputs' second moment),
//	           B = Σ_n D_nΛ̃_nD_nᵀ (D_n the signals, B_L = I_C for MSE); the damping is
//	           split as (B + √ρ/π·I) ⊗ (A + π√ρ·I) with π² = (tr A/dim A)/(tr B/dim B).
//	           Each side is one Cholesky solve (primal) or, with the current batch's
//	           factors, a Woodbury solve of side N or N·C (dual). Config.KFACDecay keeps the
//	           factors as a moving average, Config.KFACRefresh refactors every k steps.
//	sgd        v ← μv + ∇ℒ, θ ← θ − ηv (μ = Config.Momentum; μ = 0 is gradient descent).
//	adam       Adam with bias correction (Config.Beta1, Beta2, Eps).
//
// With σ_b = 0 the bias coordinates have no gradient and no curvature; unit-wise and K-FAC
// drop them from their solves and leave the bias update zero.
//
// # Isotropy and the α table
//
// The linearized change of the outputs is J·Δθ = η·J·d. For MSE (Λ̃ = I/N, r̃ = e/N with
// e = f − y, unweighted) and the exact method with ρ → 0 it is J·d = −e: with η = 1 the
// linearized network fits the batch in one step. A method is isotropic when its
// function-space step is that step scaled, J·d = −α·e for every residual e; then η = 1/α
// fits the batch as well, and α is the method's isotropy constant. With ρ → 0:
//
//	exact      α = 1, whenever Θ is invertible (N·C ≤ P and J of full rank).
//	blockdiag  α = L, whenever every Θ_l is invertible.
//	tridiag    α = 1ᵀT⁻¹1 = 1, –, 1, 2, –, 2, 3, … for L = 1, 2, 3, …: T is singular when
//	           L ≡ 2 (mod 3), and New then requires ρ > 0. For L = 3 only the middle layer
//	           moves.
//	unitwise   α = γ·Σ_{l<L} M_l/C + 1 with γ = 1 (½ for ReLU, whose units are active about
//	           half of the time). Exact for smooth activations, C = 1 and layer inputs of
//	           full row rank (M_{l-1} ≥ N); for ReLU an expected value; for C > 1 only the
//	           mean of the diagonal (the step is not isotropic).
//	kfac       α = 1 + Σ_{l<L} N·min(1, r_{l-1}/N)·min(1, M_l/(N·C)), r_{l-1} = M_{l-1} (+1
//	           with a bias): N(L−1)+1 when every layer is at least as wide as the batch.
//	           When the inputs are narrower than the batch (M_0 < N) it is M_0+N(L−2)+1,
//	           exact only after a Forster transform of the inputs (ForsterTransform).
//
// Trainer.Alpha returns the method's α; StepInfo.Alpha measures −⟨J·d, e⟩/‖e‖² on the batch.
//
// # Learning rate
//
// Config.LRMode chooses η: LRFixed takes Config.LR. LRAuto minimizes the quadratic model
// of the loss along d, η* = −⟨r̃, J·d⟩ / ((J·d)ᵀΛ̃(J·d)), caps it at Config.LRCap/α when
// LRCap > 0 and multiplies by Config.LR. For MSE the function-space step of η* never
// exceeds the residual (‖η*·J·d‖ ≤ ‖e‖ by Cauchy–Schwarz), so the cap is a choice of step
// size, not a safeguard; for cross-entropy it is a safeguard: near a perfect fit Λ → 0 and
// η* grows without bound while the logits run away. LRPaper takes η = 1/α. SGD and Adam
// need LRFixed. Config.MaxRelStep > 0 bounds each layer's step of an NGD method:
// ‖η·d_l‖ ≤ MaxRelStep·max(‖θ_l‖, 10⁻³·√P_l), with P_l the layer's parameter count.
//
// # Damping
//
// ρ is added to G in parameter space (K-FAC splits it between its two factors, as above).
// Config.DampingScale says what Config.Damping means. ScaleAbsolute: ρ = Damping.
// ScaleFisher: ρ = λ·tr(F)/C with λ = Damping and tr F = tr(Λ̃Θ) = Σ_n ω̃_n tr(Λ_nΘ_nn) on
// the batch, the curvature-weighted mean NTK diagonal per output, computed from the
// backward signals and layer inputs as Σ_l (δ_{l,n}^{(c)}·δ_{l,n}^{(c')})·(s_l²‖h_{l-1,n}‖²
// + σ_b²) in O(N·C²·Σ_l M_l). ScaleFisherResidual multiplies that by the mean squared
// residual per output, Σ_n ω̃_n‖r_n‖²/C (for MSE on standardized targets about 1 − R² of the
// batch). The relative forms make λ independent of input scale, width, depth, batch size
// and loss, and the residual factor ties the damping to how well the batch is fitted: on a
// noisy regression the residual stays large and the step stays close to a kernel gradient
// step (ridge-like regularization), while on data the network can fit ρ fades with the
// residual and the step becomes the Gauss–Newton step with its fast convergence — the
// classical Levenberg–Marquardt choice ρ ∝ ‖r‖².
//
// DampingFixed keeps the level (ρ, or λ) at Config.Damping, except that every rejected step
// multiplies it by 10 and every accepted step divides it by 10 until it is back at
// Config.Damping; with a relative scale a rejected step also makes the next ρ at least ten
// times the rejected one, since λ·scale cannot grow when the scale has vanished.
// DampingLM follows the ratio of the actual to the predicted decrease of the loss on the
// batch, predicted = −(η⟨r̃, J·d⟩ + ½η²(J·d)ᵀΛ̃(J·d)): below ¼ (or a predicted gain ≤ 0) the
// level grows by 1.5, above ¾ it shrinks by 1.5. The level always stays in [MinDamping,
// MaxDamping], and so does ρ with ScaleAbsolute; a relative ρ is at least MinDamping.
//
// # Defaults
//
// Defaults(method, loss) holds the numeric policy, chosen by held-out measurement: the
// mean over three random 80/20 splits of ten real data sets (five regressions, five
// classifications, 111 to 8,753 rows) against Adam's defaults, with the command-line tool's
// early stopping, and the steps to a validation target on an hourly temperature series.
//
//	method      MSE                                       cross-entropy
//	exact       λ = 2, ScaleFisherResidual, η*, cap 1/α   ρ = 1e-3, 0.3·η*, cap 1/α
//	blockdiag   λ = 2, ScaleFisherResidual, η*, cap 1/α   ρ = 1e-3, 0.3·η*, cap 1/α
//	tridiag     λ = 2, ScaleFisherResidual, η*, cap 1/α   ρ = 1e-2, 0.3·η*, cap 1/α
//	unitwise    λ = 0.1, ScaleFisherResidual, η*, cap 4/α  λ = 1, ScaleFisherResidual, 0.3·η*, cap 1/α
//	kfac        ρ = 1e-3, η*, cap 4/α                      λ = 1, ScaleFisherResidual, 0.3·η*, cap 1/α
//
// unitwise and kfac also bound every layer's relative step by 0.1. K-FAC refactors its
// damped inverses whenever ρ changes, so with a relative scale every step is a refresh:
// with KFACRefresh > 1 or KFACStagger give it an absolute ρ (OnlineDefaults does). What the measurements
// showed: with a fixed ρ = 1e-3 exact and block-diagonal NGD fit the noise of each batch
// of a small noisy regression (diabetes held-out R² 0.37 and 0.44 against Adam's 0.49); no
// fixed ρ serves both that and fast convergence on clean data, while the residual-relative
// ρ does (0.48–0.49, and the temperature series still reaches its target in a fraction of
// tuned Adam's steps). Unit-wise NGD damps each of its many small blocks, whose traces are a
// small share of tr F, so it takes a smaller λ; K-FAC's 1/α = 1/(N(L−1)+1) cap made its
// steps so small that it did not reach the target, 4/α does, and so does unit-wise NGD
// with 4/α. For cross-entropy the Fisher is already scaled by p(1−p); a fixed ρ = 1e-3
// scored best for the dual methods on the largest classification set (digits), the
// relative form with λ = 1 for unit-wise NGD and K-FAC.
//
// # Step safety
//
// Step first evaluates ℒ at the current weights; if it is not finite, Step returns
// ErrNonFinite and changes nothing. A step is rejected — weights and optimizer state
// restored, ρ raised tenfold, StepInfo.Rejected and StepInfo.Reason set — when the damped
// solve fails, the direction or gradient is not finite, η is not a finite positive number
// (the direction does not descend), or the updated weights or the new loss are not finite.
// After Config.MaxRejects consecutive rejections Step returns ErrTooManyRejections; the
// weights are the last good ones. A step whose η the trainer chose (LRAuto, LRPaper) and
// that raises the batch loss beyond float32 noise (ℒ·(1+10⁻⁴)+10⁻⁹) left the region where
// the quadratic model holds: it is undone and ρ raised as well, but this retreat is the
// normal working of a trust region and does not count towards MaxRejects. New and
// PlanBytes return ErrConfig, wrapped with the reason, for a configuration they cannot run.
package core
