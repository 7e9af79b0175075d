package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/tinynet"
)

// The CLI holds no numeric policy: with default flags its trainer configuration is
// core.Defaults for every method and both losses.
func TestDefaultFlagsGiveCoreDefaults(t *testing.T) {
	f, err := parseTrainFlags([]string{"--data", "any.csv"}, io.Discard)
	require.NoError(t, err)
	for _, m := range core.Methods() {
		for _, loss := range []tinynet.Loss{tinynet.MSE, tinynet.SoftmaxCE} {
			cfg, err := trainerConfig(f, m, loss)
			require.NoError(t, err, "%s/%s", m, loss)
			assert.Equal(t, core.Defaults(m, loss), cfg, "%s/%s", m, loss)
		}
	}
}

// An explicit flag overrides exactly its field.
func TestExplicitFlagsOverrideDefaults(t *testing.T) {
	cases := []struct {
		args []string
		m    core.Method
		want func(c *core.Config)
	}{
		{[]string{"--damping", "0.5"}, core.Exact, func(c *core.Config) { c.Damping, c.DampingScale = 0.5, core.ScaleAbsolute }},
		{[]string{"--damping-rel", "0.5"}, core.UnitWise, func(c *core.Config) { c.Damping = 0.5 }},
		{[]string{"--damping-rel", "0.5"}, core.TriDiag, func(c *core.Config) { c.Damping, c.DampingScale = 0.5, core.ScaleFisherResidual }},
		{[]string{"--max-rel-step", "0.2"}, core.KFAC, func(c *core.Config) { c.MaxRelStep = 0.2 }},
		{[]string{"--max-rel-step", "0"}, core.UnitWise, func(c *core.Config) { c.MaxRelStep = 0 }},
		{[]string{"--lr", "0.2"}, core.UnitWise, func(c *core.Config) { c.LRMode, c.LR, c.MaxRelStep = core.LRFixed, 0.2, 0 }},
		{[]string{"--lr", "0.2", "--max-rel-step", "0.1"}, core.UnitWise, func(c *core.Config) { c.LRMode, c.LR = core.LRFixed, 0.2 }},
		{[]string{"--lr", "auto"}, core.BlockDiag, func(c *core.Config) { c.LR = 1 }},
		{[]string{"--lr", "paper"}, core.KFAC, func(c *core.Config) { c.LRMode = core.LRPaper }},
		{[]string{"--lr", "0.01"}, core.Adam, func(c *core.Config) { c.LR = 0.01 }},
	}
	for _, c := range cases {
		f, err := parseTrainFlags(append([]string{"--data", "any.csv"}, c.args...), io.Discard)
		require.NoError(t, err)
		got, err := trainerConfig(f, c.m, tinynet.SoftmaxCE)
		require.NoError(t, err, "%v", c.args)
		want := core.Defaults(c.m, tinynet.SoftmaxCE)
		c.want(&want)
		assert.Equal(t, want, got, "%s %v", c.m, c.args)
	}
}

// --damping is an absolute ρ and --damping-rel a multiple of the batch's scale: both at once
// is a usage error, as is a negative λ.
func TestDampingRelExcludesDamping(t *testing.T) {
	for _, args := range [][]string{{"--damping", "0.1", "--damping-rel", "1"}, {"--damping-rel", "-1"}, {"--damping-rel", "x"}} {
		f, err := parseTrainFlags(append([]string{"--data", "any.csv"}, args...), io.Discard)
		require.NoError(t, err)
		_, err = trainerConfig(f, core.Exact, tinynet.MSE)
		var u *usageError
		assert.ErrorAs(t, err, &u, "%v", args)
	}
}
