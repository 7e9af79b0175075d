//go:build !purego && !noasm

package simd

import (
	"unsafe"

	"github.com/klauspost/cpuid/v2"
)

//go:generate go run mkasm_amd64.go

// CPU features, read by detectFeatures at start-up and by Redetect. cpuid also checks
// that the OS saves the wide registers.
var cpuAVX2, cpuAVX512 bool

func detectFeatures() {
	cpuAVX2 = cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3)
	cpuAVX512 = cpuAVX2 && cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512VL)
}

func detect() string {
	switch {
	case cpuAVX512:
		return PathAVX512
	case cpuAVX2:
		return PathAVX2
	}
	return PathGeneric
}

func supports(p string) bool {
	switch p {
	case PathAVX2:
		return cpuAVX2
	case PathAVX512:
		return cpuAVX512
	}
	return false
}

// maskTab[8-r:] starts with r set lanes: the mask for a tail of r < 8 elements.
var maskTab = [16]int32{-1, -1, -1, -1, -1, -1, -1, -1}

func maskFor(r int) *int32 {
	if r == 0 {
		return nil
	}
	return &maskTab[8-r]
}

// kc bounds the summation length one micro-kernel call covers in GemmNN/TN, so that
// the B panel it streams stays in L1.
const kc = 256

// Vector kernels: asm over whole blocks of 8, Go for the tail.

func axpyAVX2Go(alpha float32, x, y []float32) {
	n := len(x)
	nb := n &^ 7
	if nb > 0 {
		axpyAVX2(alpha, &x[0], &y[0], nb)
	}
	axpyGeneric(alpha, x[nb:], y[nb:n])
}

func hadamardAVX2Go(dst, x, y []float32) {
	n := len(dst)
	nb := n &^ 7
	if nb > 0 {
		hadamardAVX2(&dst[0], &x[0], &y[0], nb)
	}
	x, y = x[nb:n], y[nb:n]
	for i := range dst[nb:] {
		dst[nb+i] = x[i] * y[i]
	}
}

// nnDrive computes C = alpha*op(A)*B + beta*C with op(A)[i,p] = a[i*ars+p*aps]:
// GemmNN has ars = lda, aps = 1, GemmTN ars = 1, aps = lda. C runs in strips of 16
// columns; a strip of B whose stride conflicts in L1 is copied first (packStrips).
func nnDrive(m, n, k int, alpha float32, a []float32, ars, aps int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	nnDriveEpi(m, n, k, alpha, a, ars, aps, b, ldb, beta, 0, nil, c, ldc)
}

// nnDriveBias is nnDrive with a bias (len ≥ n, k ≤ kc): C = alpha·op(A)·B + beta·bias on
// every row, C not read; the kernels' loadC = 2 epilogue, one FMA per element, what
// BiasAct's bias add does to the product. A nil bias is nnDrive.
func nnDriveBias(m, n, k int, alpha float32, a []float32, ars, aps int, b []float32, ldb int, beta float32, bias []float32, c []float32, ldc int) {
	epi := 2
	if bias == nil {
		epi = 0
	}
	nnDriveEpi(m, n, k, alpha, a, ars, aps, b, ldb, beta, epi, bias, c, ldc)
}

// nnDriveHad is nnDrive with beta 0 followed by the Hadamard product with E (m×n with
// C's stride; k ≤ kc): C = (alpha·op(A)·B) ⊙ E, the kernels' loadC = 3 epilogue, one
// multiply per element, what Hadamard does to the product. E does not overlap C.
func nnDriveHad(m, n, k int, alpha float32, a []float32, ars, aps int, b []float32, ldb int, e []float32, c []float32, ldc int) {
	nnDriveEpi(m, n, k, alpha, a, ars, aps, b, ldb, 0, 3, e, c, ldc)
}

// nnDriveEpi runs nnDrive (epi 0, e nil) or one of the epilogues with an operand e
// (epi 2: bias, epi 3: Hadamard), which need the summation in one block.
func nnDriveEpi(m, n, k int, alpha float32, a []float32, ars, aps int, b []float32, ldb int, beta float32, epi int, e []float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if epi != 0 && (k > kc || k == 0) {
		panic("simd: an epilogue operand needs 1 ≤ k ≤ kc")
	}
	if k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	for p0 := 0; p0 < k; p0 += kc {
		kk := min(kc, k-p0)
		bt, loadC := beta, 1
		if p0 > 0 {
			bt = 1
		} else if epi != 0 {
			loadC = epi
		} else if beta == 0 {
			loadC = 0
		}
		j := 0
		if m == 1 { // a single row of C: wide blocks keep eight FMA chains busy
			for ; j+64 <= n; j += 64 {
				nnK1x64(kk, &a[p0*aps], ars, aps, &b[p0*ldb+j], ldb, &c[j], ldc, nil, epiAt(e, j), loadC, alpha, bt)
			}
			for ; j+32 <= n; j += 32 {
				nnK1x32(kk, &a[p0*aps], ars, aps, &b[p0*ldb+j], ldb, &c[j], ldc, nil, epiAt(e, j), loadC, alpha, bt)
			}
		}
		if packStrips(m, kk, ldb) {
			j = nnPackedStrips(m, n, kk, a[p0*aps:], ars, aps, b[p0*ldb:], ldb, c, ldc, e, loadC, alpha, bt)
		}
		for ; j+16 <= n; j += 16 {
			nnColumn(16, m, kk, a[p0*aps:], ars, aps, b[p0*ldb+j:], ldb, c[j:], ldc, epiAt(e, j), epiStep(loadC, ldc), loadC, alpha, bt)
		}
		if j+8 <= n {
			nnColumn(8, m, kk, a[p0*aps:], ars, aps, b[p0*ldb+j:], ldb, c[j:], ldc, epiAt(e, j), epiStep(loadC, ldc), loadC, alpha, bt)
			j += 8
		}
		if j < n {
			nnColumn(n-j, m, kk, a[p0*aps:], ars, aps, b[p0*ldb+j:], ldb, c[j:], ldc, epiAt(e, j), epiStep(loadC, ldc), loadC, alpha, bt)
		}
	}
}

// epiAt returns &e[j] (the epilogue operand of the columns from j), or nil without one.
func epiAt(e []float32, j int) *float32 {
	if e == nil {
		return nil
	}
	return &e[j]
}

// epiStep is the bytes the epilogue operand moves per row of C: none for a bias row
// (loadC 2), C's row for E (loadC 3).
func epiStep(loadC, ldc int) uintptr {
	if loadC == 3 {
		return uintptr(4 * ldc)
	}
	return 0
}

// nnColumn computes the w columns of C at c[0:] for all m rows, in blocks of 6 rows (all
// of them in one call of a multi-block kernel, nnS6x16, nnS6x8 or nnS6xM). A
// last block of one or two rows has too few accumulators to cover the FMA latency, so the
// last 7 or 8 rows run as two blocks of 3 to 4 instead (32 rows: 6+6+6+6+4+4); every
// element of C gets the same operations whatever block computes it. e is the epilogue
// operand of the strip's first row (loadC 2 and 3; nil otherwise), estep the bytes it
// moves per row (epiStep).
func nnColumn(w, m, k int, a []float32, ars, aps int, b []float32, ldb int, c []float32, ldc int, e *float32, estep uintptr, loadC int, alpha, beta float32) {
	end := m
	if r := m % 6; m > 6 && r > 0 && r <= 2 {
		end = m - 6 - r
	}
	i := 0
	if nb := end / 6; nb > 0 { // the blocks of six rows in one call
		switch {
		case w == 16:
			nnS6x16(k, &a[0], ars, aps, &b[0], ldb, &c[0], ldc, nil, e, loadC, alpha, beta, nb)
		case w == 8:
			nnS6x8(k, &a[0], ars, aps, &b[0], ldb, &c[0], ldc, nil, e, loadC, alpha, beta, nb)
		default:
			nnS6xM(k, &a[0], ars, aps, &b[0], ldb, &c[0], ldc, maskFor(w), e, loadC, alpha, beta, nb)
		}
		i = 6 * nb
	}
	if end < m {
		h := (m - i + 1) / 2
		nnBlock(h, w, k, &a[i*ars], ars, aps, &b[0], ldb, &c[i*ldc], ldc, (*float32)(unsafe.Add(unsafe.Pointer(e), uintptr(i)*estep)), loadC, alpha, beta)
		i += h
	}
	if i < m {
		nnBlock(m-i, w, k, &a[i*ars], ars, aps, &b[0], ldb, &c[i*ldc], ldc, (*float32)(unsafe.Add(unsafe.Pointer(e), uintptr(i)*estep)), loadC, alpha, beta)
	}
}

// nnBlock computes an mr×w block (mr ≤ 6, w ≤ 16) with the micro-kernels.
func nnBlock(mr, w, k int, a *float32, ars, aps int, b *float32, ldb int, c *float32, ldc int, bias *float32, loadC int, alpha, beta float32) {
	if w == 16 {
		switch mr {
		case 6:
			nnK6x16(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 5:
			nnK5x16(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 4:
			nnK4x16(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 3:
			nnK3x16(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 2:
			nnK2x16(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 1:
			nnK1x16(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		}
		return
	}
	if w == 8 {
		switch mr {
		case 6:
			nnK6x8(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 5:
			nnK5x8(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 4:
			nnK4x8(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 3:
			nnK3x8(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 2:
			nnK2x8(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		case 1:
			nnK1x8(k, a, ars, aps, b, ldb, c, ldc, nil, bias, loadC, alpha, beta)
		}
		return
	}
	mask := maskFor(w)
	switch mr {
	case 6:
		nnK6xM(k, a, ars, aps, b, ldb, c, ldc, mask, bias, loadC, alpha, beta)
	case 5:
		nnK5xM(k, a, ars, aps, b, ldb, c, ldc, mask, bias, loadC, alpha, beta)
	case 4:
		nnK4xM(k, a, ars, aps, b, ldb, c, ldc, mask, bias, loadC, alpha, beta)
	case 3:
		nnK3xM(k, a, ars, aps, b, ldb, c, ldc, mask, bias, loadC, alpha, beta)
	case 2:
		nnK2xM(k, a, ars, aps, b, ldb, c, ldc, mask, bias, loadC, alpha, beta)
	case 1:
		nnK1xM(k, a, ars, aps, b, ldb, c, ldc, mask, bias, loadC, alpha, beta)
	}
}

// ntDrive computes C = alpha*A*Bᵀ + beta*C with rows of A and B contiguous in p
// (GemmNT).
func ntDrive(m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	loadC := 1
	if beta == 0 {
		loadC = 0
	}
	kb, mask := k/8, maskFor(k%8)
	n4 := n &^ 3
	if n4 > 0 {
		i := 0
		for ; i+3 <= m; i += 3 {
			ai := &a[i*lda]
			for j := 0; j < n4; j += 4 {
				ntK3x4(kb, ai, lda, &b[j*ldb], ldb, &c[i*ldc+j], ldc, mask, loadC, alpha, beta)
			}
		}
		if i < m {
			ai := &a[i*lda]
			for j := 0; j < n4; j += 4 {
				if m-i == 2 {
					ntK2x4(kb, ai, lda, &b[j*ldb], ldb, &c[i*ldc+j], ldc, mask, loadC, alpha, beta)
				} else {
					ntK1x4(kb, ai, lda, &b[j*ldb], ldb, &c[i*ldc+j], ldc, mask, loadC, alpha, beta)
				}
			}
		}
	}
	for j := n4; j < n; j++ {
		bj := &b[j*ldb]
		i := 0
		for ; i+8 <= m; i += 8 {
			ntK8x1(kb, &a[i*lda], lda, bj, ldb, &c[i*ldc+j], ldc, mask, loadC, alpha, beta)
		}
		if i+4 <= m {
			ntK4x1(kb, &a[i*lda], lda, bj, ldb, &c[i*ldc+j], ldc, mask, loadC, alpha, beta)
			i += 4
		}
		switch m - i {
		case 3:
			ntK3x1(kb, &a[i*lda], lda, bj, ldb, &c[i*ldc+j], ldc, mask, loadC, alpha, beta)
		case 2:
			ntK2x1(kb, &a[i*lda], lda, bj, ldb, &c[i*ldc+j], ldc, mask, loadC, alpha, beta)
		case 1:
			ntK1x1(kb, &a[i*lda], lda, bj, ldb, &c[i*ldc+j], ldc, mask, loadC, alpha, beta)
		}
	}
}

// gram64LowerAVX2 computes the lower triangle of C = A*Aᵀ in 3×4 blocks (blocks that
// straddle the diagonal also write some upper elements, with their Gram values).
func gram64LowerAVX2(n, k int, a []float32, lda int, c []float64, ldc int) {
	if n == 0 {
		return
	}
	if k == 0 {
		for i := 0; i < n; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
		return
	}
	kb, mask := k/4, maskFor(k%4)
	for i := 0; i < n; i += 3 {
		mr := min(3, n-i)
		ai := &a[i*lda]
		jEnd := i + mr // columns 0..jEnd-1 hold the lower triangle of these rows
		j := 0
		for ; j+4 <= n && j < jEnd; j += 4 {
			switch mr {
			case 3:
				grK3x4(kb, ai, lda, &a[j*lda], lda, &c[i*ldc+j], ldc, mask)
			case 2:
				grK2x4(kb, ai, lda, &a[j*lda], lda, &c[i*ldc+j], ldc, mask)
			case 1:
				grK1x4(kb, ai, lda, &a[j*lda], lda, &c[i*ldc+j], ldc, mask)
			}
		}
		for ; j < jEnd; j++ {
			switch mr {
			case 3:
				grK3x1(kb, ai, lda, &a[j*lda], lda, &c[i*ldc+j], ldc, mask)
			case 2:
				grK2x1(kb, ai, lda, &a[j*lda], lda, &c[i*ldc+j], ldc, mask)
			case 1:
				grK1x1(kb, ai, lda, &a[j*lda], lda, &c[i*ldc+j], ldc, mask)
			}
		}
	}
}

// gram64AVX2 is gram64LowerAVX2 and the mirroring of its lower triangle.
func gram64AVX2(n, k int, a []float32, lda int, c []float64, ldc int) {
	gram64LowerAVX2(n, k, a, lda, c, ldc)
	mirrorLower(n, c, ldc)
}

// gramT64AVX2 computes the lower triangle of C = Aᵀ*A in 6×8 blocks and mirrors it.
func gramT64AVX2(n, k int, a []float32, lda int, c []float64, ldc int) {
	if k == 0 {
		return
	}
	if n == 0 {
		for i := 0; i < k; i++ {
			clear(c[i*ldc : i*ldc+k])
		}
		return
	}
	for i := 0; i < k; i += 6 {
		mr := min(6, k-i)
		jEnd := i + mr
		for j := 0; j < jEnd; {
			ci := &c[i*ldc+j]
			switch {
			case j+8 <= k:
				gtBlock(mr, 8, n, &a[i], &a[j], lda, ci, ldc)
				j += 8
			case j+4 <= k:
				gtBlock(mr, 4, n, &a[i], &a[j], lda, ci, ldc)
				j += 4
			default:
				gtBlock(mr, k-j, n, &a[i], &a[j], lda, ci, ldc)
				j = k
			}
		}
	}
	mirrorLower(k, c, ldc)
}

func gtBlock(mr, w, n int, ai, bj *float32, lda int, c *float64, ldc int) {
	switch w {
	case 8:
		switch mr {
		case 6:
			gtK6x8(n, ai, bj, lda, c, ldc, nil)
		case 5:
			gtK5x8(n, ai, bj, lda, c, ldc, nil)
		case 4:
			gtK4x8(n, ai, bj, lda, c, ldc, nil)
		case 3:
			gtK3x8(n, ai, bj, lda, c, ldc, nil)
		case 2:
			gtK2x8(n, ai, bj, lda, c, ldc, nil)
		case 1:
			gtK1x8(n, ai, bj, lda, c, ldc, nil)
		}
	case 4:
		switch mr {
		case 6:
			gtK6x4(n, ai, bj, lda, c, ldc, nil)
		case 5:
			gtK5x4(n, ai, bj, lda, c, ldc, nil)
		case 4:
			gtK4x4(n, ai, bj, lda, c, ldc, nil)
		case 3:
			gtK3x4(n, ai, bj, lda, c, ldc, nil)
		case 2:
			gtK2x4(n, ai, bj, lda, c, ldc, nil)
		case 1:
			gtK1x4(n, ai, bj, lda, c, ldc, nil)
		}
	default:
		mask := maskFor(w)
		switch mr {
		case 6:
			gtK6xM(n, ai, bj, lda, c, ldc, mask)
		case 5:
			gtK5xM(n, ai, bj, lda, c, ldc, mask)
		case 4:
			gtK4xM(n, ai, bj, lda, c, ldc, mask)
		case 3:
			gtK3xM(n, ai, bj, lda, c, ldc, mask)
		case 2:
			gtK2xM(n, ai, bj, lda, c, ldc, mask)
		case 1:
			gtK1xM(n, ai, bj, lda, c, ldc, mask)
		}
	}
}

// actForwardAVX2 runs the activation through the layer kernel (no bias, no derivative).
func actForwardAVX2(act Activation, dst, src []float32) {
	if act == Identity {
		copy(dst, src)
		return
	}
	biasActAVX2Go(act, 1, len(dst), 0, nil, src, dst, nil)
}

// biasActAVX2Go runs BiasAct with the AVX2 kernel (on the AVX-512 path, tanh and sigmoid
// with their AVX-512 variants); u, h and dphi are rows×cols with stride cols and h is not nil.
func biasActAVX2Go(act Activation, rows, cols int, beta float32, b, u, h, dphi []float32) {
	if rows == 0 || cols == 0 {
		return
	}
	block := 8
	if act == Tanh && useAVX512 {
		block = 16
	}
	if cols%block != 0 && rows > 1 {
		// Each row would end in a masked block, and masked stores are slow on AMD cores
		// (and stall the next row's load): add the bias row by row with a scalar tail,
		// then run the activation over the contiguous rows as one. The same operations
		// on every element, so the same values.
		if b != nil {
			if 8%cols == 0 {
				// Widths 1, 2 and 4 repeat the bias with period dividing eight: eight
				// copies' worth in one vector, and the rows as one run of elements.
				var rep [8]float32
				for j := range rep {
					rep[j] = b[j%cols]
				}
				all := rows * cols
				if nb := all / 8; nb > 0 {
					biasAddAVX2(nb, 8, 8, beta, &rep[0], &u[0])
				}
				if t := all % 8; t > 0 {
					biasAddAVX2(1, t, t, beta, &rep[0], &u[all-t])
				}
			} else {
				biasAddAVX2(rows, cols, cols, beta, &b[0], &u[0])
			}
			b = nil
		}
		if act == Identity && &h[0] == &u[0] && dphi == nil {
			return
		}
		rows, cols = 1, rows*cols
	}
	if b == nil && rows > 1 {
		// Without a bias the rows are one run of elements (stride cols): one row, no
		// per-row loop; the same operations on every element.
		rows, cols = 1, rows*cols
	}
	var bp, dp *float32
	if b != nil {
		bp = &b[0]
	}
	if dphi != nil {
		dp = &dphi[0]
	}
	if act == Tanh && useAVX512 {
		biasTanhAVX512(rows, cols, cols, beta, bp, &u[0], &h[0], dp)
		return
	}
	if act == Sigmoid && useAVX512 {
		biasSigmoidAVX512(rows, cols, cols, beta, bp, &u[0], &h[0], dp, maskFor(cols%8))
		return
	}
	biasActAVX2(int(act), rows, cols, cols, beta, bp, &u[0], &h[0], dp, maskFor(cols%8))
}
