// Package table reads numeric CSV files into a table of named columns, with errors that
// name the file, line and field of every problem, so a person can fix the file.
package table

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is a problem with a user's input file at a place in it. Line is the
// 1-based source line (0 when the problem concerns the whole file) and Col the
// 1-based field number on that line (0 when it concerns the whole line).
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

// Error formats the error as "file:line:col: msg", "file:line: msg" when Col
// is 0, or "file: msg" when Line is 0.
func (e *Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Table is a numeric CSV file: named columns and Rows×Cols finite values, except that a
// table read with Options.Missing holds NaN for each missing value.
type Table struct {
	File   string // the name errors give for the file
	Header []string
	Rows   int
	Cols   int
	Data   []float64 // row-major, Rows×Cols
	Lines  []int     // source line of each row, for error messages
	// Missing counts the missing values of each column (nil when there are none).
	Missing []int

	headerLine int
}

// RowError returns an error at data row row (0-based) and column col (0-based), placed
// at the row's line and field in the file.
func (t *Table) RowError(row, col int, format string, a ...any) *Error {
	return &Error{File: t.File, Line: t.Lines[row], Col: col + 1, Msg: fmt.Sprintf(format, a...)}
}

// HeaderError returns an error about the header line (the columns as a whole).
func (t *Table) HeaderError(format string, a ...any) *Error {
	return &Error{File: t.File, Line: t.headerLine, Msg: fmt.Sprintf(format, a...)}
}

// FileError returns an error about the file as a whole.
func (t *Table) FileError(format string, a ...any) *Error {
	return &Error{File: t.File, Msg: fmt.Sprintf(format, a...)}
}

// Gather copies the given columns of the given rows (all rows when rows is nil) into a
// dense len(rows)×len(cols) row-major matrix.
func (t *Table) Gather(cols, rows []int) []float64 {
	n := t.Rows
	if rows != nil {
		n = len(rows)
	}
	out := make([]float64, 0, n*len(cols))
	for i := 0; i < n; i++ {
		r := i
		if rows != nil {
			r = rows[i]
		}
		for _, j := range cols {
			out = append(out, t.Data[r*t.Cols+j])
		}
	}
	return out
}

// Column returns the index of the column called name, or -1 if there is none.
func (t *Table) Column(name string) int {
	for i, h := range t.Header {
		if h == name {
			return i
		}
	}
	return -1
}

// Limits of the reader's defaults. A record longer than MaxLineBytes, a header with more
// than MaxFields columns or a table of more than MaxCells values is an error at the place
// it goes over, found before the memory for it is allocated.
const (
	DefaultMaxLineBytes = 1 << 20 // 1 MiB per record
	DefaultMaxFields    = 10000
	DefaultMaxCells     = 1 << 25 // 32 Mi values (256 MiB of float64)
)

// Options control what the reader accepts; the zero value is the defaults.
type Options struct {
	MaxLineBytes int // bytes in a record (line breaks inside quotes included); 0: DefaultMaxLineBytes
	MaxFields    int // columns; 0: DefaultMaxFields
	MaxCells     int // Rows×Cols; 0: DefaultMaxCells
	// Missing reads a missing-value cell (see IsMissing) as NaN and counts it in
	// Table.Missing. Without it such a cell is an error.
	Missing bool
	// MissingHint is added to the error for a missing value when Missing is false, to tell
	// the user how to allow them (a command names its flag here).
	MissingHint string
	// CellsHint is added to the error of a table over MaxCells (a command names the flag
	// that sets it).
	CellsHint string
}

func (o Options) withDefaults() Options {
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxFields <= 0 {
		o.MaxFields = DefaultMaxFields
	}
	if o.MaxCells <= 0 {
		o.MaxCells = DefaultMaxCells
	}
	return o
}

// missingTokens are the cells, compared without regard to case, that sensor logs and
// spreadsheets write for a value that is not there.
var missingTokens = []string{"", "na", "n/a", "nan", "-nan", "null", "none", "nil", "missing", "?", "-", "--", "err", "error", "#n/a", "#value!", "#div/0!", "#num!"}

// IsMissing reports whether a cell marks a missing value: empty, NA, N/A, NaN, null,
// None, nil, missing, ?, -, --, a spreadsheet error (#N/A, #VALUE!, #DIV/0!, #NUM!), or a
// sensor error token (ERR, ERROR, or any word starting with ERR such as ERR_TIMEOUT), in
// any case.
func IsMissing(s string) bool {
	for _, tok := range missingTokens {
		if strings.EqualFold(s, tok) {
			return true
		}
	}
	return len(s) >= 3 && strings.EqualFold(s[:3], "err")
}

// Clip shortens s for an error message: at most about 40 bytes of it, cut at a rune
// boundary, with the full length noted, so a 200 MB cell does not become a 200 MB message.
func Clip(s string) string {
	const keep = 40
	if len(s) <= keep+8 {
		return s
	}
	cut := keep
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}

// ReadFile reads a CSV file of numbers with a header row, with the default Options.
func ReadFile(path string) (*Table, error) { return Options{}.ReadFile(path) }

// Parse reads CSV text as ReadFile does; path is the name its errors give.
func Parse(path string, src []byte) (*Table, error) { return Options{}.Parse(path, src) }

// ReadFile reads a CSV file of numbers with a header row. It accepts a UTF-8
// byte-order mark, CRLF or LF line ends, blank lines, spaces around cells, and
// quoted fields (with "" for a quote inside). Every cell must be a finite
// number (or, with o.Missing, a missing value); a non-numeric, infinite or
// out-of-range cell, a row whose field count differs from the header's, a
// missing, duplicated or empty column name, a first row of numbers (no header),
// a file without data rows, and a file over the limits are errors. Every error
// is an *Error naming the file and, for content, the line and field, with long
// cells clipped; an error opening or reading the file reads "path: reason" and
// also wraps the os error.
func (o Options) ReadFile(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, osError(path, err)
	}
	defer f.Close()
	return o.Read(path, f)
}

// Parse reads CSV text as ReadFile does; name is the name its errors give.
func (o Options) Parse(name string, src []byte) (*Table, error) {
	return o.Read(name, bytes.NewReader(src))
}

// Read reads CSV text from r as ReadFile does, one record at a time (the input is never
// held whole); name is the name its errors give.
func (o Options) Read(name string, r io.Reader) (*Table, error) {
	o = o.withDefaults()
	rr := &recordReader{br: bufio.NewReaderSize(r, 64<<10), line: 1, max: o.MaxLineBytes, name: name}
	var p csvParser
	next := func() ([]string, int, error) {
		for {
			if fields, line, err := p.record(); err != nil || fields != nil {
				if err != nil {
					return nil, 0, p.errorf(name, err)
				}
				return fields, line, nil
			}
			rec, line, err := rr.next()
			if err != nil || rec == nil {
				return nil, 0, err
			}
			p = csvParser{src: rec, line: line}
		}
	}

	header, headerLine, err := next()
	if err != nil {
		return nil, err
	}
	if header == nil {
		return nil, &Error{File: name, Msg: "file is empty (want a header row naming the columns, then rows of numbers)"}
	}
	if len(header) > o.MaxFields {
		return nil, &Error{File: name, Line: headerLine, Col: o.MaxFields + 1,
			Msg: fmt.Sprintf("the header has %d columns, more than the limit of %d", len(header), o.MaxFields)}
	}
	if err := checkHeader(name, headerLine, header); err != nil {
		return nil, err
	}

	t := &Table{File: name, Header: header, Cols: len(header), headerLine: headerLine}
	for {
		fields, line, err := next()
		if err != nil {
			return nil, err
		}
		if fields == nil {
			break
		}
		if len(fields) != t.Cols {
			col := min(len(fields), t.Cols) + 1
			return nil, &Error{File: name, Line: line, Col: col,
				Msg: fmt.Sprintf("row has %d fields, header has %d", len(fields), t.Cols)}
		}
		if len(t.Data)+t.Cols > o.MaxCells {
			return nil, &Error{File: name, Line: line,
				Msg: fmt.Sprintf("more than %d values (%d rows of %d columns): over the reader's limit%s", o.MaxCells, t.Rows, t.Cols, o.CellsHint)}
		}
		for j, f := range fields {
			v, msg := parseCell(f)
			if msg != "" {
				if !IsMissing(f) {
					return nil, &Error{File: name, Line: line, Col: j + 1, Msg: msg}
				}
				if !o.Missing {
					if f != "" {
						msg = fmt.Sprintf("missing value %q (every cell must be a number)", Clip(f))
					}
					return nil, &Error{File: name, Line: line, Col: j + 1, Msg: msg + o.MissingHint}
				}
				if t.Missing == nil {
					t.Missing = make([]int, t.Cols)
				}
				t.Missing[j]++
				v = math.NaN()
			}
			t.Data = append(t.Data, v)
		}
		t.Lines = append(t.Lines, line)
		t.Rows++
	}
	if t.Rows == 0 {
		return nil, &Error{File: name, Msg: "header but no data rows"}
	}
	return t, nil
}

// osError is an error opening or reading path, as an *Error that wraps the os error.
func osError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &fileError{input: &Error{File: path, Msg: err.Error()}, err: err}
}

// checkHeader rejects a header row that is numbers (a file without header),
// or has an empty or repeated column name.
func checkHeader(path string, line int, header []string) error {
	numbers := 0
	for _, h := range header {
		if _, err := strconv.ParseFloat(h, 64); err == nil {
			numbers++
		} else if !IsMissing(h) {
			numbers = -1
			break
		}
	}
	if numbers > 0 {
		return &Error{File: path, Line: line, Col: 1,
			Msg: "no header row: the first row holds numbers; add a row naming the columns"}
	}
	first := make(map[string]int, len(header))
	for j, h := range header {
		if !utf8.ValidString(h) {
			return &Error{File: path, Line: line, Col: j + 1,
				Msg: fmt.Sprintf("column name %q is not valid UTF-8 (save the file as UTF-8)", Clip(h))}
		}
		if h == "" {
			return &Error{File: path, Line: line, Col: j + 1, Msg: "column name is empty"}
		}
		if k, dup := first[h]; dup {
			return &Error{File: path, Line: line, Col: j + 1,
				Msg: fmt.Sprintf("column name %q repeats column %d", Clip(h), k+1)}
		}
		first[h] = j
	}
	return nil
}

// parseCell returns the value of a data cell, or a message saying why it is
// not a finite number.
func parseCell(s string) (float64, string) {
	if s == "" {
		return 0, "empty cell (every cell must be a number)"
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q is out of range for a 64-bit float", Clip(s))
	case err != nil && !errors.Is(err, strconv.ErrRange): // underflow to 0 is fine
		return 0, fmt.Sprintf("%q is not a number", Clip(s))
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q is not a finite number", Clip(s))
	}
	return v, ""
}

// recordReader cuts a CSV stream into records: one line, or several when a quoted field
// holds line breaks. It holds one record at a time, at most max bytes.
type recordReader struct {
	br      *bufio.Reader
	line    int // line number of the next unread line
	max     int
	name    string
	rec     []byte
	started bool // the byte-order mark has been looked for
}

// next returns the next record's bytes (line breaks included) and the line it starts
// on; nil at the end of the input. A record over the limit is an *Error at its first line.
func (rr *recordReader) next() ([]byte, int, error) {
	if !rr.started {
		rr.started = true
		if b, err := rr.br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
			rr.br.Discard(3)
		}
	}
	rr.rec = rr.rec[:0]
	start := rr.line
	var q quoteState
	q.start = true
	for {
		chunk, err := rr.br.ReadSlice('\n')
		if len(rr.rec)+len(chunk) > rr.max {
			msg := fmt.Sprintf("line is longer than %d bytes (the reader's limit)", rr.max)
			if q.in {
				msg = fmt.Sprintf("record is longer than %d bytes (the reader's limit); a quoted field is open, is a closing \" missing?", rr.max)
			}
			return nil, 0, &Error{File: rr.name, Line: start, Msg: msg}
		}
		q.scan(chunk)
		rr.rec = append(rr.rec, chunk...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if len(rr.rec) == 0 {
				return nil, 0, nil
			}
			return rr.rec, start, nil
		case err != nil:
			return nil, 0, osError(rr.name, err)
		}
		rr.line++
		if !q.in {
			return rr.rec, start, nil
		}
		q.start = false
	}
}

// quoteState follows whether a CSV record is inside a quoted field, by the rules the
// parser uses: a field is quoted when its first byte after spaces and tabs is ".
type quoteState struct {
	in     bool // inside a quoted field
	closed bool // the last byte closed a quoted field (or is the first of a "" pair)
	start  bool // at the start of a field
}

func (q *quoteState) scan(b []byte) {
	for _, c := range b {
		switch {
		case q.in:
			if c == '"' {
				q.in, q.closed = false, true
			}
		case q.closed && c == '"': // "" inside a quoted field
			q.in, q.closed = true, false
		default:
			q.closed = false
			switch c {
			case ',', '\n':
				q.start = true
			case ' ', '\t', '\r':
			case '"':
				q.in, q.start = q.start, false
			default:
				q.start = false
			}
		}
	}
}

// fileError is an input file that cannot be read: an *Error ("path: reason",
// so the CLI treats it as bad input) that also wraps the os error, so
// errors.Is(err, fs.ErrNotExist) holds.
type fileError struct {
	input *Error
	err   error
}

func (e *fileError) Error() string   { return e.input.Error() }
func (e *fileError) Unwrap() []error { return []error{e.input, e.err} }

// csvParser splits a CSV buffer into records, tracking line numbers.
type csvParser struct {
	src  []byte
	pos  int
	line int // line of src[pos]
}

// csvSyntaxError is a malformed quoted field at a line and field.
type csvSyntaxError struct {
	line, col int
	msg       string
}

func (e *csvSyntaxError) Error() string { return e.msg }

func (p *csvParser) errorf(path string, err error) error {
	var se *csvSyntaxError
	if errors.As(err, &se) {
		return &Error{File: path, Line: se.line, Col: se.col, Msg: se.msg}
	}
	return fmt.Errorf("%s: %w", path, err)
}

// record returns the next non-blank record's fields (unquoted, with spaces
// and tabs around unquoted fields trimmed) and the line it starts on; nil
// fields at the end of the input.
func (p *csvParser) record() ([]string, int, error) {
	// Skip blank lines: empty or only spaces, tabs and a CR.
	for p.pos < len(p.src) {
		end := bytes.IndexByte(p.src[p.pos:], '\n')
		var ln []byte
		if end < 0 {
			ln = p.src[p.pos:]
		} else {
			ln = p.src[p.pos : p.pos+end]
		}
		if len(bytes.Trim(ln, " \t\r")) != 0 {
			break
		}
		if end < 0 {
			p.pos = len(p.src)
		} else {
			p.pos += end + 1
			p.line++
		}
	}
	if p.pos >= len(p.src) {
		return nil, 0, nil
	}

	start := p.line
	var fields []string
	var quoted []byte
	for {
		// At the start of a field.
		i := p.pos
		for i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t') {
			i++
		}
		if i < len(p.src) && p.src[i] == '"' {
			fieldLine := p.line
			quoted = quoted[:0]
			i++
			for {
				if i >= len(p.src) {
					return nil, 0, &csvSyntaxError{line: fieldLine, col: len(fields) + 1,
						msg: "quoted field is never closed (missing \")"}
				}
				c := p.src[i]
				if c == '"' {
					if i+1 < len(p.src) && p.src[i+1] == '"' {
						quoted = append(quoted, '"')
						i += 2
						continue
					}
					i++
					break
				}
				if c == '\n' {
					p.line++
				}
				quoted = append(quoted, c)
				i++
			}
			for i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t') {
				i++
			}
			fields = append(fields, string(quoted))
			switch {
			case i >= len(p.src):
				p.pos = i
				return fields, start, nil
			case p.src[i] == ',':
				p.pos = i + 1
				continue
			case p.src[i] == '\n':
				p.pos = i + 1
				p.line++
				return fields, start, nil
			case p.src[i] == '\r' && i+1 < len(p.src) && p.src[i+1] == '\n':
				p.pos = i + 2
				p.line++
				return fields, start, nil
			case p.src[i] == '\r' && i+1 == len(p.src):
				p.pos = i + 1
				return fields, start, nil
			}
			return nil, 0, &csvSyntaxError{line: p.line, col: len(fields),
				msg: fmt.Sprintf("unexpected %q after the closing quote (want , or end of line)", p.src[i])}
		}

		// Unquoted: up to the next comma or end of line.
		j := i
		for j < len(p.src) && p.src[j] != ',' && p.src[j] != '\n' {
			j++
		}
		fields = append(fields, string(bytes.Trim(p.src[i:j], " \t\r")))
		switch {
		case j >= len(p.src):
			p.pos = j
			return fields, start, nil
		case p.src[j] == ',':
			p.pos = j + 1
		default: // '\n'
			p.pos = j + 1
			p.line++
			return fields, start, nil
		}
	}
}

// Keep returns a table of the given rows of t, in the given order, with their source
// lines; t is unchanged. Missing is recounted for the kept rows.
func (t *Table) Keep(rows []int) *Table {
	k := &Table{File: t.File, Header: t.Header, Cols: t.Cols, Rows: len(rows), headerLine: t.headerLine,
		Data: make([]float64, 0, len(rows)*t.Cols), Lines: make([]int, 0, len(rows))}
	for _, r := range rows {
		row := t.Data[r*t.Cols : (r+1)*t.Cols]
		for j, v := range row {
			if math.IsNaN(v) {
				if k.Missing == nil {
					k.Missing = make([]int, t.Cols)
				}
				k.Missing[j]++
			}
		}
		k.Data = append(k.Data, row...)
		k.Lines = append(k.Lines, t.Lines[r])
	}
	return k
}
