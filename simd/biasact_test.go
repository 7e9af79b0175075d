package simd

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestBiasActMatchesTwin checks the fused layer end against its twin on every path, for
// widths with and without a tail of fewer than eight columns, with and without bias,
// derivative and in place: the bias add within two float32 units of the sum of its terms (a
// fused multiply-add where the twin rounds twice) and equal to BiasAct's bias alone, the
// activation within actTol of the twin applied to that biased u and bit for bit what
// ActForward gives, and the derivative bit for bit what
// actDerivGeneric computes from that u and h.
func TestBiasActMatchesTwin(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(41, 42))
		for _, act := range activations {
			for _, rows := range []int{1, 2, 5, 11} {
				for _, cols := range []int{1, 2, 4, 7, 8, 13, 16, 35} {
					for variant := 0; variant < 8; variant++ {
						bias, deriv, inPlace := variant&1 != 0, variant&2 != 0, variant&4 != 0
						ctx := fmt.Sprintf("%v %dx%d bias=%v deriv=%v inPlace=%v", act, rows, cols, bias, deriv, inPlace)
						n := rows * cols
						u0 := actInputs(rng, n, 0).s()
						b := actInputs(rng, cols, 0).s()
						beta := float32(0)
						if bias {
							beta = 0.3
						}
						u := append([]float32(nil), u0...)
						h := make([]float32, n)
						if inPlace {
							h = u
						}
						var d []float32
						if deriv {
							d = make([]float32, n)
						}
						BiasAct(act, rows, cols, beta, b, u, h, d)

						// The biased pre-activations as the path computes them (BiasAct
						// without h), within a rounding of each term of the twin's.
						biased := append([]float32(nil), u0...)
						BiasAct(act, rows, cols, beta, b, biased, nil, nil)
						twin := append([]float32(nil), u0...)
						biasActGeneric(act, rows, cols, beta, nilIf(!bias, b), twin, nil, nil)
						for i := range twin {
							bound := 0x1p-22 * (math.Abs(float64(u0[i])) + math.Abs(float64(beta)*float64(b[i%cols])))
							if diff := math.Abs(float64(biased[i]) - float64(twin[i])); !(diff <= bound) {
								t.Fatalf("%s: biased u[%d] = %v, twin %v", ctx, i, biased[i], twin[i])
							}
							if !inPlace && math.Float32bits(u[i]) != math.Float32bits(biased[i]) {
								t.Fatalf("%s: u[%d] = %v, the bias alone gives %v", ctx, i, u[i], biased[i])
							}
						}
						wantH := make([]float32, n)
						actForwardGeneric(act, wantH, biased)
						if msg := actMismatch(act, biased, h, func(i int) float64 { return float64(wantH[i]) }); msg != "" {
							t.Fatalf("%s: %s", ctx, msg)
						}
						sep := make([]float32, n)
						ActForward(act, sep, biased)
						for i := range sep {
							if math.Float32bits(sep[i]) != math.Float32bits(h[i]) {
								t.Fatalf("%s: h[%d] = %v, ActForward gives %v", ctx, i, h[i], sep[i])
							}
						}
						if deriv {
							wantD := make([]float32, n)
							actDerivGeneric(act, wantD, biased, h)
							for i := range d {
								if math.Float32bits(d[i]) != math.Float32bits(wantD[i]) {
									t.Fatalf("%s: φ'[%d] = %v, want %v", ctx, i, d[i], wantD[i])
								}
							}
						}
					}
				}
			}
		}
	})
}

// TestBiasActWithoutActivationAddsTheBias checks the output layer's use: h nil adds the
// bias and touches nothing else.
func TestBiasActWithoutActivationAddsTheBias(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for _, cols := range []int{1, 4, 10, 16} {
			rows := 3
			u := make([]float32, rows*cols+1)
			b := make([]float32, cols)
			for i := range u {
				u[i] = float32(i)
			}
			for j := range b {
				b[j] = float32(j) + 0.5
			}
			BiasAct(Tanh, rows, cols, 2, b, u, nil, nil)
			for i := 0; i < rows*cols; i++ {
				if want := float32(i) + 2*b[i%cols]; u[i] != want {
					t.Fatalf("cols=%d: u[%d] = %v, want %v", cols, i, u[i], want)
				}
			}
			if u[rows*cols] != float32(rows*cols) {
				t.Fatalf("cols=%d: BiasAct wrote past rows×cols", cols)
			}
		}
	})
}

func nilIf(c bool, b []float32) []float32 {
	if c {
		return nil
	}
	return b
}

// TestColSumMatchesTwinAndFloat64 checks ColSum on every path against a float64 sum
// (within the rounding of a running float32 sum) and, on the fast paths, bit for bit
// against its twin (the same additions in the same order), for widths around the block
// sizes, strides with gaps (NaN there would show a read) and guard bands around dst.
func TestColSumMatchesTwinAndFloat64(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(43, 44))
		for _, rows := range []int{1, 2, 7, 33} {
			for _, cols := range []int{1, 5, 8, 13, 32, 40, 71} {
				for _, gap := range []int{0, 3} {
					a := newMat32(rng, rows, cols, cols+gap, (rows+cols)%8, false)
					dst := newVec32(rng, cols, cols%5, true)
					const alpha = -0.7
					got := dst.clone()
					ColSum(rows, cols, alpha, a.s(), cols+gap, got.s())
					ref, bound := dst.clone(), dst.clone()
					for j := 0; j < cols; j++ {
						var s, sa float64
						for i := 0; i < rows; i++ {
							s += a.at(i, j)
							sa += math.Abs(a.at(i, j))
						}
						ref.set(0, j, alpha*s)
						bound.set(0, j, math.Abs(alpha)*sa)
					}
					ctx := fmt.Sprintf("ColSum %dx%d gap %d", rows, cols, gap)
					if !checkAgainst(t, ctx, got, ref, bound, float64(rows+1)*eps32) {
						return
					}
					if onFastPath() {
						want := dst.clone()
						colSumGeneric(rows, cols, alpha, a.s(), cols+gap, want.s()[:cols])
						for j := 0; j < cols; j++ {
							if g, w := got.at(0, j), want.at(0, j); g != w {
								t.Fatalf("%s: [%d] = %v, twin %v", ctx, j, g, w)
							}
						}
					}
				}
			}
		}
	})
}
