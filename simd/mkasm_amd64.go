//go:build ignore

// mkasm_amd64 writes kernels_amd64.s and kernels_decl_amd64.go: the register-blocked
// AVX2+FMA micro-kernels, one function per block shape. Run `go generate ./simd/`.
//
// Every kernel computes one block of C for the whole summation length; Go code in
// kernels_amd64.go walks the blocks, chooses the shapes for the edges and handles
// k == 0 and empty shapes. Masks come from maskTab (lanes 0..r-1 set).
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

var (
	s    bytes.Buffer // assembly
	decl bytes.Buffer // Go declarations
)

func p(format string, args ...any) { fmt.Fprintf(&s, "\t"+format+"\n", args...) }
func label(l string)               { fmt.Fprintf(&s, "%s:\n", l) }

type arg struct {
	name, typ string
	size      int
}

// fn emits the TEXT line and the Go declaration and returns the argument offsets.
func fn(name, doc string, args []arg, ret string) map[string]int {
	off := map[string]int{}
	o := 0
	var params []string
	for _, a := range args {
		for o%a.size != 0 {
			o++
		}
		off[a.name] = o
		o += a.size
		params = append(params, a.name+" "+a.typ)
	}
	retSize := 0
	if ret != "" {
		for o%8 != 0 {
			o++
		}
		off["ret"] = o
		retSize = 4
		if ret == "float64" {
			retSize = 8
		}
	}
	argSize := o + retSize
	for argSize%8 != 0 && ret == "" {
		argSize++
	}
	fmt.Fprintf(&decl, "\n// %s\n//\n//go:noescape\nfunc %s(%s)%s\n", doc, name, strings.Join(params, ", "), strings.TrimRight(" "+ret, " "))
	fmt.Fprintf(&s, "\n// func %s(%s) %s\nTEXT ·%s(SB), NOSPLIT, $0-%d\n", name, strings.Join(params, ", "), ret, name, argSize)
	return off
}

func ld(off map[string]int, name, reg string) { p("MOVQ %s+%d(FP), %s", name, off[name], reg) }

// rowAddr addresses row r of a group of rows spaced by the byte stride in register
// stride: rows 0..2 from bases[0], 3..5 from bases[1], 6..8 from bases[2].
func rowAddr(disp int, bases []string, stride string, r int) string {
	d := ""
	if disp != 0 {
		d = fmt.Sprint(disp)
	}
	b := bases[r/3]
	switch r % 3 {
	case 0:
		return fmt.Sprintf("%s(%s)", d, b)
	case 1:
		return fmt.Sprintf("%s(%s)(%s*1)", d, b, stride)
	}
	return fmt.Sprintf("%s(%s)(%s*2)", d, b, stride)
}

// setupBases makes bases[g] = bases[0] + 3*g*stride for the groups that rows need.
func setupBases(bases []string, stride string, rows int) {
	for g := 1; g*3 < rows; g++ {
		p("LEAQ (%s)(%s*2), %s", bases[g-1], stride, bases[g])
		p("ADDQ %s, %s", stride, bases[g])
	}
}

func advance(bases []string, rows int, by string) {
	for g := 0; g*3 < rows; g++ {
		p("ADDQ %s, %s", by, bases[g])
	}
}

type regs struct{ next int }

func (r *regs) y() string {
	if r.next > 15 {
		panic("out of registers")
	}
	r.next++
	return fmt.Sprintf("Y%d", r.next-1)
}

func x(y string) string { return "X" + y[1:] }

// nnKernel: C[r, v*8+l] = alpha*Σ_p A(r,p)*B[p, v*8+l] + beta*C, A(r,p) at a + r*ars + p*aps;
// with loadC = 2, beta*bias[v*8+l] instead of beta*C (C not read); with loadC = 3,
// C = (alpha*Σ_p …) ⊙ E with E at bias and C's stride (C not read).
// Serves GemmNN (ars = lda, aps = 1) and GemmTN (ars = 1, aps = lda).
// masked: one vector of cols whose lanes follow mask.
//
// multi: the kernel nnS{mr}x{cols} runs nblk ≥ 1 blocks of mr rows down a column strip
// in one call (block t at rows t·mr of A and C), the same code per block as nnK{mr}x{cols}.
func nnKernel(mr, nv int, masked bool) { nnKernelGen(mr, nv, masked, false) }

func nnKernelGen(mr, nv int, masked, multi bool) {
	cols := fmt.Sprint(nv * 8)
	if masked {
		cols = "M"
	}
	name := fmt.Sprintf("nnK%dx%s", mr, cols)
	doc := fmt.Sprintf("%s computes a %d×%s block of C = alpha*A*B + beta*C over k ≥ 1 steps.", name, mr, cols)
	args := []arg{{"k", "int", 8}, {"a", "*float32", 8}, {"ars", "int", 8}, {"aps", "int", 8}, {"b", "*float32", 8},
		{"ldb", "int", 8}, {"c", "*float32", 8}, {"ldc", "int", 8}, {"mask", "*int32", 8}, {"bias", "*float32", 8},
		{"loadC", "int", 8}, {"alpha", "float32", 4}, {"beta", "float32", 4}}
	if multi {
		name = fmt.Sprintf("nnS%dx%s", mr, cols)
		doc = fmt.Sprintf("%s computes nblk ≥ 1 blocks of %d×%s of C = alpha*A*B + beta*C over k ≥ 1 steps, block t at rows %d·t, as nnK%dx%s each.", name, mr, cols, mr, mr, cols)
		args = append(args, arg{"nblk", "int", 8})
	}
	off := fn(name, doc, args, "")
	// endBlock ends one of the stores below: on to the next block, or return
	endBlock := func() {
		if multi {
			p("JMP %s_next", name)
		} else {
			p("VZEROUPPER")
			p("RET")
		}
	}
	ld(off, "ars", "R8")
	p("SHLQ $2, R8")
	ld(off, "aps", "R9")
	p("SHLQ $2, R9")
	ld(off, "ldb", "R10")
	p("SHLQ $2, R10")
	ld(off, "c", "DI")
	ld(off, "ldc", "R11")
	p("SHLQ $2, R11")
	if multi {
		ld(off, "a", "R14")
		ld(off, "nblk", "BX")
		label(name + "_block")
		p("MOVQ R14, SI")
	} else {
		ld(off, "a", "SI")
	}
	ld(off, "k", "CX")
	ld(off, "b", "DX")
	abase := []string{"SI", "R12"}
	setupBases(abase, "R8", mr)
	var rg regs
	var mask string
	if masked {
		mask = rg.y()
		ld(off, "mask", "AX")
		p("VMOVUPS (AX), %s", mask)
	}
	bInReg := mr > 1 || masked
	var bv []string
	if bInReg {
		for v := 0; v < nv; v++ {
			bv = append(bv, rg.y())
		}
	}
	nb := 2
	if mr == 1 {
		nb = 1
	}
	var bc []string
	for i := 0; i < nb; i++ {
		bc = append(bc, rg.y())
	}
	acc := make([][]string, mr)
	for r := range acc {
		for v := 0; v < nv; v++ {
			a := rg.y()
			acc[r] = append(acc[r], a)
			p("VXORPS %s, %s, %s", a, a, a)
		}
	}
	loop := name + "_loop"
	p("PCALIGN $32")
	label(loop)
	if bInReg {
		for v := 0; v < nv; v++ {
			if masked {
				p("VMASKMOVPS (DX), %s, %s", mask, bv[v])
			} else {
				p("VMOVUPS %d(DX), %s", 32*v, bv[v])
			}
		}
	}
	for r := 0; r < mr; r++ {
		b := bc[r%nb]
		p("VBROADCASTSS %s, %s", rowAddr(0, abase, "R8", r), b)
		for v := 0; v < nv; v++ {
			if bInReg {
				p("VFMADD231PS %s, %s, %s", bv[v], b, acc[r][v])
			} else {
				p("VFMADD231PS %d(DX), %s, %s", 32*v, b, acc[r][v])
			}
		}
	}
	advance(abase, mr, "R9")
	p("ADDQ R10, DX")
	p("DECQ CX")
	p("JNZ %s", loop)

	// Epilogue: C = alpha*acc (+ beta*C).
	alpha, beta := bc[0], ""
	if nb > 1 {
		beta = bc[1]
	} else if len(bv) > 0 {
		beta = bv[0]
	} else {
		beta = rg.y()
	}
	tmp := ""
	if masked {
		tmp = rg.y()
	}
	p("VBROADCASTSS alpha+%d(FP), %s", off["alpha"], alpha)
	p("VBROADCASTSS beta+%d(FP), %s", off["beta"], beta)
	cbase := []string{"DI", "R13"}
	setupBases(cbase, "R11", mr)
	ld(off, "loadC", "AX")
	p("TESTQ AX, AX")
	p("JZ %s_store", name)
	p("CMPQ AX, $2")
	p("JEQ %s_bias", name)
	p("CMPQ AX, $3")
	p("JEQ %s_had", name)
	for r := 0; r < mr; r++ {
		for v := 0; v < nv; v++ {
			a := acc[r][v]
			m := rowAddr(32*v, cbase, "R11", r)
			p("VMULPS %s, %s, %s", alpha, a, a)
			if masked {
				p("VMASKMOVPS %s, %s, %s", m, mask, tmp)
				p("VFMADD231PS %s, %s, %s", tmp, beta, a)
				p("VMASKMOVPS %s, %s, %s", a, mask, m)
			} else {
				p("VFMADD231PS %s, %s, %s", m, beta, a)
				p("VMOVUPS %s, %s", a, m)
			}
		}
	}
	endBlock()
	// loadC = 2: C = alpha*acc + beta*bias on every row (the bias add of BiasAct, one FMA)
	label(name + "_bias")
	ld(off, "bias", "AX")
	for r := 0; r < mr; r++ {
		for v := 0; v < nv; v++ {
			a := acc[r][v]
			m := rowAddr(32*v, cbase, "R11", r)
			p("VMULPS %s, %s, %s", alpha, a, a)
			if masked {
				p("VMASKMOVPS %d(AX), %s, %s", 32*v, mask, tmp)
				p("VFMADD231PS %s, %s, %s", tmp, beta, a)
				p("VMASKMOVPS %s, %s, %s", a, mask, m)
			} else {
				p("VFMADD231PS %d(AX), %s, %s", 32*v, beta, a)
				p("VMOVUPS %s, %s", a, m)
			}
		}
	}
	endBlock()
	// loadC = 3: C = (alpha*acc) ⊙ E, E at bias with C's stride (the Hadamard product after
	// the GEMM, one multiply per element); its rows from AX and R12 like C's from DI and R13
	label(name + "_had")
	ld(off, "bias", "AX")
	p("SUBQ c+%d(FP), AX", off["c"])
	p("ADDQ DI, AX")
	ebase := []string{"AX", "R12"}
	setupBases(ebase, "R11", mr)
	for r := 0; r < mr; r++ {
		for v := 0; v < nv; v++ {
			a := acc[r][v]
			m := rowAddr(32*v, cbase, "R11", r)
			e := rowAddr(32*v, ebase, "R11", r)
			p("VMULPS %s, %s, %s", alpha, a, a)
			if masked {
				p("VMASKMOVPS %s, %s, %s", e, mask, tmp)
				p("VMULPS %s, %s, %s", tmp, a, a)
				p("VMASKMOVPS %s, %s, %s", a, mask, m)
			} else {
				p("VMULPS %s, %s, %s", e, a, a)
				p("VMOVUPS %s, %s", a, m)
			}
		}
	}
	endBlock()
	label(name + "_store")
	for r := 0; r < mr; r++ {
		for v := 0; v < nv; v++ {
			a := acc[r][v]
			m := rowAddr(32*v, cbase, "R11", r)
			p("VMULPS %s, %s, %s", alpha, a, a)
			if masked {
				p("VMASKMOVPS %s, %s, %s", a, mask, m)
			} else {
				p("VMOVUPS %s, %s", a, m)
			}
		}
	}
	if multi {
		// the next block: mr rows further down A and C
		label(name + "_next")
		p("MOVQ $%d, AX", mr)
		p("IMULQ R8, AX")
		p("ADDQ AX, R14")
		p("MOVQ $%d, AX", mr)
		p("IMULQ R11, AX")
		p("ADDQ AX, DI")
		p("DECQ BX")
		p("JNZ %s_block", name)
	}
	p("VZEROUPPER")
	p("RET")
}

// dotKernel: C[r, j] = alpha*Σ_p A[r,p]*B[j,p] + beta*C[r,j] with rows of A and B
// contiguous in p: kb whole chunks, then a masked chunk when mask != nil.
// f64 converts float32 inputs to float64 and accumulates in float64 (chunks of 4,
// C is float64, no alpha/beta: C is overwritten). nr is 1 or 4 (C columns).
func dotKernel(mr, nr int, f64 bool) {
	prefix, ctype := "nt", "float32"
	chunk, esz := 32, 4 // bytes of input per chunk, bytes of C element
	if f64 {
		prefix, ctype = "gr", "float64"
		chunk, esz = 16, 8
	}
	name := fmt.Sprintf("%sK%dx%d", prefix, mr, nr)
	args := []arg{{"kb", "int", 8}, {"a", "*float32", 8}, {"lda", "int", 8}, {"b", "*float32", 8},
		{"ldb", "int", 8}, {"c", "*" + ctype, 8}, {"ldc", "int", 8}, {"mask", "*int32", 8}}
	doc := fmt.Sprintf("%s computes a %d×%d block of C = alpha*A*Bᵀ + beta*C over kb chunks of 8 and a masked chunk.", name, mr, nr)
	if f64 {
		doc = fmt.Sprintf("%s computes a %d×%d block of C = A*Bᵀ in float64 over kb chunks of 4 and a masked chunk.", name, mr, nr)
	} else {
		args = append(args, arg{"loadC", "int", 8}, arg{"alpha", "float32", 4}, arg{"beta", "float32", 4})
	}
	off := fn(name, doc, args, "")
	ld(off, "kb", "CX")
	ld(off, "a", "SI")
	ld(off, "lda", "R8")
	p("SHLQ $2, R8")
	ld(off, "b", "DX")
	ld(off, "ldb", "R9")
	p("SHLQ $2, R9")
	abase := []string{"SI", "R12", "R13"}
	bbase := []string{"DX", "R14"}
	setupBases(abase, "R8", mr)
	setupBases(bbase, "R9", nr)
	var rg regs
	acc := make([][]string, mr)
	for r := range acc {
		for j := 0; j < nr; j++ {
			a := rg.y()
			acc[r] = append(acc[r], a)
			p("VXORPS %s, %s, %s", a, a, a)
		}
	}
	fma, load := "VFMADD231PS", func(m, dst string) { p("VMOVUPS %s, %s", m, dst) }
	if f64 {
		fma, load = "VFMADD231PD", func(m, dst string) { p("VCVTPS2PD %s, %s", m, dst) }
	}
	free := rg.next
	p("TESTQ CX, CX")
	p("JZ %s_tail", name)
	label(name + "_loop")
	if nr == 1 {
		// One B row (x) in a register, A rows streamed.
		bx := fmt.Sprintf("Y%d", free)
		load("(DX)", bx)
		for r := 0; r < mr; r++ {
			if f64 {
				t := fmt.Sprintf("Y%d", free+1+r%2)
				load(rowAddr(0, abase, "R8", r), t)
				p("%s %s, %s, %s", fma, t, bx, acc[r][0])
			} else {
				p("%s %s, %s, %s", fma, rowAddr(0, abase, "R8", r), bx, acc[r][0])
			}
		}
	} else {
		var ar []string
		for r := 0; r < mr; r++ {
			ar = append(ar, fmt.Sprintf("Y%d", free+r))
			load(rowAddr(0, abase, "R8", r), ar[r])
		}
		bt := fmt.Sprintf("Y%d", free+mr)
		for j := 0; j < nr; j++ {
			load(rowAddr(0, bbase, "R9", j), bt)
			for r := 0; r < mr; r++ {
				p("%s %s, %s, %s", fma, bt, ar[r], acc[r][j])
			}
		}
	}
	advance(abase, mr, fmt.Sprintf("$%d", chunk))
	advance(bbase, nr, fmt.Sprintf("$%d", chunk))
	p("DECQ CX")
	p("JNZ %s_loop", name)

	// Masked chunk: mask in a register, at most two A rows held at a time.
	label(name + "_tail")
	ld(off, "mask", "AX")
	p("TESTQ AX, AX")
	p("JZ %s_reduce", name)
	mreg := fmt.Sprintf("Y%d", free)
	p("VMOVUPS (AX), %s", mreg)
	mload := func(m, dst string) {
		if f64 {
			p("VMASKMOVPS %s, %s, %s", m, x(mreg), x(dst))
			p("VCVTPS2PD %s, %s", x(dst), dst)
		} else {
			p("VMASKMOVPS %s, %s, %s", m, mreg, dst)
		}
	}
	if nr == 1 {
		bx, t := fmt.Sprintf("Y%d", free+1), fmt.Sprintf("Y%d", free+2)
		mload("(DX)", bx)
		for r := 0; r < mr; r++ {
			mload(rowAddr(0, abase, "R8", r), t)
			p("%s %s, %s, %s", fma, t, bx, acc[r][0])
		}
	} else {
		for r0 := 0; r0 < mr; r0 += 2 {
			var ar []string
			for r := r0; r < min(r0+2, mr); r++ {
				t := fmt.Sprintf("Y%d", free+1+r-r0)
				ar = append(ar, t)
				mload(rowAddr(0, abase, "R8", r), t)
			}
			bt := fmt.Sprintf("Y%d", free+3)
			for j := 0; j < nr; j++ {
				mload(rowAddr(0, bbase, "R9", j), bt)
				for i, a := range ar {
					p("%s %s, %s, %s", fma, bt, a, acc[r0+i][j])
				}
			}
		}
	}

	// Reduce each row's accumulators to the nr values of C.
	label(name + "_reduce")
	ld(off, "c", "DI")
	ld(off, "ldc", "R11")
	if f64 {
		p("SHLQ $3, R11")
	} else {
		p("SHLQ $2, R11")
	}
	cbase := []string{"DI", "R12", "R13"}
	setupBases(cbase, "R11", mr)
	t1, t2 := fmt.Sprintf("Y%d", free), fmt.Sprintf("Y%d", free+1)
	alpha, beta := fmt.Sprintf("Y%d", free+2), fmt.Sprintf("Y%d", free+3)
	if free+3 > 15 {
		alpha, beta = t1, t2 // only when nr == 4, where the reduction runs in place
	}
	for r := 0; r < mr; r++ {
		a := acc[r]
		if f64 {
			if nr == 4 {
				p("VHADDPD %s, %s, %s", a[1], a[0], a[0]) // [a01 b01 | a23 b23]
				p("VHADDPD %s, %s, %s", a[3], a[2], a[2]) // [c01 d01 | c23 d23]
				p("VPERM2F128 $0x20, %s, %s, %s", a[2], a[0], a[1])
				p("VPERM2F128 $0x31, %s, %s, %s", a[2], a[0], a[3])
				p("VADDPD %s, %s, %s", a[3], a[1], a[0]) // [a b c d]
			} else {
				p("VEXTRACTF128 $1, %s, %s", a[0], x(t1))
				p("VADDPD %s, %s, %s", x(t1), x(a[0]), x(a[0]))
				p("VHADDPD %s, %s, %s", x(a[0]), x(a[0]), x(a[0]))
			}
		} else {
			if nr == 4 {
				p("VHADDPS %s, %s, %s", a[1], a[0], a[0])
				p("VHADDPS %s, %s, %s", a[3], a[2], a[2])
				p("VHADDPS %s, %s, %s", a[2], a[0], a[0])
				p("VEXTRACTF128 $1, %s, %s", a[0], x(a[1]))
				p("VADDPS %s, %s, %s", x(a[1]), x(a[0]), x(a[0]))
			} else {
				p("VEXTRACTF128 $1, %s, %s", a[0], x(t1))
				p("VADDPS %s, %s, %s", x(t1), x(a[0]), x(a[0]))
				p("VHADDPS %s, %s, %s", x(a[0]), x(a[0]), x(a[0]))
				p("VHADDPS %s, %s, %s", x(a[0]), x(a[0]), x(a[0]))
			}
		}
	}
	if f64 {
		for r := 0; r < mr; r++ {
			m := rowAddr(0, cbase, "R11", r)
			if nr == 4 {
				p("VMOVUPD %s, %s", acc[r][0], m)
			} else {
				p("VMOVSD %s, %s", x(acc[r][0]), m)
			}
		}
		p("VZEROUPPER")
		p("RET")
		return
	}
	p("VBROADCASTSS alpha+%d(FP), %s", off["alpha"], alpha)
	p("VBROADCASTSS beta+%d(FP), %s", off["beta"], beta)
	ld(off, "loadC", "AX")
	for pass := 0; pass < 2; pass++ {
		if pass == 0 {
			p("TESTQ AX, AX")
			p("JZ %s_store", name)
		} else {
			label(name + "_store")
		}
		for r := 0; r < mr; r++ {
			a := x(acc[r][0])
			m := rowAddr(0, cbase, "R11", r)
			if nr == 4 {
				p("VMULPS %s, %s, %s", x(alpha), a, a)
				if pass == 0 {
					p("VFMADD231PS %s, %s, %s", m, x(beta), a)
				}
				p("VMOVUPS %s, %s", a, m)
			} else {
				p("VMULSS %s, %s, %s", x(alpha), a, a)
				if pass == 0 {
					p("VFMADD231SS %s, %s, %s", m, x(beta), a)
				}
				p("VMOVSS %s, %s", a, m)
			}
		}
		p("VZEROUPPER")
		p("RET")
	}
	_ = esz
}

// gtKernel: C[r, j] = Σ_p float64(a[p, i0+r])*float64(a[p, j0+j]) for n ≥ 1 rows p,
// with ai = &a[i0], bj = &a[j0]; nv vectors of 4 columns, or one masked vector.
func gtKernel(mr, nv int, masked bool) {
	cols := fmt.Sprint(nv * 4)
	if masked {
		cols = "M"
	}
	name := fmt.Sprintf("gtK%dx%s", mr, cols)
	off := fn(name, fmt.Sprintf("%s computes a %d×%s block of C = Aᵀ*A in float64 over n ≥ 1 rows.", name, mr, cols),
		[]arg{{"n", "int", 8}, {"ai", "*float32", 8}, {"bj", "*float32", 8}, {"lda", "int", 8},
			{"c", "*float64", 8}, {"ldc", "int", 8}, {"mask", "*int32", 8}}, "")
	ld(off, "n", "CX")
	ld(off, "ai", "SI")
	ld(off, "bj", "DX")
	ld(off, "lda", "R8")
	p("SHLQ $2, R8")
	var rg regs
	var mask string
	if masked {
		mask = rg.y()
		ld(off, "mask", "AX")
		p("VMOVUPS (AX), %s", x(mask))
	}
	var bv []string
	for v := 0; v < nv; v++ {
		bv = append(bv, rg.y())
	}
	bc := []string{rg.y(), rg.y()}
	acc := make([][]string, mr)
	for r := range acc {
		for v := 0; v < nv; v++ {
			a := rg.y()
			acc[r] = append(acc[r], a)
			p("VXORPS %s, %s, %s", a, a, a)
		}
	}
	label(name + "_loop")
	for v := 0; v < nv; v++ {
		if masked {
			p("VMASKMOVPS (DX), %s, %s", x(mask), x(bv[v]))
			p("VCVTPS2PD %s, %s", x(bv[v]), bv[v])
		} else {
			p("VCVTPS2PD %d(DX), %s", 16*v, bv[v])
		}
	}
	for r := 0; r < mr; r++ {
		b := bc[r%2]
		p("VBROADCASTSS %d(SI), %s", 4*r, x(b))
		p("VCVTPS2PD %s, %s", x(b), b)
		for v := 0; v < nv; v++ {
			p("VFMADD231PD %s, %s, %s", bv[v], b, acc[r][v])
		}
	}
	p("ADDQ R8, SI")
	p("ADDQ R8, DX")
	p("DECQ CX")
	p("JNZ %s_loop", name)
	ld(off, "c", "DI")
	ld(off, "ldc", "R11")
	p("SHLQ $3, R11")
	cbase := []string{"DI", "R13"}
	setupBases(cbase, "R11", mr)
	for r := 0; r < mr; r++ {
		for v := 0; v < nv; v++ {
			m := rowAddr(32*v, cbase, "R11", r)
			if masked {
				// Float64 lanes need a 64-bit mask: widen the 32-bit one.
				p("VPMOVSXDQ %s, %s", x(mask), bc[0])
				p("VMASKMOVPD %s, %s, %s", acc[r][v], bc[0], m)
			} else {
				p("VMOVUPD %s, %s", acc[r][v], m)
			}
		}
	}
	p("VZEROUPPER")
	p("RET")
}

func main() {
	fmt.Fprintf(&s, "// Code generated by mkasm_amd64.go; DO NOT EDIT.\n\n//go:build !purego && !noasm\n\n#include \"textflag.h\"\n")
	fmt.Fprintf(&decl, "// Code generated by mkasm_amd64.go; DO NOT EDIT.\n\n//go:build !purego && !noasm\n\npackage simd\n")
	for mr := 1; mr <= 6; mr++ {
		nnKernel(mr, 2, false)
		nnKernel(mr, 1, false)
		nnKernel(mr, 1, true)
	}
	nnKernel(1, 8, false)
	nnKernel(1, 4, false)
	nnKernelGen(6, 2, false, true)
	nnKernelGen(6, 1, false, true)
	nnKernelGen(6, 1, true, true)
	for _, f64 := range []bool{false, true} {
		for mr := 1; mr <= 3; mr++ {
			dotKernel(mr, 4, f64)
			dotKernel(mr, 1, f64)
		}
	}
	dotKernel(8, 1, false)
	dotKernel(4, 1, false)
	for mr := 1; mr <= 6; mr++ {
		gtKernel(mr, 2, false)
		gtKernel(mr, 1, false)
		gtKernel(mr, 1, true)
	}
	must(os.WriteFile("kernels_amd64.s", s.Bytes(), 0o644))
	must(os.WriteFile("kernels_decl_amd64.go", decl.Bytes(), 0o644))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
