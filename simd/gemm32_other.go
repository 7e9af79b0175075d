//go:build purego || noasm || !(amd64 || arm64)

package simd

func micro6x16(k int, a []float32, ars, aps int, bp []float32, c []float32, ldc int, alpha float32) {
	micro6x16Go(k, a, ars, aps, bp, c, ldc, alpha)
}

func micro6x8x32(k int, a []float32, ars, aps int, bp []float32, c []float32, ldc int, alpha float32) {
	micro6x16Go(k, a, ars, aps, bp, c, ldc, alpha)
}

func micro32Asm() bool { return false }
