package filedrop

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"
)

// Row is one data row of a file. A malformed row has Err set (the reason,
// without the file and line) and Values nil; it is quarantined, the rest of
// the file is still read.
type Row struct {
	// Line is the 1-based line of the file the row starts on.
	Line   int
	Values map[string]string
	// Raw is the row's text as decoded (UTF-8), for quarantine.
	Raw []byte
	Err error
}

// Rows reads the data rows of one file. Next returns io.EOF after the last row;
// any other error means the file could not be read on.
type Rows interface {
	Next() (Row, error)
}

// MaxLine is the longest NDJSON line read; a longer one is a malformed row.
const MaxLine = 16 << 20

// Open reads the start of a file (encoding, header) and returns its rows. A
// *RejectError says the file as a whole cannot be read as declared.
func Open(s Settings, name string, r io.Reader) (Rows, error) {
	text, err := decoded(name, s.Encoding, r)
	if err != nil {
		return nil, err
	}
	if s.Format == NDJSON {
		return newNDJSON(text, s.Encoding == UTF8), nil
	}
	return newCSV(s, name, text)
}

// required lists the columns every file must carry: the key, the updated
// column and every mapped one.
func (s Settings) required() []string {
	cols := append(sortedKeys(s.Columns), sortedKeys(s.Attributes)...)
	for _, c := range []string{s.Key, s.Updated} {
		if c != "" && !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
	}
	return cols
}

// checkHeader rejects a header that is not valid UTF-8, names a column twice
// or lacks a configured column.
func checkHeader(s Settings, name string, header []string) error {
	seen := map[string]bool{}
	for i, h := range header {
		if !utf8.ValidString(h) {
			return &RejectError{File: name, Reason: fmt.Sprintf("header column %d is not valid UTF-8; is the file Latin-1? declare encoding: latin-1", i+1)}
		}
		if seen[h] {
			return &RejectError{File: name, Reason: fmt.Sprintf("header names column %q twice", h)}
		}
		seen[h] = true
	}
	for _, c := range s.required() {
		if !seen[c] {
			return &RejectError{File: name, Reason: fmt.Sprintf("header has no column %q (columns: %q)", c, header)}
		}
	}
	return nil
}

// badUTF8 names the first column of a row whose value is not valid UTF-8.
func badUTF8(header, fields []string) error {
	for i, f := range fields {
		if !utf8.ValidString(f) {
			return fmt.Errorf("column %q is not valid UTF-8", header[i])
		}
	}
	return nil
}

var errEmpty = errors.New("the file is empty: no header row")
