package filedrop

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"

	api "github.com/stewardhq/steward/internal/api/filedrop"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// header is the key column's name and the columns' names.
func (l *Loader) header(cols []column) []string {
	names := make([]string, 0, len(cols)+1)
	names = append(names, keyColumn)
	if l.s.Key != "" {
		names[0] = l.s.Key
	}
	for _, c := range cols {
		names = append(names, l.name(c))
	}
	return names
}

// file is the export: a header row (CSV) and the items' lines.
func (l *Loader) file(cols []column, lines [][]byte) ([]byte, error) {
	var b bytes.Buffer
	if l.s.Format == api.CSV {
		h, err := l.encode(l.csvLine(l.header(cols)))
		if err != nil {
			return nil, fmt.Errorf("write export header: %w", err)
		}
		b.Write(h)
	}
	for _, line := range lines {
		b.Write(line)
	}
	return b.Bytes(), nil
}

// render writes one item as a line of the export in its declared encoding.
func (l *Loader) render(cols []column, it load.Item) ([]byte, error) {
	if len(it.Fields) == 0 {
		return nil, fmt.Errorf("item %s carries no owned field", it.ExternalID)
	}
	for f, raw := range it.Fields {
		if !json.Valid(raw) {
			return nil, fmt.Errorf("item %s: field %s is not JSON", it.ExternalID, f)
		}
	}
	var line []byte
	if l.s.Format == api.NDJSON {
		line = ndjsonLine(l.header(cols), cols, it)
	} else {
		cells := []string{it.ExternalID}
		for _, c := range cols {
			raw, _, err := value(it, c)
			if err != nil {
				return nil, err
			}
			cells = append(cells, cell(raw))
		}
		line = l.csvLine(neutralised(cells))
	}
	enc, err := l.encode(line)
	if err != nil {
		return nil, fmt.Errorf("item %s: %w", it.ExternalID, err)
	}
	return enc, nil
}

// cell is a JSON value as CSV text: strings unquoted, null empty, numbers and
// booleans as written, objects and arrays (a price) as compact JSON.
func cell(raw json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return ""
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// neutralised defuses spreadsheet formulas: text starting with =, +, -, @,
// tab or carriage return gets a leading apostrophe, numbers stay as they are.
func neutralised(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			if _, err := transform.Decimal(c); err != nil {
				out[i] = "'" + c
			}
		}
	}
	return out
}

func (l *Loader) csvLine(cells []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = l.s.Comma()
	_ = w.Write(cells) // writes to a buffer cannot fail
	w.Flush()
	return b.Bytes()
}

// ndjsonLine writes an object with the key and each field's JSON value, in
// column order.
func ndjsonLine(names []string, cols []column, it load.Item) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	key, _ := json.Marshal(names[0])
	id, _ := json.Marshal(it.ExternalID)
	b.Write(key)
	b.WriteByte(':')
	b.Write(id)
	for i, c := range cols {
		raw, ok := it.Fields[c.field]
		if !ok {
			continue
		}
		name, _ := json.Marshal(names[i+1])
		b.WriteByte(',')
		b.Write(name)
		b.WriteByte(':')
		_ = json.Compact(&b, raw) // checked valid by render
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// encode converts UTF-8 text to the declared encoding.
func (l *Loader) encode(text []byte) ([]byte, error) {
	if l.s.Encoding != api.Latin1 {
		return text, nil
	}
	out, err := charmap.ISO8859_1.NewEncoder().Bytes(text)
	if err != nil {
		return nil, fmt.Errorf("text is not representable in latin-1: %w", err)
	}
	return out, nil
}
