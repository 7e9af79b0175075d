package simd

// Fused layer-NTK kernels for one output. The layer NTK of a one-output network is the
// Hadamard product of two Grams, Θ_l = (s²·HHᵀ + σ_b²) ∘ (DDᵀ), and a sum of them is
// formed for a Cholesky factorization, which reads only the lower triangle. These
// kernels form both Grams of a block of Θ_l in registers and add the product into the
// target at once: no Gram is stored, no separate Hadamard pass reads it back.
//
// The Grams are outer-product sums, c[i,j..j+w] += a[i,p]·a[j..j+w,p], which need the
// columns of A contiguous: the operands come transposed and widened to float64
// (TransposeWiden64), with rows padded to a multiple of TransPad so that every vector of
// columns can be read whole. With float32 entries every product is exact in float64 and
// each sum runs over p in order, so a kernel's Grams are its Go twin's bit for bit.

// TransPad is the multiple that TransposeWiden64's leading dimension is rounded to.
const TransPad = 8

// TransStride returns the least leading dimension of a transposed n-row operand: n
// rounded up to a multiple of TransPad.
func TransStride(n int) int { return (n + TransPad - 1) &^ (TransPad - 1) }

// TransposeWiden64 writes t[p*ldt+i] = float64(a[i*lda+p]) for i < n, p < k (the n×k
// float32 matrix A transposed and widened), and zeros t[p*ldt+i] for n ≤ i <
// TransStride(n); ldt ≥ TransStride(n).
func TransposeWiden64(n, k int, a []float32, lda int, t []float64, ldt int) {
	if n <= 0 || k <= 0 {
		return
	}
	if ldt < TransStride(n) {
		panic("simd: TransposeWiden64 stride below TransStride(n)")
	}
	checkMat(n, k, lda, len(a))
	checkMat(k, TransStride(n), ldt, len(t))
	transposeWiden64(n, k, a, lda, t, ldt)
}

// transposeWiden64Generic is the specification of TransposeWiden64.
func transposeWiden64Generic(n, k int, a []float32, lda int, t []float64, ldt int) {
	for p := 0; p < k; p++ {
		row := t[p*ldt : p*ldt+TransStride(n)]
		for i := 0; i < n; i++ {
			row[i] = float64(a[i*lda+p])
		}
		clear(row[n:])
	}
}

// GramHadamardAddLower64 adds (sc·(AAᵀ)[i,j] + b2)·(BBᵀ)[i,j] to c[i,j] for j ≤ i < n,
// or writes it there when add is false, with A (n×ka) and B (n×kb) given as
// TransposeWiden64 writes them (at, bt: ka and kb rows of stride ldt). Elements above the
// diagonal keep their values. With A = H_{l-1} and B = D_l of a one-output network and
// sc = s_l², b2 = σ_b², it adds the layer NTK Θ_l.
func GramHadamardAddLower64(n, ka int, at []float64, kb int, bt []float64, ldt int, sc, b2 float64, c []float64, ldc int, add bool) {
	if n <= 0 {
		return
	}
	checkTrans(n, ka, at, ldt)
	checkTrans(n, kb, bt, ldt)
	checkMat(n, n, ldc, len(c))
	gramHadamardLower64(n, ka, at, kb, bt, ldt, sc, b2, c, ldc, false, add)
}

// GramShiftAddLower64 adds sc·(AAᵀ)[i,j] + b2 to c[i,j] for j ≤ i < n, or writes it there
// when add is false, A (n×ka) given as TransposeWiden64 writes it. Elements above the
// diagonal keep their values. With A = H_{L-1}, sc = s_L², b2 = σ_b² it adds the output
// layer's NTK of a one-output network.
func GramShiftAddLower64(n, ka int, at []float64, ldt int, sc, b2 float64, c []float64, ldc int, add bool) {
	if n <= 0 {
		return
	}
	checkTrans(n, ka, at, ldt)
	checkMat(n, n, ldc, len(c))
	gramHadamardLower64(n, ka, at, 0, nil, ldt, sc, b2, c, ldc, true, add)
}

func checkTrans(n, k int, t []float64, ldt int) {
	if ldt < TransStride(n) {
		panic("simd: transposed operand stride below TransStride(n)")
	}
	if k > 0 {
		checkMat(k, TransStride(n), ldt, len(t))
	}
}

// gramHadamardLower64Generic is the specification of GramHadamardAddLower64 and (shift
// set, B ignored) GramShiftAddLower64.
func gramHadamardLower64Generic(n, ka int, at []float64, kb int, bt []float64, ldt int, sc, b2 float64, c []float64, ldc int, shift, add bool) {
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var gh float64
			for p := 0; p < ka; p++ {
				gh += at[p*ldt+i] * at[p*ldt+j]
			}
			v := sc*gh + b2
			if !shift {
				var gd float64
				for p := 0; p < kb; p++ {
					gd += bt[p*ldt+i] * bt[p*ldt+j]
				}
				v = gd * v
			}
			if add {
				v += c[i*ldc+j]
			}
			c[i*ldc+j] = v
		}
	}
}
