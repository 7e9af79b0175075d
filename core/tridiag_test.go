package core

import "testing"

func TestTriDiagStepEqualsDenseDefinition(t *testing.T) {
	checkMaskedDense(t, TriDiag, FormAuto)
}
