package simd

import "math"

// Fast float32 tanh and sigmoid, within 6·2⁻²⁴ ≈ 3.6e-7 relative of the float64 twins
// (actForwardGeneric) over the whole float32 range, ±Inf included (measured worst: tanh
// 1.2e-7, sigmoid 2.4e-7); NaN stays NaN. The one exception is sigmoid below −80, which
// returns sigmoid(−80) ≈ 1.8e-35 instead of the smaller true value.
// The AVX2 kernels (act_amd64.s) compute the same formulas eight lanes at a time, with the
// polynomials in Estrin's form instead of Horner's (same accuracy, shorter dependency
// chains); the NEON and 32-bit ARM paths call these loops.
//
//	tanh x    = x + x³·P(x²)                    for |x| < 0.625 (Cephes tanhf)
//	          = sign(x)·(1 − e)/(1 + e),  e = exp(−2·min(|x|, 9))   otherwise
//	sigmoid x = 1/(1 + e)       for x ≥ 0,  e = exp(−min(|x|, 80))
//	          = e/(1 + e)       for x < 0
//
// exp(y) for y ∈ [−160, 0] is Cephes expf: y = n·ln2 + r with |r| ≤ ln2/2, e^r by a
// degree-7 polynomial, 2^n built in the exponent bits.

const (
	tanhSmall    = 0.625 // below it, the odd polynomial
	tanhClamp    = 9     // tanh(9) rounds to within 6e-8 of 1 in float32
	sigmoidClamp = 80    // sigmoid(x < −80) returns e^−80 ≈ 1.8e−35, still a normal float32

	tanhP0 = -5.70498872745e-3
	tanhP1 = 2.06390887954e-2
	tanhP2 = -5.37397155531e-2
	tanhP3 = 1.33314422036e-1
	tanhP4 = -3.33332819422e-1

	expLog2e = 1.44269504088896341
	expC1    = 0.693359375    // ln2 high part, exact in float32
	expC2    = -2.12194440e-4 // ln2 − expC1
	expP0    = 1.9875691500e-4
	expP1    = 1.3981999507e-3
	expP2    = 8.3334519073e-3
	expP3    = 4.1665795894e-2
	expP4    = 1.6666665459e-1
	expP5    = 5.0000001201e-1
)

// expNeg32 returns e^y for y ∈ [−87, 0] (NaN for NaN).
func expNeg32(y float32) float32 {
	m := float32(int32(-y*expLog2e + 0.5)) // m = −n = round(−y·log2 e) ≥ 0
	r := y + m*expC1 + m*expC2
	p := float32(expP0)
	p = p*r + expP1
	p = p*r + expP2
	p = p*r + expP3
	p = p*r + expP4
	p = p*r + expP5
	e := p*(r*r) + r + 1
	return e * math.Float32frombits(uint32(127-int32(m))<<23)
}

// tanhFast32 returns tanh x within 3.6e-7 relative; it works on |x| and copies the sign of x, so
// tanh(−0) = −0.
func tanhFast32(x float32) float32 {
	a := math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
	var t float32
	if a < tanhSmall {
		z := a * a
		p := float32(tanhP0)
		p = p*z + tanhP1
		p = p*z + tanhP2
		p = p*z + tanhP3
		p = p*z + tanhP4
		t = a + a*(p*z)
	} else {
		if a > tanhClamp { // false for NaN, which flows through
			a = tanhClamp
		}
		e := expNeg32(-2 * a)
		t = (1 - e) / (1 + e)
	}
	return math.Float32frombits(math.Float32bits(t) | math.Float32bits(x)&(1<<31))
}

// sigmoidFast32 returns 1/(1+e^−x) within 3.6e-7 relative (for x ≥ −80).
func sigmoidFast32(x float32) float32 {
	a := math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
	if a > sigmoidClamp {
		a = sigmoidClamp
	}
	e := expNeg32(-a)
	s := 1 / (1 + e)
	if x < 0 {
		s = e * s
	}
	return s
}

// actForwardFast is actForwardGeneric with the fast float32 tanh and sigmoid.
func actForwardFast(act Activation, dst, src []float32) {
	switch act {
	case Tanh:
		src = src[:len(dst)]
		for i, v := range src {
			dst[i] = tanhFast32(v)
		}
	case Sigmoid:
		src = src[:len(dst)]
		for i, v := range src {
			dst[i] = sigmoidFast32(v)
		}
	default:
		actForwardGeneric(act, dst, src)
	}
}
