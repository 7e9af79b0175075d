// The float64 6×8 register block shared by gemm64K6x8 (gemm64_amd64.s) and strip6x8TAVX2
// (strip6x8t_amd64.s): twelve accumulators Y0–Y11, row r of the block in Y(2r) (columns
// 0..3) and Y(2r+1) (columns 4..7).

// K6X8_ZERO clears the twelve accumulators.
#define K6X8_ZERO \
	VXORPD Y0, Y0, Y0; \
	VXORPD Y1, Y1, Y1; \
	VXORPD Y2, Y2, Y2; \
	VXORPD Y3, Y3, Y3; \
	VXORPD Y4, Y4, Y4; \
	VXORPD Y5, Y5, Y5; \
	VXORPD Y6, Y6, Y6; \
	VXORPD Y7, Y7, Y7; \
	VXORPD Y8, Y8, Y8; \
	VXORPD Y9, Y9, Y9; \
	VXORPD Y10, Y10, Y10; \
	VXORPD Y11, Y11, Y11

// K6X8_STEP is one step p: the eight values of B's row at DX in Y12 and Y13, each of the six
// A values (rows 0–2 at SI, SI+R8, SI+2·R8; rows 3–5 at R12, R12+R8, R12+2·R8) broadcast into
// Y14 and multiplied into its row's two accumulators. The pointers are left where they are.
#define K6X8_STEP \
	VMOVUPD (DX), Y12; \
	VMOVUPD 32(DX), Y13; \
	VBROADCASTSD (SI), Y14; \
	VFMADD231PD Y12, Y14, Y0; \
	VFMADD231PD Y13, Y14, Y1; \
	VBROADCASTSD (SI)(R8*1), Y14; \
	VFMADD231PD Y12, Y14, Y2; \
	VFMADD231PD Y13, Y14, Y3; \
	VBROADCASTSD (SI)(R8*2), Y14; \
	VFMADD231PD Y12, Y14, Y4; \
	VFMADD231PD Y13, Y14, Y5; \
	VBROADCASTSD (R12), Y14; \
	VFMADD231PD Y12, Y14, Y6; \
	VFMADD231PD Y13, Y14, Y7; \
	VBROADCASTSD (R12)(R8*1), Y14; \
	VFMADD231PD Y12, Y14, Y8; \
	VFMADD231PD Y13, Y14, Y9; \
	VBROADCASTSD (R12)(R8*2), Y14; \
	VFMADD231PD Y12, Y14, Y10; \
	VFMADD231PD Y13, Y14, Y11
