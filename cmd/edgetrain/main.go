// Command edgetrain trains small neural networks with natural-gradient descent on CSV
// data, saves safetensors checkpoints and predicts with them.
//
//	edgetrain --data sensor.csv [flags]             train (see --help)
//	edgetrain predict --model m.safetensors --data new.csv
//	edgetrain eval --model m.safetensors --data labelled.csv [--json]
//	edgetrain info                                  CPU features and kernel path
//	edgetrain bench [--quick] [--json]              µs and allocations per step
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/edgetrain/edgetrain/tinynet/table"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // training failed
	exitUsage  = 2 // bad usage or input
	exitBug    = 3 // a panic: a bug in edgetrain, never the input's fault
)

// usageError marks errors that exit with code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code. A panic is a bug, not bad
// input: it is reported with its stack and exits 3, where Go's own crash would exit 2,
// the code of an input error. (A fatal runtime error such as running out of memory cannot
// be caught; the limits on input, networks and checkpoints are there to prevent it.)
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "edgetrain: internal error (a bug in edgetrain, not in the input; please report it with this message): %v\n%s", p, debug.Stack())
			code = exitBug
		}
	}()
	var err error
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	cmd := "train"
	switch a := args[0]; {
	case a == "-h" || a == "-help" || a == "--help" || a == "-version" || a == "--version":
		cmd = a
	case len(a) > 0 && a[0] != '-':
		cmd, args = a, args[1:]
	}
	switch cmd {
	case "train":
		err = runTrain(args, stdout, stderr)
	case "predict":
		err = runPredict(args, stdout, stderr)
	case "eval":
		err = runEval(args, stdout, stderr)
	case "info":
		err = runInfo(args, stdout)
	case "bench":
		err = runBench(args, stdout, stderr)
	case "help", "-h", "-help", "--help":
		printUsage(stdout)
		return exitOK
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, versionString())
		return exitOK
	default:
		err = usagef("unknown command %q (want train, predict, eval, info, bench, version or help)", cmd)
	}
	return report(err, stderr)
}

func report(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "edgetrain:", err)
	var se *signalExit
	if errors.As(err, &se) {
		return se.code()
	}
	var ue *usageError
	var ie *table.Error
	if errors.As(err, &ue) || errors.As(err, &ie) || errors.Is(err, errInput) {
		return exitUsage
	}
	return exitFailed
}

// errInput marks other bad-input errors (unreadable files, bad checkpoints).
var errInput = errors.New("bad input")

// errHelp is returned after -h printed the usage.
var errHelp = errors.New("help requested")
