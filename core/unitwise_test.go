package core

import "testing"

func TestUnitWiseDualStepEqualsDenseDefinition(t *testing.T) {
	checkMaskedDense(t, UnitWise, FormDual)
}

func TestUnitWisePrimalStepEqualsDenseDefinition(t *testing.T) {
	checkMaskedDense(t, UnitWise, FormPrimal)
}
