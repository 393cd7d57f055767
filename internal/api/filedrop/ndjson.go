package filedrop

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// ndjsonRows reads one JSON object per line; blank lines are not rows.
type ndjsonRows struct {
	r    *bufio.Reader
	line int
	utf8 bool
}

func newNDJSON(text io.Reader, utf8 bool) *ndjsonRows {
	return &ndjsonRows{r: bufio.NewReaderSize(text, 64<<10), utf8: utf8}
}

// Next implements Rows.
func (n *ndjsonRows) Next() (Row, error) {
	for {
		raw, tooLong, err := n.readLine()
		if err != nil {
			return Row{}, err
		}
		n.line++
		if tooLong {
			return Row{Line: n.line, Raw: raw, Err: fmt.Errorf("line is longer than %d bytes", MaxLine)}, nil
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		row := Row{Line: n.line, Raw: raw}
		if n.utf8 && !utf8.Valid(raw) {
			row.Err = errors.New("line is not valid UTF-8")
			return row, nil
		}
		row.Values, row.Err = objectValues(raw)
		return row, nil
	}
}

// readLine returns the next line without its line break, or its first MaxLine
// bytes and tooLong.
func (n *ndjsonRows) readLine() (line []byte, tooLong bool, err error) {
	for {
		chunk, err := n.r.ReadSlice('\n')
		if len(line)+len(chunk) <= MaxLine {
			line = append(line, chunk...)
		} else {
			tooLong = true
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) > 0:
			return bytes.TrimRight(line, "\r\n"), tooLong, nil
		case err != nil:
			if !errors.Is(err, io.EOF) {
				err = fmt.Errorf("read ndjson: %w", err)
			}
			return nil, false, err
		}
		return bytes.TrimRight(line, "\r\n"), tooLong, nil
	}
}

// objectValues reads a JSON object's members as text: strings as they are,
// numbers as written (exact), booleans as true/false, null as empty, arrays
// and objects as compact JSON.
func objectValues(raw []byte) (map[string]string, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var obj map[string]any
	if err := d.Decode(&obj); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	if obj == nil {
		return nil, errors.New("not a JSON object: null")
	}
	if d.More() {
		return nil, errors.New("more than one JSON value on the line")
	}
	vals := make(map[string]string, len(obj))
	for k, v := range obj {
		switch v := v.(type) {
		case nil:
		case string:
			vals[k] = v
		case json.Number:
			vals[k] = v.String()
		case bool:
			vals[k] = fmt.Sprint(v)
		default:
			b, _ := json.Marshal(v)
			vals[k] = string(b)
		}
	}
	return vals, nil
}
