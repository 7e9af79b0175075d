// Package table reads numeric CSV files into a table of named columns, with errors that
// name the file, line and field of every problem, so a person can fix the file.
package table

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strconv"
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

// Table is a numeric CSV file: named columns and Rows×Cols finite values.
type Table struct {
	File   string // the name errors give for the file
	Header []string
	Rows   int
	Cols   int
	Data   []float64 // row-major, Rows×Cols
	Lines  []int     // source line of each row, for error messages

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

// ReadFile reads a CSV file of numbers with a header row. It accepts a UTF-8
// byte-order mark, CRLF or LF line ends, blank lines, spaces around cells, and
// quoted fields (with "" for a quote inside). Every cell must be a finite
// number; an empty, non-numeric, NaN or infinite cell, a row whose field count
// differs from the header's, a missing, duplicated or empty column name, and a
// file without data rows are errors. Every error is an *Error naming the
// file and, for content, the line and field; an error opening or reading the
// file reads "path: reason" and also wraps the os error.
func ReadFile(path string) (*Table, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fileError{input: &Error{File: path, Msg: err.Error()}, err: err}
	}
	return Parse(path, src)
}

// Parse reads CSV text as ReadFile does; path is the name its errors give.
func Parse(path string, src []byte) (*Table, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))

	p := csvParser{src: src, line: 1}
	header, headerLine, err := p.record()
	if err != nil {
		return nil, p.errorf(path, err)
	}
	if header == nil {
		return nil, &Error{File: path, Msg: "file is empty (want a header row naming the columns, then rows of numbers)"}
	}
	if err := checkHeader(path, headerLine, header); err != nil {
		return nil, err
	}

	t := &Table{File: path, Header: header, Cols: len(header), headerLine: headerLine}
	for {
		fields, line, err := p.record()
		if err != nil {
			return nil, p.errorf(path, err)
		}
		if fields == nil {
			break
		}
		if len(fields) != t.Cols {
			col := min(len(fields), t.Cols) + 1
			return nil, &Error{File: path, Line: line, Col: col,
				Msg: fmt.Sprintf("row has %d fields, header has %d", len(fields), t.Cols)}
		}
		for j, f := range fields {
			v, msg := parseCell(f)
			if msg != "" {
				return nil, &Error{File: path, Line: line, Col: j + 1, Msg: msg}
			}
			t.Data = append(t.Data, v)
		}
		t.Lines = append(t.Lines, line)
		t.Rows++
	}
	if t.Rows == 0 {
		return nil, &Error{File: path, Msg: "header but no data rows"}
	}
	return t, nil
}

// checkHeader rejects a header row that is numbers (a file without header),
// or has an empty or repeated column name.
func checkHeader(path string, line int, header []string) error {
	numeric := true
	for _, h := range header {
		if _, err := strconv.ParseFloat(h, 64); err != nil {
			numeric = false
			break
		}
	}
	if numeric {
		return &Error{File: path, Line: line, Col: 1,
			Msg: "no header row: the first row holds numbers; add a row naming the columns"}
	}
	first := make(map[string]int, len(header))
	for j, h := range header {
		if !utf8.ValidString(h) {
			return &Error{File: path, Line: line, Col: j + 1,
				Msg: fmt.Sprintf("column name %q is not valid UTF-8 (save the file as UTF-8)", h)}
		}
		if h == "" {
			return &Error{File: path, Line: line, Col: j + 1, Msg: "column name is empty"}
		}
		if k, dup := first[h]; dup {
			return &Error{File: path, Line: line, Col: j + 1,
				Msg: fmt.Sprintf("column name %q repeats column %d", h, k+1)}
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
		return 0, fmt.Sprintf("%q is out of range for a 64-bit float", s)
	case err != nil && !errors.Is(err, strconv.ErrRange): // underflow to 0 is fine
		return 0, fmt.Sprintf("%q is not a number", s)
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q is not a finite number", s)
	}
	return v, ""
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
