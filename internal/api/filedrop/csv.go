package filedrop

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// csvRows reads CSV data rows. Every row must have the header's number of
// fields.
type csvRows struct {
	r      *csv.Reader
	tape   *tape
	header []string
	utf8   bool
}

func newCSV(s Settings, name string, text io.Reader) (*csvRows, error) {
	t := &tape{r: text}
	r := csv.NewReader(t)
	r.Comma = s.Comma()
	header := s.Names
	if s.HasHeader() {
		h, err := r.Read()
		switch {
		case errors.Is(err, io.EOF):
			return nil, &RejectError{File: name, Reason: errEmpty.Error()}
		case err != nil:
			return nil, &RejectError{File: name, Reason: fmt.Sprintf("header row cannot be read: %v", err)}
		}
		header = h
		t.cut(r.InputOffset())
	}
	if err := checkHeader(s, name, header); err != nil {
		return nil, err
	}
	r.FieldsPerRecord = len(header)
	return &csvRows{r: r, tape: t, header: header, utf8: s.Encoding == UTF8}, nil
}

// Next implements Rows.
func (c *csvRows) Next() (Row, error) {
	fields, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return Row{}, io.EOF
	}
	row := Row{Raw: c.tape.cut(c.r.InputOffset())}
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		row.Line = pe.StartLine
		row.Err = pe.Err
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			row.Err = fmt.Errorf("%d fields, the header has %d", len(fields), len(c.header))
		}
		return row, nil
	case err != nil:
		return row, fmt.Errorf("read csv: %w", err)
	}
	row.Line, _ = c.r.FieldPos(0)
	if c.utf8 {
		if row.Err = badUTF8(c.header, fields); row.Err != nil {
			return row, nil
		}
	}
	row.Values = make(map[string]string, len(fields))
	for i, f := range fields {
		row.Values[c.header[i]] = f
	}
	return row, nil
}

// tape remembers what a reader read since the last cut, so the text of the
// row just parsed can be kept for quarantine.
type tape struct {
	r    io.Reader
	buf  []byte
	base int64
}

func (t *tape) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// cut returns the bytes from the last cut to offset and forgets them.
func (t *tape) cut(offset int64) []byte {
	n := min(max(int(offset-t.base), 0), len(t.buf))
	raw := append([]byte(nil), t.buf[:n]...)
	t.buf = append(t.buf[:0], t.buf[n:]...)
	t.base = offset
	return raw
}
