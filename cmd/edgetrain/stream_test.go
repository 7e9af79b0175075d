package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/edgetrain/edgetrain/tinynet/model"
)

// runStreamCLI runs the command with src as standard input.
func runStreamCLI(t *testing.T, src []byte, args ...string) (int, string, string) {
	t.Helper()
	old := stdin
	stdin = bytes.NewReader(src)
	defer func() { stdin = old }()
	return runCLI(args...)
}

var maeLine = regexp.MustCompile(`rows (\d+) .*MAE ([0-9.]+)  persistence MAE ([0-9.]+)`)

// On the Seattle series, every row gets a prediction before it is learned from, and the
// running error ends well below persistence's; the checkpoint is written at the end.
func TestStreamPredictsEveryRowAndBeatsPersistence(t *testing.T) {
	src, err := os.ReadFile(seattle)
	require.NoError(t, err)
	save := filepath.Join(t.TempDir(), "s.safetensors")
	code, stdout, stderr := runStreamCLI(t, src, "--data", "-", "--stream", "--window", "256", "--step-every", "8",
		"--hidden", "16,16", "--save", save, "--report-every", "100000")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, 8753, strings.Count(stdout, "\n"))
	m := maeLine.FindStringSubmatch(stderr)
	require.NotNil(t, m, stderr)
	mae, _ := strconv.ParseFloat(m[2], 64)
	pers, _ := strconv.ParseFloat(m[3], 64)
	assert.Less(t, mae, pers/2, stderr)
	assert.Contains(t, stderr, "stream ended (end of input); saved")
	saved, err := model.Load(save)
	require.NoError(t, err)
	assert.Equal(t, []string{"target"}, saved.Targets)
	assert.Greater(t, saved.Step, 1000)
}

// A stream cut in two, the second half resumed from the first's checkpoint, predicts
// exactly what the uncut stream predicts.
func TestStreamResumeContinuesExactly(t *testing.T) {
	src, err := os.ReadFile(seattle)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(src), "\n")
	header := lines[0]
	first := header + strings.Join(lines[1:3001], "")
	second := header + strings.Join(lines[3001:], "")
	for _, method := range []string{"exact", "kfac", "adam"} {
		dir := t.TempDir()
		args := []string{"--data", "-", "--stream", "--hidden", "8,8", "--method", method, "--report-every", "100000"}
		code, whole, stderr := runStreamCLI(t, src, args...)
		require.Equal(t, 0, code, stderr)
		ck := filepath.Join(dir, "a.safetensors")
		code, p1, stderr := runStreamCLI(t, []byte(first), append(args, "--save", ck)...)
		require.Equal(t, 0, code, stderr)
		code, p2, stderr := runStreamCLI(t, []byte(second), append(args, "--resume", ck)...)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, whole, p1+p2, method)

		// another window does not fit the checkpoint
		code, _, stderr = runStreamCLI(t, []byte(second), append(args, "--resume", ck, "--window", "100")...)
		assert.Equal(t, 2, code)
		assert.Contains(t, stderr, "--window")
	}
}

func TestStreamBadInput(t *testing.T) {
	code, _, stderr := runStreamCLI(t, []byte("a,b,target\n1,2,3\n4,x,6\n"), "--data", "-", "--stream")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "<stdin>:3:2")
	code, _, stderr = runStreamCLI(t, []byte("a,b,target\n1,2,3\n4,5\n"), "--data", "-", "--stream")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "<stdin>:3")
	code, stdout, stderr := runStreamCLI(t, []byte("a,b,target\n1,2,3\n4,NA,6\n7,8,9\n"), "--data", "-", "--stream", "--na", "skip")
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, 2, strings.Count(stdout, "\n"))
	code, _, stderr = runStreamCLI(t, []byte(""), "--data", "-", "--stream")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "no header")
	code, _, stderr = runCLI("--data", seattle, "--window", "12")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--window is for --stream")
	code, _, stderr = runStreamCLI(t, []byte("a,label\n1,0\n"), "--data", "-", "--stream")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--classes")
	code, stdout, stderr = runStreamCLI(t, []byte("a,label\n1,0\n2,1\n3,0\n"), "--data", "-", "--stream", "--classes", "2")
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, 3, strings.Count(stdout, "\n"))
	assert.Contains(t, stderr, "accuracy")
}

// TestStreamProcess is the command itself when EDGETRAIN_TEST_STREAM holds its arguments
// (separated by spaces): the tests below run it as a child process with a pipe.
func TestStreamProcess(t *testing.T) {
	args := os.Getenv("EDGETRAIN_TEST_STREAM")
	if args == "" {
		t.Skip("helper process")
	}
	os.Exit(run(strings.Fields(args), os.Stdout, os.Stderr))
}

// startStream starts the command as a child process reading a pipe.
func startStream(t *testing.T, args string) (*exec.Cmd, io.WriteCloser, *bufio.Reader, *bytes.Buffer) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestStreamProcess$")
	cmd.Env = append(os.Environ(), "EDGETRAIN_TEST_STREAM="+args)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot re-execute the test binary here: %v", err)
	}
	return cmd, in, bufio.NewReader(out), &stderr
}

// sensorRow is row t of a synthetic sensor stream with 4 lags.
func sensorRow(b []byte, t int) []byte {
	v := func(t int) float64 { return 10 + 3*math.Sin(float64(t)/24) }
	for k := 4; k >= 1; k-- {
		b = strconv.AppendFloat(b, v(t-k), 'f', 4, 64)
		b = append(b, ',')
	}
	b = strconv.AppendFloat(b, v(t), 'f', 4, 64)
	return append(b, '\n')
}

// SIGTERM while the stream waits for input ends it cleanly: a final checkpoint, exit 143.
func TestStreamEndsCleanlyOnSignal(t *testing.T) {
	save := filepath.Join(t.TempDir(), "sig.safetensors")
	cmd, in, out, stderr := startStream(t, "--data - --stream --hidden 8 --window 64 --step-every 4 --save "+save)
	_, err := io.WriteString(in, "l4,l3,l2,l1,target\n")
	require.NoError(t, err)
	var b []byte
	for i := 0; i < 500; i++ {
		b = sensorRow(b[:0], i)
		_, err := in.Write(b)
		require.NoError(t, err)
		_, err = out.ReadString('\n') // the prediction comes before the next row is sent
		require.NoError(t, err)
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	err = cmd.Wait()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee, stderr.String())
	assert.Equal(t, 143, ee.ExitCode(), stderr.String()) // 128 + SIGTERM, as an interrupted training run
	assert.Contains(t, stderr.String(), "stream ended (terminated)")
	m, err := model.Load(save)
	require.NoError(t, err)
	// a step every 4 rows from the end of the 64-row warm-up; the model counts the accepted ones
	assert.Contains(t, stderr.String(), fmt.Sprintf("rows 500  steps %d (", (500-64)/4+1))
	assert.Greater(t, m.Step, 0)
	in.Close()
}

// vmRSS reads a process's resident set size in kB from /proc.
func vmRSS(t *testing.T, pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	m := regexp.MustCompile(`VmRSS:\s+(\d+) kB`).FindSubmatch(b)
	require.NotNil(t, m)
	kb, _ := strconv.Atoi(string(m[1]))
	return kb
}

// The resident memory of a stream stays flat: after 10^6 rows it is within 5% of what
// it was after 10^5.
func TestStreamResidentMemoryIsFlatOverAMillionRows(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 10^6 rows through a child process")
	}
	cmd, in, out, stderr := startStream(t, "--data - --stream --hidden 8 --window 128 --batch 16 --step-every 32 --report-every 1000000")
	measured := make(chan struct{}) // the input stays open until the last measurement
	go func() {
		w := bufio.NewWriterSize(in, 64<<10)
		w.WriteString("l4,l3,l2,l1,target\n")
		var b []byte
		for i := 0; i < 1_000_000; i++ {
			b = sensorRow(b[:0], i)
			w.Write(b)
		}
		w.Flush()
		<-measured
		in.Close()
	}()
	start := time.Now()
	var rss [2]int
	for i := 1; i <= 1_000_000; i++ {
		if _, err := out.ReadSlice('\n'); err != nil {
			t.Fatalf("after %d predictions: %v; %s", i, err, stderr.String())
		}
		switch i {
		case 100_000:
			rss[0] = vmRSS(t, cmd.Process.Pid)
		case 1_000_000:
			rss[1] = vmRSS(t, cmd.Process.Pid)
			close(measured)
		}
	}
	require.NoError(t, cmd.Wait(), stderr.String())
	t.Logf("VmRSS after 1e5 rows %d kB, after 1e6 rows %d kB (%.1fs)", rss[0], rss[1], time.Since(start).Seconds())
	assert.LessOrEqual(t, float64(rss[1]), 1.05*float64(rss[0]))
}

// A stream over the --mem budget is refused before it starts, with the largest window
// that fits.
func TestStreamMemBudgetSuggestsAWindow(t *testing.T) {
	code, _, stderr := runStreamCLI(t, []byte("a,b,target\n1,2,3\n"), "--data", "-", "--stream", "--window", "100000", "--mem", "1MiB")
	assert.Equal(t, 2, code)
	m := regexp.MustCompile(`use --window (\d+)`).FindStringSubmatch(stderr)
	require.NotNil(t, m, stderr)
	code, _, stderr = runStreamCLI(t, []byte("a,b,target\n1,2,3\n"), "--data", "-", "--stream", "--window", m[1], "--mem", "1MiB")
	assert.Equal(t, 0, code, stderr)
}
