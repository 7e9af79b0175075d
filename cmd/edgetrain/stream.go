package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/edgetrain/edgetrain/core"
	"github.com/edgetrain/edgetrain/simd"
	"github.com/edgetrain/edgetrain/tinynet"
	"github.com/edgetrain/edgetrain/tinynet/model"
	"github.com/edgetrain/edgetrain/tinynet/table"
)

// Stream mode (--stream): rows arrive one line at a time (a pipe from a sensor). For each
// row the model's prediction is written to standard output before the row is learned
// from (test-then-train); every --step-every rows the learner takes a step on a batch
// drawn from its window of the last --window rows; the running error (and, for
// regression, that of persistence, the previous row's target) goes to standard error
// every --report-every rows and at the end. With --save the learner is checkpointed
// every --save-every steps and at the end: at end of input, or on SIGINT or SIGTERM. A
// checkpoint holds the window, normalization and optimizer state, so --resume FILE
// continues the stream exactly where it stopped.

// Stream defaults.
const (
	defaultReportEvery = 1000
	defaultStreamBatch = 64
)

// streamSetup is a learner ready for a stream, with the columns it reads.
type streamSetup struct {
	l        *core.Learner
	features []int // column of each input
	targets  []int // target columns, or the one label column
	cols     int   // fields per line
}

// runStream is `edgetrain --stream`.
func runStream(f *trainFlags, method core.Method, stdout, stderr io.Writer) error {
	in := stdin
	if f.data != "-" {
		file, err := os.Open(f.data)
		if err != nil {
			return fmt.Errorf("%w: %v", errInput, err)
		}
		defer file.Close()
		in = file
	}
	// SIGINT and SIGTERM end the stream after the current row: a read waiting for input
	// returns at once, the final checkpoint is written and the process exits 130 or 143
	// (as an interrupted training run does). --save-every saves every N steps or every
	// duration, through the command's runControl.
	var l *core.Learner
	save := func() error {
		if f.save == "" || l == nil {
			return nil
		}
		if err := model.Save(f.save, l.Snapshot()); err != nil {
			return fmt.Errorf("saving %s: %w", f.save, err)
		}
		return nil
	}
	every, _ := parseSaveEvery(f.saveEvery) // checked with the flags
	ctl := newRunControl(every, save, nil, stderr)
	defer ctl.stop()
	var got atomic.Value // the signal that stopped the stream
	stopped := make(chan struct{})
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case sg := <-ctl.sigs:
			got.Store(sg)
			close(stopped)
		case <-done:
		}
	}()
	stopSignal := func() os.Signal {
		if sg, ok := got.Load().(os.Signal); ok {
			return sg
		}
		return nil
	}

	br := bufio.NewReaderSize(newStopReader(in, stopped), 64<<10)
	line := 0
	header, err := readLine(br, &line)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return usagef("%s: no header line", streamName(f))
		}
		return fmt.Errorf("%w: %s: %v", errInput, streamName(f), err)
	}
	s, err := setUpStream(f, method, parseHeader(header))
	if err != nil {
		return err
	}
	l = s.l
	m := l.Model()
	task := m.Task
	x := make([]float64, m.Inputs())
	y := make([]float64, len(s.targets))
	if task == tinynet.SoftmaxCE {
		y = y[:1]
	}
	pred := make([]float64, m.Outputs())
	fields := make([]float64, s.cols)
	out := bufio.NewWriterSize(stdout, 32<<10)
	defer out.Flush()
	var buf []byte

	var st streamStats
	st.prevY = make([]float64, len(y))
	var ioErr error
	for stopSignal() == nil {
		raw, err := readLine(br, &line)
		if err != nil {
			if !errors.Is(err, io.EOF) && stopSignal() == nil {
				ioErr = fmt.Errorf("%w: %s: %v", errInput, streamName(f), err)
			}
			break
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		skip, cerr := parseRow(raw, fields, f.na == "skip")
		if cerr != nil {
			ioErr = &table.Error{File: streamName(f), Line: line, Col: cerr.col, Msg: cerr.msg}
			break
		}
		if skip {
			st.skipped++
			continue
		}
		for i, c := range s.features {
			x[i] = fields[c]
		}
		for i := range y {
			y[i] = fields[s.targets[i]]
		}
		l.Predict(x, pred)
		buf = appendPrediction(buf[:0], task, pred)
		if _, err := out.Write(buf); err != nil {
			ioErr = fmt.Errorf("writing predictions: %w", err)
			break
		}
		if br.Buffered() == 0 { // the sensor is quiet: let the reader see what we have
			if err := out.Flush(); err != nil {
				ioErr = fmt.Errorf("writing predictions: %w", err)
				break
			}
		}
		st.score(task, pred, y)
		if err := l.Observe(x, y); err != nil {
			ioErr = &table.Error{File: streamName(f), Line: line, Msg: fmt.Sprintf("%v: the label must be a class number 0..%d", err, m.Outputs()-1)}
			break
		}
		if l.Observed()%f.stepEvery == 0 && l.Ready() {
			info, err := l.Step()
			st.steps++
			if info.Rejected {
				st.rejected++
			}
			if err != nil {
				_ = out.Flush()
				return fmt.Errorf("%w: step %d: %v (try a larger --damping)", errTraining, st.steps, err)
			}
			if sg := ctl.afterStep(st.steps); sg != nil && stopSignal() == nil {
				got.Store(sg)
			}
		}
		if st.rows%f.reportEvery == 0 {
			st.report(stderr, task, f.jsonOut)
		}
	}
	if err := out.Flush(); err != nil && ioErr == nil {
		ioErr = fmt.Errorf("writing predictions: %w", err)
	}
	why := "end of input"
	sg := stopSignal()
	if sg != nil {
		why = sg.String()
	}
	st.report(stderr, task, f.jsonOut)
	if err := save(); err != nil {
		return err
	}
	if f.save != "" && !f.jsonOut {
		fmt.Fprintf(stderr, "stream ended (%s); saved %s\n", why, f.save)
	}
	if ioErr == nil && sg != nil {
		return &signalExit{sg}
	}
	return ioErr
}

// stopReader reads src in a goroutine of its own so that a Read waiting for input returns
// (io.EOF) as soon as stop is closed. It allocates nothing per read.
type stopReader struct {
	stop    <-chan struct{}
	res     chan chunk
	ack     chan struct{}
	pending chunk
	has     bool
}

type chunk struct {
	data []byte
	err  error
}

func newStopReader(src io.Reader, stop <-chan struct{}) *stopReader {
	r := &stopReader{stop: stop, res: make(chan chunk), ack: make(chan struct{})}
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, err := src.Read(buf)
			select {
			case r.res <- chunk{buf[:n], err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
			select {
			case <-r.ack:
			case <-stop:
				return
			}
		}
	}()
	return r
}

func (r *stopReader) Read(p []byte) (int, error) {
	for !r.has {
		select {
		case c := <-r.res:
			r.pending, r.has = c, true
		case <-r.stop:
			return 0, io.EOF
		}
	}
	n := copy(p, r.pending.data)
	r.pending.data = r.pending.data[n:]
	if len(r.pending.data) > 0 {
		return n, nil
	}
	r.has = false
	if err := r.pending.err; err != nil {
		r.has = true // keep returning the error
		return n, err
	}
	r.ack <- struct{}{}
	return n, nil
}

func streamName(f *trainFlags) string {
	if f.data == "-" {
		return stdinName
	}
	return f.data
}

// setUpStream chooses the columns from the header and builds the learner: a new network
// from the flags, or the one saved by a previous stream (--resume).
func setUpStream(f *trainFlags, method core.Method, header []string) (*streamSetup, error) {
	hdr := &table.Table{File: streamName(f), Header: header, Cols: len(header)}
	var prev *model.Model
	var err error
	if f.resume != "" {
		if prev, err = model.Load(f.resume); err != nil {
			return nil, fmt.Errorf("%w: %v", errInput, err)
		}
	}
	task, err := chooseTask(f, prev, hdr)
	if err != nil {
		return nil, err
	}
	var targets []string
	if f.target != "" {
		for _, name := range strings.Split(f.target, ",") {
			targets = append(targets, strings.TrimSpace(name))
		}
	}
	cols, err := model.SelectColumns(hdr, task, targets, f.label, prev)
	if err != nil {
		return nil, err
	}
	outputs := len(cols.Targets)
	var spec tinynet.Spec
	switch {
	case prev != nil:
		spec = prev.Net.Spec
	case task == tinynet.SoftmaxCE && f.classes < 2:
		return nil, usagef("--stream classification needs --classes K (the number of classes, at least 2)")
	default:
		if task == tinynet.SoftmaxCE {
			outputs = f.classes
		}
		if spec, err = newSpec(f, len(cols.Features), outputs); err != nil {
			return nil, err
		}
	}
	if spec.Inputs() != len(cols.Features) {
		return nil, usagef("--resume %s: the model has %d inputs, the stream %d", f.resume, spec.Inputs(), len(cols.Features))
	}
	cfg, err := trainerConfig(f, method, task)
	if err != nil {
		return nil, err
	}
	on := core.OnlineDefaults(method, task)
	if f.lr == "" {
		cfg.LR, cfg.LRMode = on.LR, on.LRMode
	}
	if f.damping == "" {
		cfg.Damping = on.Damping
	}
	budget, err := core.ParseBytes(f.mem)
	if err != nil {
		return nil, usagef("--mem: %v", err)
	}
	batch := defaultStreamBatch
	if f.batchSet {
		batch, _ = strconv.Atoi(f.batch) // checked by setUpTraining; full is refused
	}
	o := core.Online{Method: method, Config: &cfg, Window: f.window, Batch: min(batch, f.window), Budget: budget, Seed: f.seed}
	l, err := core.NewLearner(spec, task, o)
	if err != nil {
		var be *core.BudgetError
		if errors.As(err, &be) && be.Fit > 0 {
			return nil, usagef("--mem %s: %v (use --window %d, or raise --mem)", f.mem, err, be.Fit)
		}
		return nil, usagef("%v", err)
	}
	m := l.Model()
	m.SetColumns(hdr, cols)
	if prev != nil {
		if err := l.Restore(prev); err != nil {
			return nil, usagef("--resume %s: %v (resume with the --method, --window and --batch of the run that saved it)", f.resume, err)
		}
	}
	if f.verbose {
		fmt.Fprintf(os.Stderr, "stream: %s, widths %s, window %d, batch %d, a step every %d rows, %s, kernels %s\n",
			method, spec.WidthsString(), o.Window, o.Batch, f.stepEvery, core.FormatBytes(l.Bytes()), simd.Path())
	}
	return &streamSetup{l: l, features: cols.Features, targets: cols.Targets, cols: len(header)}, nil
}

// readLine returns the next line without its line end (a view valid until the next read),
// counting lines. The last line may lack a line end.
func readLine(br *bufio.Reader, line *int) ([]byte, error) {
	raw, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return nil, fmt.Errorf("line %d is longer than %d bytes", *line+1, br.Size())
	}
	if err != nil && !(errors.Is(err, io.EOF) && len(raw) > 0) {
		return nil, err
	}
	*line++
	raw = bytes.TrimSuffix(raw, []byte("\n"))
	raw = bytes.TrimSuffix(raw, []byte("\r"))
	return raw, nil
}

// parseHeader splits a header line into column names (surrounding spaces and quotes
// removed, a byte-order mark dropped).
func parseHeader(b []byte) []string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	var names []string
	for _, p := range strings.Split(string(b), ",") {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
			p = strings.ReplaceAll(p[1:len(p)-1], `""`, `"`)
		}
		names = append(names, p)
	}
	return names
}

// cellError places a bad cell.
type cellError struct {
	col int
	msg string
}

// parseRow reads the numbers of one data line into fields. A missing value (an empty cell
// or NA, NaN, ERR and the like) makes the row skipped when skipMissing, else an error.
func parseRow(raw []byte, fields []float64, skipMissing bool) (skip bool, err *cellError) {
	col := 0
	for len(raw) > 0 || col < len(fields) {
		i := bytes.IndexByte(raw, ',')
		cell := raw
		if i >= 0 {
			cell, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		if col >= len(fields) {
			return false, &cellError{col + 1, fmt.Sprintf("the row has more than the header's %d fields", len(fields))}
		}
		cell = bytes.TrimSpace(cell)
		if table.IsMissing(string(cell)) {
			if !skipMissing {
				return false, &cellError{col + 1, fmt.Sprintf("missing value %q%s", cell, "; --na skip skips such rows")}
			}
			skip = true
		} else {
			v, perr := strconv.ParseFloat(string(cell), 64)
			if perr != nil || math.IsInf(v, 0) || math.IsNaN(v) {
				return false, &cellError{col + 1, fmt.Sprintf("%q is not a finite number", table.Clip(string(cell)))}
			}
			fields[col] = v
		}
		col++
		if i < 0 {
			break
		}
	}
	if col != len(fields) {
		return false, &cellError{col, fmt.Sprintf("the row has %d fields, the header %d", col, len(fields))}
	}
	return skip, nil
}

// appendPrediction formats one prediction line: the target values, or the most likely
// class followed by the class probabilities.
func appendPrediction(b []byte, task tinynet.Loss, pred []float64) []byte {
	if task == tinynet.SoftmaxCE {
		arg := 0
		for c, p := range pred {
			if p > pred[arg] {
				arg = c
			}
		}
		b = strconv.AppendInt(b, int64(arg), 10)
		for _, p := range pred {
			b = append(b, ',')
			b = strconv.AppendFloat(b, p, 'g', 6, 64)
		}
		return append(b, '\n')
	}
	for c, p := range pred {
		if c > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, p, 'g', 7, 64)
	}
	return append(b, '\n')
}

// streamStats is the running error of the predictions made before learning.
type streamStats struct {
	rows, skipped, steps, rejected int
	absErr, persistErr             float64 // regression: Σ|ŷ−y| and Σ|y_prev−y| (mean over targets)
	persistRows                    int
	prevY                          []float64
	havePrev                       bool
	correct                        int
}

func (st *streamStats) score(task tinynet.Loss, pred, y []float64) {
	st.rows++
	if task == tinynet.SoftmaxCE {
		arg := 0
		for c, p := range pred {
			if p > pred[arg] {
				arg = c
			}
		}
		if float64(arg) == y[0] {
			st.correct++
		}
		return
	}
	var e, pe float64
	for c, v := range y {
		e += math.Abs(pred[c] - v)
		pe += math.Abs(st.prevY[c] - v)
	}
	st.absErr += e / float64(len(y))
	if st.havePrev {
		st.persistErr += pe / float64(len(y))
		st.persistRows++
	}
	copy(st.prevY, y)
	st.havePrev = true
}

func (st *streamStats) report(w io.Writer, task tinynet.Loss, jsonOut bool) {
	if st.rows == 0 {
		return
	}
	if task == tinynet.SoftmaxCE {
		acc := float64(st.correct) / float64(st.rows)
		if jsonOut {
			fmt.Fprintf(w, "{\"rows\":%d,\"steps\":%d,\"rejected\":%d,\"skipped\":%d,\"accuracy\":%.6g}\n", st.rows, st.steps, st.rejected, st.skipped, acc)
			return
		}
		fmt.Fprintf(w, "stream: rows %d  steps %d (%d rejected)  accuracy %.4f\n", st.rows, st.steps, st.rejected, acc)
		return
	}
	mae := st.absErr / float64(st.rows)
	pers := math.NaN()
	if st.persistRows > 0 {
		pers = st.persistErr / float64(st.persistRows)
	}
	if jsonOut {
		fmt.Fprintf(w, "{\"rows\":%d,\"steps\":%d,\"rejected\":%d,\"skipped\":%d,\"mae\":%.6g,\"persistence_mae\":%.6g}\n", st.rows, st.steps, st.rejected, st.skipped, mae, pers)
		return
	}
	fmt.Fprintf(w, "stream: rows %d  steps %d (%d rejected)  MAE %.4g  persistence MAE %.4g\n", st.rows, st.steps, st.rejected, mae, pers)
}
