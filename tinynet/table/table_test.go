package table

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeCSV writes content to a file in a fresh temporary directory.
func writeCSV(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// requireError checks that err is an *Error rendering exactly want.
func requireError(t *testing.T, err error, want string) *Error {
	t.Helper()
	require.Error(t, err)
	var ie *Error
	require.True(t, errors.As(err, &ie), "want *Error, got %T: %v", err, err)
	assert.Equal(t, want, err.Error())
	return ie
}

func TestErrorFormats(t *testing.T) {
	assert.Equal(t, "a.csv:17:3: bad", (&Error{File: "a.csv", Line: 17, Col: 3, Msg: "bad"}).Error())
	assert.Equal(t, "a.csv:17: bad", (&Error{File: "a.csv", Line: 17, Msg: "bad"}).Error())
	assert.Equal(t, "a.csv: bad", (&Error{File: "a.csv", Msg: "bad"}).Error())
}

func TestReadTableRealDatasets(t *testing.T) {
	cases := []struct {
		file       string
		rows, cols int
		first      float64
		last       string
	}{
		{"iris.csv", 150, 5, 5.1, "label"},
		{"wine.csv", 178, 14, 14.23, "label"},
		{"breast_cancer.csv", 569, 31, 17.99, "label"},
		{"seattle_hourly_temp_windows.csv", 8753, 19, 0, "target"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			tb, err := ReadFile(filepath.Join("..", "..", "testdata", c.file))
			require.NoError(t, err)
			assert.Equal(t, c.rows, tb.Rows)
			assert.Equal(t, c.cols, tb.Cols)
			assert.Len(t, tb.Data, c.rows*c.cols)
			assert.Len(t, tb.Lines, c.rows)
			assert.Equal(t, 2, tb.Lines[0])
			assert.Equal(t, c.rows+1, tb.Lines[c.rows-1])
			assert.Equal(t, c.cols-1, tb.Column(c.last))
			assert.Equal(t, -1, tb.Column("no such column"))
			if c.first != 0 {
				assert.Equal(t, c.first, tb.Data[0])
			}
		})
	}
}

func TestReadTableAcceptsBOMCRLFQuotesAndBlankLines(t *testing.T) {
	content := "\xef\xbb\xbf" + `"x, first",y,"say ""z"""` + "\r\n" +
		"\r\n" +
		` 1.5 , -2e3,"3"` + "\r\n" +
		"   \r\n" +
		"\n" +
		`4,"5",6` + "\r\n" +
		"7,8,9.25" // no final newline
	tb, err := ReadFile(writeCSV(t, "ok.csv", content))
	require.NoError(t, err)
	assert.Equal(t, []string{"x, first", "y", `say "z"`}, tb.Header)
	assert.Equal(t, 3, tb.Rows)
	assert.Equal(t, 3, tb.Cols)
	assert.Equal(t, []float64{1.5, -2000, 3, 4, 5, 6, 7, 8, 9.25}, tb.Data)
	assert.Equal(t, []int{3, 6, 7}, tb.Lines)
	assert.Equal(t, 2, tb.Column(`say "z"`))
}

func TestReadTableQuotedFieldSpanningLinesKeepsLineNumbers(t *testing.T) {
	// A newline inside quotes is part of the cell (then not a number), and the
	// following rows keep their true line numbers.
	p := writeCSV(t, "q.csv", "a,\"b\nc\"\n1,2\n3,x\n")
	_, err := ReadFile(p)
	requireError(t, err, p+`:4:2: "x" is not a number`)
}

func TestReadTableBadFixtures(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "bad")
	cases := []struct{ file, want string }{
		{"nonnumeric.csv", `:4:2: missing value "ERR" (every cell must be a number)`},
		{"ragged.csv", ":5:4: row has 4 fields, header has 3"},
		{"no_header.csv", ":1:1: no header row: the first row holds numbers; add a row naming the columns"},
		{"empty.csv", ": file is empty (want a header row naming the columns, then rows of numbers)"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			p := filepath.Join(dir, c.file)
			_, err := ReadFile(p)
			requireError(t, err, p+c.want)
		})
	}
}

func TestReadTableBadCells(t *testing.T) {
	cases := []struct{ name, content, want string }{
		{"ERR", "a,b,c\n1,2,3\n4,5,ERR\n", `:3:3: missing value "ERR" (every cell must be a number)`},
		{"NaN", "a,b\n1,NaN\n", `:2:2: missing value "NaN" (every cell must be a number)`},
		{"nan lower", "a,b\nnan,1\n", `:2:1: missing value "nan" (every cell must be a number)`},
		{"word", "a,b\n1,hello\n", `:2:2: "hello" is not a number`},
		{"Inf", "a,b\n1,2\n-Inf,1\n", `:3:1: "-Inf" is not a finite number`},
		{"infinity", "a,b\n1,+infinity\n", `:2:2: "+infinity" is not a finite number`},
		{"overflow", "a,b\n1,1e400\n", `:2:2: "1e400" is out of range for a 64-bit float`},
		{"empty cell", "a,b,c\n1,,3\n", ":2:2: empty cell (every cell must be a number)"},
		{"empty quoted cell", "a,b\n1,\"\"\n", ":2:2: empty cell (every cell must be a number)"},
		{"trailing comma", "a,b\n1,2,\n", ":2:3: row has 3 fields, header has 2"},
		{"short row", "a,b,c\n1,2,3\n\n1,2\n", ":4:3: row has 2 fields, header has 3"},
		{"comma in number", "a,b\n1,\"2,5\"\n", `:2:2: "2,5" is not a number`},
		{"unclosed quote", "a,b\n1,\"2\n3,4\n", ":2:2: quoted field is never closed (missing \")"},
		{"junk after quote", "a,b\n1,\"2\"x\n", `:2:2: unexpected 'x' after the closing quote (want , or end of line)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeCSV(t, "sensor.csv", c.content)
			_, err := ReadFile(p)
			requireError(t, err, p+c.want)
		})
	}
}

func TestReadTableTinyValuesAreNotErrors(t *testing.T) {
	tb, err := ReadFile(writeCSV(t, "tiny.csv", "a\n1e-400\n0x1p-2\n"))
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0.25}, tb.Data)
}

func TestReadTableBadHeaders(t *testing.T) {
	cases := []struct{ name, content, want string }{
		{"header only", "a,b,c\n", ": header but no data rows"},
		{"header only blank lines", "\n\na,b\r\n\r\n", ": header but no data rows"},
		{"only blank lines", "\n \r\n\n", ": file is empty (want a header row naming the columns, then rows of numbers)"},
		{"only BOM", "\xef\xbb\xbf", ": file is empty (want a header row naming the columns, then rows of numbers)"},
		{"duplicate", "a,b,a\n1,2,3\n", `:1:3: column name "a" repeats column 1`},
		{"duplicate after blank", "\nx,\"x\"\n1,2\n", `:2:2: column name "x" repeats column 1`},
		{"empty name", "a,,c\n1,2,3\n", ":1:2: column name is empty"},
		{"empty quoted name", "a,\"\"\n1,2\n", ":1:2: column name is empty"},
		{"numeric header", "1,2.5,-3\n4,5,6\n", ":1:1: no header row: the first row holds numbers; add a row naming the columns"},
		{"not UTF-8", "a,temp\xb0C\n1,2\n", `:1:2: column name "temp\xb0C" is not valid UTF-8 (save the file as UTF-8)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeCSV(t, "sensor.csv", c.content)
			_, err := ReadFile(p)
			requireError(t, err, p+c.want)
		})
	}
}

func TestReadTableMissingFileNamesThePath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.csv")
	_, err := ReadFile(p)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), p+": "), err.Error())
	assert.ErrorIs(t, err, fs.ErrNotExist)
	requireError(t, err, p+": no such file or directory")

	_, err = ReadFile(t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is a directory")
}
