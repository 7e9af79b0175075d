package simd

// B strips with a conflicting stride. GemmNN and GemmTN run over C in strips of 16
// columns; every block of rows in a strip reads the same k×16 panel of B, one 64-byte
// line per row of B. When the row stride of B is a large power of two those lines fall
// into few sets of the L1 data cache (rows 1 KiB apart use 4 of its 64 sets), the panel
// no longer stays in L1 however small it is, and every block reloads it from L2. Such a
// strip is copied first into a contiguous k×16 panel (a stack block, no allocation) that
// the blocks then read; the micro-kernels do the same multiply-adds on the same values,
// so C is bit for bit what the uncopied product gives. packStrip16 is the copy's
// specification; on amd64 it runs in assembly (packStrip16AVX2, 2.6x faster than the
// Go loop, whose 64-byte copies go through memmove).

// stripMinRows is the least number of rows of C for which a strip copy is made.
// Measured in thread CPU time on a Zen 4 (B rows 1 KiB apart, k = 256): the copy saves
// 10% at 1280 rows (GemmNN 1.70 → 1.53 ms); at 128 and 256 rows the Go copy cost about
// what the conflicts cost (GemmNN 128×256×256 and 256×256×128 5-10% slower with it),
// and the assembly copy is within 2% either way (training steps with 24 or 384 here
// measured the same), so smaller products are left as they are.
const stripMinRows = 384

// l1Ways and l1SetBytes describe the L1 data cache the rule assumes: 8 ways of 4 KiB
// (32 KiB, 64 sets of 64-byte lines), which most x86 and Arm cores have.
const (
	l1Ways     = 8
	l1SetBytes = 4096
)

// packStrips reports whether the k-row strips of B, rows ldb float32 apart, should be
// copied for a product with m rows of C: the rows of a strip fall on
// 4096/gcd(4·ldb, 4096) distinct offsets within a 4 KiB way, each offset holds l1Ways
// lines, and half of that room is left for the rows of A and of C. A stride that is not
// a multiple of 16 float32 spreads the rows over all sets and never asks for a copy.
func packStrips(m, k, ldb int) bool {
	if m < stripMinRows || ldb%16 != 0 {
		return false
	}
	g, s := l1SetBytes, 4*ldb%l1SetBytes
	for s != 0 {
		g, s = s, g%s
	}
	return k > l1Ways*(l1SetBytes/g)/2
}

// packStrip16 copies the k×16 block of b (rows ldb apart) into st, 16 values a row.
func packStrip16(st []float32, k int, b []float32, ldb int) {
	st = st[:k*16]
	for p := 0; p < k; p++ {
		*(*[16]float32)(st[p*16:]) = *(*[16]float32)(b[p*ldb:])
	}
}
