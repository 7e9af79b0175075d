package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet/model"
)

// -h, --help and help print the overview with every subcommand and the exit status to
// standard output and exit 0; no arguments print it to standard error and exit 2.
func TestHelpListsSubcommandsAndExitCodes(t *testing.T) {
	for _, arg := range []string{"-h", "--help", "-help", "help"} {
		code, stdout, stderr := runCLI(arg)
		assert.Equal(t, 0, code, arg)
		assert.Empty(t, stderr, arg)
		for _, want := range []string{"edgetrain [train] --data FILE", "predict --model FILE", "eval --model FILE", "info", "bench", "version", "exit status:", "130", "143"} {
			assert.Contains(t, stdout, want, arg)
		}
	}
	code, stdout, stderr := runCLI()
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "usage:")
}

// COMMAND -h lists the command's flags as --name PLACEHOLDER with readable placeholders,
// on standard output; a bad flag is one line on standard error pointing to -h.
func TestCommandHelpIsCleanAndBadFlagsAreOneLine(t *testing.T) {
	code, stdout, stderr := runCLI("train", "-h")
	require.Equal(t, 0, code)
	assert.Empty(t, stderr)
	assert.True(t, strings.HasPrefix(stdout, "usage: edgetrain [train] --data FILE [flags]\n"))
	for _, want := range []string{"  --data FILE\n", "  --batch SIZE\n", "  --lr RATE\n", "  --label COLUMN\n", "  --target COLUMNS\n", "  --save-every N\n", "  --na VALUES\n", "  --json\n", "  --epochs N\n"} {
		assert.Contains(t, stdout, want)
	}
	assert.NotContains(t, stdout, "`")
	assert.NotContains(t, stdout, "mdl")
	assert.NotContains(t, stdout, "(default -1)")
	for _, cmd := range []string{"predict", "eval", "info", "bench"} {
		code, stdout, stderr := runCLI(cmd, "--help")
		assert.Equal(t, 0, code, cmd)
		assert.Empty(t, stderr, cmd)
		assert.True(t, strings.HasPrefix(stdout, "usage: edgetrain "+cmd), cmd)
	}
	code, stdout, stderr = runCLI("--data", "x.csv", "--bogus")
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "edgetrain: flag provided but not defined: -bogus (edgetrain train -h lists the flags)\n", stderr)
	code, _, stderr = runCLI("predict", "--model", "m", "--data", "d", "extra")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unexpected argument "extra"`)
	code, _, stderr = runCLI("frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "version or help")
}

// version and --version print the producer string that checkpoints record.
func TestVersionMatchesTheCheckpointProducer(t *testing.T) {
	for _, arg := range []string{"version", "--version", "-version"} {
		code, stdout, _ := runCLI(arg)
		assert.Equal(t, 0, code)
		assert.True(t, strings.HasPrefix(stdout, model.DefaultProducer()+" (go"), stdout)
	}
	out := filepath.Join(t.TempDir(), "m.safetensors")
	code, _, stderr := runCLI("--data", "../../testdata/iris.csv", "--steps", "2", "--save", out)
	require.Equal(t, 0, code, stderr)
	m, err := model.Load(out)
	require.NoError(t, err)
	assert.Equal(t, model.DefaultProducer(), m.Producer)
	assert.True(t, strings.HasPrefix(m.Producer, "edgetrain "))
}

// A panic is reported as an internal error with exit status 3, never 2 (bad input).
func TestPanicIsAnInternalErrorNotAnInputError(t *testing.T) {
	var code int
	var stderr string
	withControl(t, func(*runControl) { panic("boom") }, func() {
		code, _, stderr = runCLI("--data", "../../testdata/iris.csv", "--steps", "1")
	})
	assert.Equal(t, 3, code)
	assert.Contains(t, stderr, "internal error (a bug in edgetrain, not in the input")
	assert.Contains(t, stderr, "boom")
}
