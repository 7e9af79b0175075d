package main

import (
	"math"
	"strings"

	"github.com/edgetrain/edgetrain/core"
)

// costModel is a floating-point operation count of one training step as the methods are
// built (C = 1 output, biases on), for the forms the planner chose (read from the
// trainer's plan). Its log-log slope over a sweep's sizes is the exponent the measured
// step time should show over the same sizes; it keeps the lower-order terms that the
// asymptotic exponents drop. Terms, with d_l = M_{l−1}+1 and P = Σ d_l·M_l:
//
//	every method:   forward before and after the step, 4NP
//	SGD, Adam:      backward 4NP
//	NGD:            signals, J·d and Jᵀ·v, 6NP; layer Grams N²(M_l + M_{l−1})
//	exact:          one Cholesky of N×N, N³/3
//	block-diagonal: L of them
//	tri-diagonal:   one LU of (LN)×(LN), (2/3)(LN)³
//	unit-wise:      per layer, dual M_l(N² + N³/3), primal M_l(N·d²/2 + d³/3)
//	K-FAC:          per layer and factor, dual N²k + N³/3 + 2N·k·k' (k the factor's size,
//	                k' the other's), primal N·k²/2 + k³/3 + 2k²k'
func costModel(p scalePoint) float64 {
	w := mlpWidths(16, p.m, p.layers)
	L, N := p.layers, float64(p.n)
	var P float64
	for l := 1; l <= L; l++ {
		P += float64((w[l-1] + 1) * w[l])
	}
	if !p.method.IsNGD() {
		return 8 * N * P
	}
	c := 10 * N * P
	for l := 1; l <= L; l++ {
		c += N * N * float64(w[l]+w[l-1])
	}
	forms := strings.Fields(planForms(p.plan))
	switch p.method {
	case core.Exact:
		c += N * N * N / 3
	case core.BlockDiag:
		c += float64(L) * N * N * N / 3
	case core.TriDiag:
		c += 2 * math.Pow(float64(L)*N, 3) / 3
	case core.UnitWise:
		for l := 1; l <= L; l++ {
			d, units := float64(w[l-1]+1), float64(w[l])
			if formAt(forms, l-1) == "primal" {
				c += units * (N*d*d/2 + d*d*d/3)
			} else {
				c += units * (N*N + N*N*N/3)
			}
		}
	case core.KFAC:
		for l := 1; l <= L; l++ {
			d, out := float64(w[l-1]+1), float64(w[l])
			c += factorCost(formAt(forms, 2*(l-1)), N, d, out)
			c += factorCost(formAt(forms, 2*(l-1)+1), N, out, d)
		}
	}
	return c
}

// factorCost is one K-FAC factor of size k (the other factor's size k2).
func factorCost(form string, N, k, k2 float64) float64 {
	if form == "primal" {
		return N*k*k/2 + k*k*k/3 + 2*k*k*k2
	}
	return N*N*k + N*N*N/3 + 2*N*k*k2
}

func formAt(forms []string, i int) string {
	if i < len(forms) {
		return forms[i]
	}
	return "dual"
}

// modelFit is the log-log slope of the cost model over the same points as a fit of
// measured times (the k largest sizes, or all when k ≤ 0).
func modelFit(ps []scalePoint, m core.Method, size func(scalePoint) int, k int) Fit {
	var q []scalePoint
	for _, p := range ps {
		if p.method == m {
			p.secs = costModel(p)
			q = append(q, p)
		}
	}
	return lastFit(q, m, size, k)
}
