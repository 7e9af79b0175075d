package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A run's outside controls, shared by every training loop of the command: periodic saves
// (--save-every), SIGINT/SIGTERM (finish the current step, save, exit 130 or 143) and
// progress lines on long runs. A loop calls runControl.afterStep after each step and
// stops when it returns a signal; the caller then saves and returns signalExit.

// saveEvery is a --save-every period: every Steps steps, or every Every of wall clock;
// the zero value never saves.
type saveEvery struct {
	Steps int
	Every time.Duration
}

// parseSaveEvery reads --save-every: a positive step count ("500") or a duration
// ("30s", "5m"); "" or "0" is off.
func parseSaveEvery(s string) (saveEvery, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return saveEvery{}, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n <= 0 {
			return saveEvery{}, usagef("--save-every wants a positive step count or a duration like 30s, got %q", s)
		}
		return saveEvery{Steps: n}, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return saveEvery{}, usagef("--save-every wants a positive step count or a duration like 30s, got %q", s)
	}
	return saveEvery{Every: d}, nil
}

// runControl watches one training run.
type runControl struct {
	every saveEvery
	save  func() error // writes the current state (nil: no --save)
	saved int          // step of the last periodic save
	last  time.Time    // time of the last periodic save (or the start)
	warn  io.Writer    // where a failed periodic save is reported

	sigs chan os.Signal

	progress      io.Writer // nil: no progress lines
	total         int       // steps planned (an upper bound with early stopping)
	start, shown  time.Time
	progressEvery time.Duration
}

// progressPeriod is the time between progress lines, and the run time before the first:
// runs shorter than that print none.
const progressPeriod = 10 * time.Second

// newRunControl starts watching: it catches SIGINT and SIGTERM until stop is called.
// save may be nil; progress nil keeps quiet; a failed periodic save is reported to warn
// and training goes on (the next period, or the final save, tries again).
func newRunControl(every saveEvery, save func() error, progress, warn io.Writer) *runControl {
	now := time.Now()
	c := &runControl{every: every, save: save, last: now, start: now, shown: now, warn: warn,
		progress: progress, progressEvery: progressPeriod, sigs: make(chan os.Signal, 2)}
	signal.Notify(c.sigs, os.Interrupt, syscall.SIGTERM)
	return c
}

// stop releases the signals: a second Ctrl-C after the run kills the process as usual.
func (c *runControl) stop() { signal.Stop(c.sigs) }

// setTotal tells the progress lines how many steps the run plans.
func (c *runControl) setTotal(steps int) { c.total = steps }

// afterStep is called after step (1-based) finished: it saves when a period is due and
// prints progress when due, and returns the signal that asks the run to stop, if any.
func (c *runControl) afterStep(step int) os.Signal {
	now := time.Now()
	if c.save != nil && c.due(step, now) {
		if err := c.save(); err != nil && c.warn != nil {
			fmt.Fprintf(c.warn, "edgetrain: periodic save at step %d failed, training goes on: %v\n", step, err)
		}
		c.saved, c.last = step, now
	}
	if c.progress != nil && now.Sub(c.shown) >= c.progressEvery {
		c.shown = now
		fmt.Fprintln(c.progress, progressLine(step, c.total, now.Sub(c.start)))
	}
	select {
	case s := <-c.sigs:
		return s
	default:
		return nil
	}
}

func (c *runControl) due(step int, now time.Time) bool {
	switch {
	case c.every.Steps > 0:
		return step-c.saved >= c.every.Steps
	case c.every.Every > 0:
		return now.Sub(c.last) >= c.every.Every
	}
	return false
}

// progressLine reads "step 1200 of 4000 (30%), 0:12 elapsed, about 0:28 left"; total 0
// gives the step and time only.
func progressLine(step, total int, el time.Duration) string {
	if total <= 0 || step > total {
		return fmt.Sprintf("edgetrain: step %d, %s elapsed", step, clock(el))
	}
	left := time.Duration(float64(el) * float64(total-step) / float64(step))
	return fmt.Sprintf("edgetrain: step %d of %d (%d%%), %s elapsed, about %s left", step, total, 100*step/total, clock(el), clock(left))
}

// clock formats d as m:ss, or h:mm:ss from an hour.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// signalExit is the error of a run stopped by a signal: after the state was saved, the
// process exits 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
type signalExit struct{ sig os.Signal }

func (e *signalExit) Error() string {
	name := e.sig.String()
	switch e.sig {
	case os.Interrupt:
		name = "SIGINT"
	case syscall.SIGTERM:
		name = "SIGTERM"
	}
	return fmt.Sprintf("stopped by %s after finishing the current step", name)
}

// code is the exit status for the signal.
func (e *signalExit) code() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}
