package table

import (
	"bytes"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A line over the limit is refused at its line before it is held in memory: the reader
// never buffers more than the limit, however long the line runs.
func TestReadRefusesLinesOverTheLimitWithoutHoldingThem(t *testing.T) {
	o := Options{MaxLineBytes: 1000}
	long := "a,b\n1,2\n" + strings.Repeat(",", 5000) + "\n"
	_, err := o.Parse("l.csv", []byte(long))
	requireError(t, err, "l.csv:3: line is longer than 1000 bytes (the reader's limit)")

	// An endless stream of commas: the reader stops at the limit, not at the end.
	r := &countingReader{r: io.MultiReader(strings.NewReader("a,b\n"), endless(','))}
	_, err = Options{MaxLineBytes: 1 << 16}.Read("stdin", io.LimitReader(r, 1<<30))
	requireError(t, err, "stdin:2: line is longer than 65536 bytes (the reader's limit)")
	assert.Less(t, r.n, int64(1<<18), "read %d bytes of an endless line", r.n)

	// An unclosed quote runs to the limit with a hint.
	_, err = o.Parse("q.csv", []byte("a,b\n1,\"2\n"+strings.Repeat("3,4\n", 500)))
	requireError(t, err, `q.csv:2: record is longer than 1000 bytes (the reader's limit); a quoted field is open, is a closing " missing?`)
}

func TestReadRefusesTooManyColumnsAndValues(t *testing.T) {
	hdr := make([]string, 11)
	for i := range hdr {
		hdr[i] = "c" + string(rune('a'+i))
	}
	_, err := Options{MaxFields: 10}.Parse("w.csv", []byte(strings.Join(hdr, ",")+"\n"))
	requireError(t, err, "w.csv:1:11: the header has 11 columns, more than the limit of 10")

	_, err = Options{MaxCells: 6}.Parse("n.csv", []byte("a,b\n1,2\n3,4\n5,6\n7,8\n"))
	requireError(t, err, "n.csv:5: more than 6 values (3 rows of 2 columns): over the reader's limit")
	tb, err := Options{MaxCells: 6}.Parse("n.csv", []byte("a,b\n1,2\n3,4\n5,6\n"))
	require.NoError(t, err)
	assert.Equal(t, 3, tb.Rows)
}

// A huge cell is named in the error by its start and its length, not echoed whole.
func TestErrorsClipLongCells(t *testing.T) {
	cell := strings.Repeat("x", 1<<19)
	_, err := Parse("c.csv", []byte("a,b\n1,"+cell+"\n"))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 200)
	assert.Contains(t, err.Error(), `c.csv:2:2: "`+strings.Repeat("x", 40)+`… (524288 bytes)" is not a number`)

	_, err = Parse("h.csv", []byte(cell+","+cell+"\n1,2\n"))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 200)
	assert.Equal(t, "é", Clip("é"))
	assert.Equal(t, strings.Repeat("é", 20)+"… (100 bytes)", Clip(strings.Repeat("é", 50)), "cut at a rune boundary")
}

// Missing values: an error naming the cell by default (with the caller's hint), NaN and a
// count per column when allowed. Text that is not a missing-value token stays an error.
func TestMissingValues(t *testing.T) {
	src := "a,b,c\n1,NA,3\n,5,6\nERR_TIMEOUT,n/a,#N/A\n7,8,9\n"
	_, err := Options{MissingHint: "; see --na"}.Parse("m.csv", []byte(src))
	requireError(t, err, `m.csv:2:2: missing value "NA" (every cell must be a number); see --na`)
	_, err = Options{MissingHint: "; see --na"}.Parse("m.csv", []byte("a,b\n1,\n"))
	requireError(t, err, `m.csv:2:2: empty cell (every cell must be a number); see --na`)

	tb, err := Options{Missing: true}.Parse("m.csv", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, []int{2, 2, 1}, tb.Missing)
	assert.True(t, math.IsNaN(tb.Data[1]) && math.IsNaN(tb.Data[3]) && math.IsNaN(tb.Data[8]))
	assert.Equal(t, []float64{1, 3, 5, 6, 7, 8, 9}, finiteOf(tb.Data))

	tb, err = Options{Missing: true}.Parse("m.csv", []byte("a,b\n1,2\n"))
	require.NoError(t, err)
	assert.Nil(t, tb.Missing)

	_, err = Options{Missing: true}.Parse("m.csv", []byte("a,b\n1,hello\n"))
	requireError(t, err, `m.csv:2:2: "hello" is not a number`)
	_, err = Options{Missing: true}.Parse("m.csv", []byte("a,b\n1,inf\n"))
	requireError(t, err, `m.csv:2:2: "inf" is not a finite number`)

	for _, tok := range []string{"", "NA", "na", "N/A", "NaN", "null", "None", "?", "-", "ERR", "error", "Err_42", "#DIV/0!"} {
		assert.True(t, IsMissing(tok), tok)
	}
	for _, tok := range []string{"0", "hello", "inf", "er", "N", "1e5"} {
		assert.False(t, IsMissing(tok), tok)
	}
}

// A first row of numbers, or numbers and missing values, is data, not a header.
func TestHeaderlessFilesAreRefused(t *testing.T) {
	for _, first := range []string{"1,2,3", "1,NA,3", " 4 , 5e3 ,-1"} {
		_, err := Parse("d.csv", []byte(first+"\n4,5,6\n"))
		requireError(t, err, "d.csv:1:1: no header row: the first row holds numbers; add a row naming the columns")
	}
	tb, err := Parse("d.csv", []byte("NA,b\n1,2\n"))
	require.NoError(t, err, "names that are only missing-value tokens are names")
	assert.Equal(t, []string{"NA", "b"}, tb.Header)
}

// Records reach the parser one at a time; line numbers, quoted line breaks and CRLF
// survive the cut at any buffer boundary.
func TestReadStreamsLikeParse(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("\xef\xbb\xbfa,\"b\nc\",d\r\n")
	for i := 0; i < 20000; i++ {
		b.WriteString("1.25,\"2\",  3 \r\n\n")
	}
	tb, err := Options{}.Read("s.csv", &oneByteReader{&b})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b\nc", "d"}, tb.Header)
	assert.Equal(t, 20000, tb.Rows)
	assert.Equal(t, 3, tb.Lines[0])
	assert.Equal(t, 3+2*19999, tb.Lines[19999])
}

func finiteOf(v []float64) []float64 {
	var out []float64
	for _, x := range v {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out
}

type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

type oneByteReader struct{ r io.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}
