package simd

// Float32 products for the mixed-precision solves of package lapack and the float32 signal
// Grams of the dual NGD methods: the float32 twin of gemm64.go.
//
// GemmPacked32 computes C += alpha·A·B with general element strides (A(i,p) is
// a[i*ars+p*aps], B(p,j) is b[p*brs+j*bcs]), optionally on the lower triangle of C only.
// It packs a kc×nc block of B into sixteen-column strips (sixteen contiguous values per
// p, zero padded) in a buffer the caller keeps and runs a 6×16 register-blocked
// micro-kernel over each strip for six rows of A at a time: the AVX2+FMA GemmNN kernel on
// amd64, a NEON kernel on arm64 (gemm32_arm64.s), micro6x16Go elsewhere. Tiles with fewer than six rows or sixteen columns, or cut
// by the diagonal in the triangular form, are computed into a 6×16 tile and added element
// by element. gemm32Generic is the specification.

// gemm32Generic is the reference loop: c[i*ldc+j] += alpha*Σ_p A(i,p)*B(p,j) for i < m,
// j < n (or, when tri, for j ≤ i only), each sum accumulated in float32.
func gemm32Generic(tri bool, m, n, k int, alpha float32, a []float32, ars, aps int, b []float32, brs, bcs int, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		nj := n
		if tri {
			nj = min(n, i+1)
		}
		for j := 0; j < nj; j++ {
			var s float32
			for p := 0; p < k; p++ {
				s += a[i*ars+p*aps] * b[p*brs+j*bcs]
			}
			c[i*ldc+j] += alpha * s
		}
	}
}

// micro6x16Go is the Go micro-kernel: c[r*ldc+j] += alpha*Σ_{p<k} a[r*ars+p*aps]*bp[p*16+j]
// for r < 6, j < 16, in 2×4 register blocks.
func micro6x16Go(k int, a []float32, ars, aps int, bp []float32, c []float32, ldc int, alpha float32) {
	bp = bp[:k*16]
	for r := 0; r < 6; r += 2 {
		a0, a1 := a[r*ars:], a[(r+1)*ars:]
		for h := 0; h < 16; h += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float32
			for p, q := 0, 0; p < k; p, q = p+1, q+aps {
				x0, x1 := a0[q], a1[q]
				b4 := bp[p*16+h : p*16+h+4 : p*16+h+4]
				s00 += x0 * b4[0]
				s01 += x0 * b4[1]
				s02 += x0 * b4[2]
				s03 += x0 * b4[3]
				s10 += x1 * b4[0]
				s11 += x1 * b4[1]
				s12 += x1 * b4[2]
				s13 += x1 * b4[3]
			}
			c0 := c[r*ldc+h : r*ldc+h+4 : r*ldc+h+4]
			c0[0] += alpha * s00
			c0[1] += alpha * s01
			c0[2] += alpha * s02
			c0[3] += alpha * s03
			c1 := c[(r+1)*ldc+h : (r+1)*ldc+h+4 : (r+1)*ldc+h+4]
			c1[0] += alpha * s10
			c1[1] += alpha * s11
			c1[2] += alpha * s12
			c1[3] += alpha * s13
		}
	}
}

// kc32 bounds the depth of one packed block of B.
const kc32 = 256

// MinPack32 is the least length of the pack buffer GemmPacked32 accepts (one strip of B
// and six padded rows of A); PackLen32 lets it pack blocks of B up to kc×64 values
// (64 KiB), small enough for a caller to keep it on the stack.
const (
	MinPack32 = 22 * kc32
	PackLen32 = 64*kc32 + 6*kc32
)

// GemmPacked32 computes C += alpha·A·B in float32 with general element strides:
// A(i,p) = a[i*ars+p*aps] for i < m, p < k; B(p,j) = b[p*brs+j*bcs] for j < n; C row-major
// m×n with leading dimension ldc. When tri is set only the elements with j ≤ i are
// updated (the strict upper triangle is neither read nor written). pack is scratch of at
// least MinPack32 values (PackLen32 is a good size). C must not overlap A, B or pack.
func GemmPacked32(pack []float32, tri bool, m, n, k int, alpha float32, a []float32, ars, aps int, b []float32, brs, bcs int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic("simd: negative dimension")
	}
	if ldc < max(n, 1) {
		panic("simd: bad leading dimension")
	}
	if len(pack) < MinPack32 {
		panic("simd: pack buffer too short")
	}
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if ars < 0 || aps < 0 || brs < 0 || bcs < 0 {
		panic("simd: negative stride")
	}
	if len(a) <= (m-1)*ars+(k-1)*aps || len(b) <= (k-1)*brs+(n-1)*bcs || len(c) < (m-1)*ldc+n {
		panic("simd: matrix slice too short")
	}
	gemm32Body(pack, tri, m, n, k, alpha, a, ars, aps, b, brs, bcs, c, ldc)
}

// Micro32Asm reports whether GemmPacked32 runs an assembly micro-kernel on the current
// path; without one its float32 products are slower than the float64 ones of
// GemmPacked64, and callers that choose between the two precisions for speed should
// stay in float64.
func Micro32Asm() bool { return micro32Asm() }

func gemm32Body(pack []float32, tri bool, m, n, k int, alpha float32, a []float32, ars, aps int, b []float32, brs, bcs int, c []float32, ldc int) {
	var tile [96]float32
	kc := min(k, kc32)
	// With fewer than six rows, A's rows are copied into the last 6·kc values of the
	// pack, zero padded to six, and the kernel reads them there.
	var apad []float32
	if m < 6 {
		apad = pack[len(pack)-6*kc:]
		pack = pack[:len(pack)-6*kc]
	}
	nc := max((len(pack)/kc)&^15, 16)
	for p0 := 0; p0 < k; p0 += kc {
		kb := min(kc, k-p0)
		if apad != nil {
			for r := 0; r < 6; r++ {
				row := apad[r*kb : (r+1)*kb]
				if r >= m {
					clear(row)
					continue
				}
				for p := range row {
					row[p] = a[r*ars+(p0+p)*aps]
				}
			}
		}
		for j0 := 0; j0 < n; j0 += nc {
			jb := min(nc, n-j0)
			ns := (jb + 15) / 16
			packB32(pack, kb, jb, b[p0*brs+j0*bcs:], brs, bcs)
			i0 := 0
			if tri {
				i0 = j0 // rows above the block have no element on or below the diagonal in it
			}
			for i := i0; i < m; i += 6 {
				mr := min(6, m-i)
				it := i // first row the kernel reads; a short last block reads six rows ending at m
				if mr < 6 {
					it = m - 6
				}
				kars, kaps := ars, aps
				var ap []float32
				if apad != nil {
					it, ap, kars, kaps = 0, apad, kb, 1
				} else {
					ap = a[it*ars+p0*aps:]
				}
				for s := 0; s < ns; s++ {
					j := j0 + 16*s
					w := min(16, jb-16*s)
					if tri && j > i+mr-1 {
						break // this strip and those right of it lie above the diagonal
					}
					st := pack[s*kb*16 : (s+1)*kb*16]
					if mr == 6 && w == 16 && (!tri || j+15 <= i) {
						micro6x16(kb, ap, kars, kaps, st, c[i*ldc+j:], ldc, alpha)
						continue
					}
					tile = [96]float32{}
					if w <= 8 {
						micro6x8x32(kb, ap, kars, kaps, st, tile[:], 16, alpha) // the strip's left half
					} else {
						micro6x16(kb, ap, kars, kaps, st, tile[:], 16, alpha)
					}
					for r := i - it; r < 6 && it+r < m; r++ {
						row := it + r
						wr := w
						if tri {
							wr = min(w, row-j+1)
						}
						cr := c[row*ldc+j:]
						for jj := 0; jj < wr; jj++ {
							cr[jj] += tile[r*16+jj]
						}
					}
				}
			}
		}
	}
}

// packB32 copies the kb×jb block B(p,j) = b[p*brs+j*bcs] into sixteen-column strips of
// pack (strip s holds columns 16s..16s+15, sixteen values per p), zero padding the last.
func packB32(pack []float32, kb, jb int, b []float32, brs, bcs int) {
	ns := (jb + 15) / 16
	for s := 0; s < ns; s++ {
		st := pack[s*kb*16 : (s+1)*kb*16]
		w := min(16, jb-16*s)
		bs := b[16*s*bcs:]
		if bcs == 1 && w == 16 {
			for p := 0; p < kb; p++ {
				copy(st[p*16:p*16+16], bs[p*brs:p*brs+16])
			}
			continue
		}
		if w < 16 {
			clear(st)
		}
		if brs == 1 && w == 16 {
			packColumns16(st, kb, bs, bcs)
			continue
		}
		if brs == 1 {
			// Columns of B are contiguous in p: copy each into its lane of the strip.
			for jj := 0; jj < w; jj++ {
				col := bs[jj*bcs : jj*bcs+kb]
				for p, v := range col {
					st[p*16+jj] = v
				}
			}
			continue
		}
		for p := 0; p < kb; p++ {
			row := st[p*16 : p*16+w]
			for jj := range row {
				row[jj] = bs[p*brs+jj*bcs]
			}
		}
	}
}

// packColumns16 writes st[p*16+jj] = b[jj*bcs+p] for p < kb, jj < 16: sixteen columns of
// B that are contiguous in p, read as sixteen streams and written a strip row at a time.
func packColumns16(st []float32, kb int, b []float32, bcs int) {
	c0, c1, c2, c3 := b[0:kb], b[bcs:bcs+kb], b[2*bcs:2*bcs+kb], b[3*bcs:3*bcs+kb]
	c4, c5, c6, c7 := b[4*bcs:4*bcs+kb], b[5*bcs:5*bcs+kb], b[6*bcs:6*bcs+kb], b[7*bcs:7*bcs+kb]
	c8, c9, c10, c11 := b[8*bcs:8*bcs+kb], b[9*bcs:9*bcs+kb], b[10*bcs:10*bcs+kb], b[11*bcs:11*bcs+kb]
	c12, c13, c14, c15 := b[12*bcs:12*bcs+kb], b[13*bcs:13*bcs+kb], b[14*bcs:14*bcs+kb], b[15*bcs:15*bcs+kb]
	st = st[:kb*16]
	for p := range c0 {
		r := st[p*16 : p*16+16 : p*16+16]
		r[0], r[1], r[2], r[3] = c0[p], c1[p], c2[p], c3[p]
		r[4], r[5], r[6], r[7] = c4[p], c5[p], c6[p], c7[p]
		r[8], r[9], r[10], r[11] = c8[p], c9[p], c10[p], c11[p]
		r[12], r[13], r[14], r[15] = c12[p], c13[p], c14[p], c15[p]
	}
}
