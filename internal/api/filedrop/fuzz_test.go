package filedrop

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzRows: whatever bytes a drop file holds, reading it never panics, ends,
// and every row names a line; a malformed row has a reason and no values.
func FuzzRows(f *testing.F) {
	f.Add([]byte("sku;price\nA;1\nB;2;3\n\"C\nD\";4\n"), false)
	f.Add([]byte("\xEF\xBB\xBFsku;price\nA\xff;1\n"), false)
	f.Add([]byte("{\"sku\":\"A\",\"price\":1.5}\n[1]\n\n{\"sku\":"), true)
	f.Fuzz(func(t *testing.T, data []byte, ndjson bool) {
		for _, enc := range []string{UTF8, Latin1} {
			s := Settings{Format: CSV, Encoding: enc, Delimiter: ";", Columns: map[string]string{"sku": "sku"}, Key: "sku"}
			if ndjson {
				s.Format = NDJSON
			}
			rows, err := Open(s, "f", bytes.NewReader(data))
			var re *RejectError
			if errors.As(err, &re) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			for n := 0; ; n++ {
				r, err := rows.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if r.Line <= 0 || (r.Err != nil && r.Values != nil) || n > len(data)+1 {
					t.Fatalf("row %d: %+v", n, r)
				}
			}
		}
	})
}
