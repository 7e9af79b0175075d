package stepbench

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/core"
)

func TestConfigsAreTheReferenceThree(t *testing.T) {
	var names []string
	for _, c := range Configs() {
		names = append(names, c.Name())
	}
	assert.Equal(t, []string{"in8-h32x2-out1-b32", "in16-h64x2-out4-b64", "in64-h256x2-out10-b128"}, names)
}

func TestProblemIsSeededAndShaped(t *testing.T) {
	for _, c := range Configs() {
		p, q := c.Problem(), c.Problem()
		assert.Len(t, p.X, c.Batch*c.Inputs, c.Name())
		assert.Len(t, p.Y, c.Batch*c.Outputs, c.Name())
		assert.Equal(t, p.X, q.X, c.Name())
		assert.Equal(t, p.Y, q.Y, c.Name())
		assert.Equal(t, p.Net.Params, q.Net.Params, c.Name())
		assert.Equal(t, []int{c.Inputs, c.Hidden, c.Hidden, c.Outputs}, p.Net.Spec.Widths)
		assert.NotZero(t, p.X[0])
	}
}

// TestEveryMethodStepsWithoutAllocating runs what the benchmarks measure, on the smallest
// configuration: each method's trainer builds and steps, with no heap allocation.
func TestEveryMethodStepsWithoutAllocating(t *testing.T) {
	c := Configs()[0]
	for _, m := range core.Methods() {
		p := c.Problem()
		tr, err := p.Trainer(m)
		require.NoError(t, err, m.String())
		require.NoError(t, p.Step(tr), m.String())
		allocs := testing.AllocsPerRun(3, func() {
			if err := p.Step(tr); err != nil {
				t.Fatal(m, err)
			}
		})
		assert.Zero(t, allocs, m.String())
	}
}
