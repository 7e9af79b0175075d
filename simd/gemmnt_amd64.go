//go:build !purego && !noasm

package simd

// GemmNT with a short summation: the NT micro-kernels form each element of C as a dot
// product over k, eight lanes wide, and then reduce the lanes horizontally; for short k
// the reductions cost more than the multiply-adds. There the product runs as GemmNN on
// Bᵀ, copied to a stack block sized to the operand (a Go array on the stack is zeroed on
// entry, so a small B gets a small block; at least 16 rows of A share the copy). Thread
// CPU time, AVX2: GemmNT 32×32×8 865 → 300 ns, 32×32×32 1110 → 800 ns, 64×64×16
// 3640 → 1530 ns, 64×64×64 6530 → 5320 ns, 128×256×64 52.9 → 42.5 µs.

// ntShortK is the longest summation ntViaNN takes.
const ntShortK = 64

// ntViaNN computes C = alpha·A·Bᵀ + beta·C as GemmNN on a transposed copy of B and
// reports true, or reports false and does nothing when the shape does not suit it. The
// copy goes into work when it holds n·k values, else into a block on the stack (which
// Go clears on every call: 4 KiB for a 32×32 B, about 50 ns). With a bias (len ≥ n) it
// computes C = alpha·A·Bᵀ + beta·bias on every row instead (nnDriveBias).
func ntViaNN(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, work, bias []float32) bool {
	if k == 0 || k > ntShortK || m < 16 || n < 8 {
		return false
	}
	nk := n * k
	if len(work) >= nk {
		transposeInto(work[:nk], n, k, b, ldb)
		nnDriveBias(m, n, k, alpha, a, lda, 1, work[:nk], n, beta, bias, c, ldc)
		return true
	}
	switch {
	case nk <= 256:
		var bt [256]float32
		transposeInto(bt[:nk], n, k, b, ldb)
		nnDriveBias(m, n, k, alpha, a, lda, 1, bt[:nk], n, beta, bias, c, ldc)
	case nk <= 1024:
		var bt [1024]float32
		transposeInto(bt[:nk], n, k, b, ldb)
		nnDriveBias(m, n, k, alpha, a, lda, 1, bt[:nk], n, beta, bias, c, ldc)
	case nk <= 4096:
		var bt [4096]float32
		transposeInto(bt[:nk], n, k, b, ldb)
		nnDriveBias(m, n, k, alpha, a, lda, 1, bt[:nk], n, beta, bias, c, ldc)
	case nk <= 16384:
		var bt [16384]float32
		transposeInto(bt[:nk], n, k, b, ldb)
		nnDriveBias(m, n, k, alpha, a, lda, 1, bt[:nk], n, beta, bias, c, ldc)
	default:
		return false
	}
	return true
}

// transposeInto writes the k×n transpose of the n×k matrix b (stride ldb) into t
// (stride n): 8×8 blocks in assembly, the edges in Go.
func transposeInto(t []float32, n, k int, b []float32, ldb int) {
	nb, kb := n/8, k/8
	if nb > 0 && kb > 0 {
		transpose8AVX2(&t[0], n, &b[0], ldb, nb, kb)
	}
	if p0 := 8 * kb; p0 < k { // the last k mod 8 columns of the rows the blocks covered
		for j := 0; j < 8*nb; j++ {
			row := b[j*ldb+p0 : j*ldb+k]
			for p, v := range row {
				t[(p0+p)*n+j] = v
			}
		}
	}
	for j := 8 * nb; j < n; j++ { // the last n mod 8 rows, whole
		row := b[j*ldb : j*ldb+k]
		for p, v := range row {
			t[p*n+j] = v
		}
	}
}

// ntWork runs GemmNTWork's short-summation path (ntViaNN with the caller's work) and
// reports whether it did.
func ntWork(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, work []float32) bool {
	return useAVX2 && ntViaNN(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, nil)
}

// nnHad runs GemmNNHadamard's fused path (nnDriveHad) when the summation is one block of
// the kernels and reports whether it did.
func nnHad(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, e, c []float32) bool {
	if !useAVX2 || k < 1 || k > kc {
		return false
	}
	nnDriveHad(m, n, k, alpha, a, lda, 1, b, ldb, e, c, n)
	return true
}

// ntBias runs GemmNTBias's fused path (ntViaNN with the bias in the product's epilogue)
// and reports whether it did.
func ntBias(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, bias, c, work []float32) bool {
	return useAVX2 && ntViaNN(m, n, k, alpha, a, lda, b, ldb, beta, c, n, work, bias)
}

// GemmTN with eight columns: the row blocks of eight-column strips have too few
// accumulators for the FMA latency (a 6×8 block holds six chains), so a long summation
// runs at three quarters of the FMA rate. Cᵀ = Bᵀ·A has eight rows instead, two 4×16
// blocks per strip of sixteen with eight chains each; it goes to a block on the stack and
// is transposed into C. Every element gets the same multiply-adds in the same order as on
// the direct path (a·b and b·a round alike), so the result is the same bit for bit.
// Thread CPU time, AVX2: GemmTN 32×8×32 246 → 190 ns.

// tnNarrowK is the shortest summation tnNarrow takes: below it the transpose costs more
// than the latency it hides.
const tnNarrowK = 16

// tnNarrow computes C = alpha·Aᵀ·B for C m×8 (beta = 0) through Cᵀ and reports true, or
// reports false and does nothing when the shape does not suit it.
func tnNarrow(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) bool {
	if n != 8 || beta != 0 || k < tnNarrowK || m < 16 || m > 64 || m%8 != 0 {
		return false
	}
	if m <= 32 {
		var ct [8 * 32]float32
		tnNarrowVia(m, k, alpha, a, lda, b, ldb, ct[:8*m], c, ldc)
	} else {
		var ct [8 * 64]float32
		tnNarrowVia(m, k, alpha, a, lda, b, ldb, ct[:8*m], c, ldc)
	}
	return true
}

func tnNarrowVia(m, k int, alpha float32, a []float32, lda int, b []float32, ldb int, ct, c []float32, ldc int) {
	nnDrive(8, m, k, alpha, b, 1, ldb, a, lda, 0, ct, m) // Cᵀ = Bᵀ·A: op(Bᵀ)[v,p] = b[p*ldb+v]
	transpose8AVX2(&c[0], ldc, &ct[0], m, 1, m/8)
}
