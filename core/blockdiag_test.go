package core

import "testing"

func TestBlockDiagStepEqualsDenseDefinition(t *testing.T) {
	checkMaskedDense(t, BlockDiag, FormAuto)
}
