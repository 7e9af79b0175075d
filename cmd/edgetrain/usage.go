package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/edgetrain/edgetrain/tinynet/model"
)

// commands lists the subcommands for the usage text, in order.
var commands = []struct{ synopsis, what string }{
	{"[train] --data FILE [flags]", "train a network on a CSV file and save it (train -h lists the flags)"},
	{"predict --model FILE --data FILE", "predictions for every row, as CSV on standard output"},
	{"eval --model FILE --data FILE [--json]", "metrics of a saved model on labelled rows"},
	{"info [--cpu-disable LIST]", "CPU features and the kernel path in use"},
	{"bench [--quick] [--json]", "µs and heap allocations per training step, per method"},
	{"version", "the program's version (also --version)"},
	{"help", "this text (also -h, --help; COMMAND -h for a command's flags)"},
}

// exitCodesText is the exit status table of the usage text and the README.
const exitCodesText = `exit status:
  0    success (also -h)
  1    training failed (diverged, or every step rejected); the best state is saved if it beats the start
  2    bad usage or bad input: a flag, a CSV cell (file:line:column), a checkpoint, a limit
  3    internal error: a bug in edgetrain (please report it)
  130  stopped by SIGINT after finishing the current step (state saved to --save)
  143  stopped by SIGTERM, likewise`

// printUsage writes the overview: what the program does, its commands and exit status.
func printUsage(w io.Writer) {
	fmt.Fprintln(w, "edgetrain trains small neural networks (MLPs) with natural-gradient descent on numeric CSV")
	fmt.Fprintln(w, "files, saves safetensors checkpoints and predicts with them.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage:")
	for _, c := range commands {
		fmt.Fprintf(w, "  edgetrain %-40s %s\n", c.synopsis, c.what)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, exitCodesText)
}

// versionString is what version prints: the producer recorded in checkpoints, the Go
// version and the platform.
func versionString() string {
	extra := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value[:min(12, len(s.Value))]
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+modified"
				}
			}
		}
		if rev != "" {
			extra = ", commit " + rev + dirty
		}
	}
	return fmt.Sprintf("%s (%s, %s/%s%s)", model.DefaultProducer(), runtime.Version(), runtime.GOOS, runtime.GOARCH, extra)
}

// parseFlags parses args into fs. -h or --help prints synopsis and the flags to stdout
// and returns errHelp; any other problem is a usage error (exit 2) that names the flag and
// points to -h, without a flag dump.
func parseFlags(fs *flag.FlagSet, args []string, synopsis string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(stdout, "usage: edgetrain %s\n\nflags:\n", synopsis)
		printFlags(stdout, fs)
		return errHelp
	case err != nil:
		return usagef("%v (edgetrain %s -h lists the flags)", err, strings.Fields(fs.Name())[len(strings.Fields(fs.Name()))-1])
	case fs.NArg() > 0:
		return usagef("unexpected argument %q (flags start with -; edgetrain %s -h lists them)", fs.Arg(0), strings.Fields(fs.Name())[len(strings.Fields(fs.Name()))-1])
	}
	return nil
}

// printFlags lists the flags of fs in name order: "--name PLACEHOLDER", then the
// description and the default on the next lines.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(fl *flag.Flag) {
		name, usage := flag.UnquoteUsage(fl)
		switch name {
		case "":
		case "string", "value":
			name = "VALUE"
		case "int", "uint":
			name = "N"
		case "float":
			name = "X"
		default:
			name = strings.ToUpper(name)
		}
		head := "  --" + fl.Name
		if name != "" {
			head += " " + name
		}
		fmt.Fprintln(w, head)
		fmt.Fprintf(w, "        %s", usage)
		if d := fl.DefValue; d != "" && d != "0" && d != "false" && d != "-1" {
			fmt.Fprintf(w, " (default %s)", d)
		}
		fmt.Fprintln(w)
	})
}
