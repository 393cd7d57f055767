package filedrop

import (
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func readAll(t *testing.T, s Settings, text string) ([]Row, error) {
	t.Helper()
	rows, err := Open(s, "f.csv", strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	var out []Row
	for {
		r, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
}

func csvSettings() Settings {
	return Settings{Format: CSV, Encoding: UTF8, Delimiter: ";", Columns: map[string]string{"sku": "sku", "price": "amount"}, Key: "sku"}
}

// TestEncodings: a UTF-8 byte order mark is skipped (else the first column
// would be named "\ufeffsku"); Latin-1 accents decode to the same text as
// UTF-8 ones.
func TestEncodings(t *testing.T) {
	s := csvSettings()
	rows, err := readAll(t, s, "\xEF\xBB\xBFsku;price\nCafé;1.50\n")
	if err != nil || len(rows) != 1 || rows[0].Values["sku"] != "Café" {
		t.Fatalf("utf-8 with BOM: %+v, %v", rows, err)
	}
	latin, _ := charmap.ISO8859_1.NewEncoder().String("sku;price\nCafé Größe;1.50\n")
	s.Encoding = Latin1
	rows, err = readAll(t, s, latin)
	if err != nil || len(rows) != 1 || rows[0].Values["sku"] != "Café Größe" || rows[0].Line != 2 {
		t.Fatalf("latin-1: %+v, %v", rows, err)
	}
}

// TestRejectedFiles: a file that cannot be read as declared is a
// *RejectError naming the reason.
func TestRejectedFiles(t *testing.T) {
	latin := csvSettings()
	latin.Encoding = Latin1
	cases := []struct {
		name string
		s    Settings
		text string
		want string
	}{
		{"utf-16", csvSettings(), "\xFF\xFEs\x00k\x00u\x00", "UTF-16 byte order mark"},
		{"utf-8 BOM declared latin-1", latin, "\xEF\xBB\xBFsku;price\n", "declared latin-1"},
		{"latin-1 declared utf-8", csvSettings(), "sku;pr\xE9is;price\n", "not valid UTF-8"},
		{"empty", csvSettings(), "", "empty"},
		{"missing column", csvSettings(), "sku;amount\n1;2\n", `no column "price"`},
		{"twice", csvSettings(), "sku;price;sku\n", `"sku" twice`},
		{"unreadable header", csvSettings(), "sku;\"pri\"ce\n", "header row cannot be read"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readAll(t, c.s, c.text)
			var re *RejectError
			if !errors.As(err, &re) || !strings.Contains(re.Reason, c.want) {
				t.Fatalf("err = %v, want a rejection saying %q", err, c.want)
			}
		})
	}
}

// TestMalformedCSVRows: rows with the wrong field count, a bare quote or
// invalid UTF-8 come back with their line, raw text and reason, and the
// rows after them are still read.
func TestMalformedCSVRows(t *testing.T) {
	text := "sku;price\nA;1\nB;2;extra\nC;\"3\"x\nD\xff;4\n\"E\nF\";5\nG;6\n"
	rows, err := readAll(t, csvSettings(), text)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		line int
		raw  string
		err  string
	}
	wants := []want{{2, "A;1\n", ""}, {3, "B;2;extra\n", "3 fields, the header has 2"}, {4, "C;\"3\"x\n", "extraneous"},
		{5, "D\xff;4\n", `column "sku" is not valid UTF-8`}, {6, "\"E\nF\";5\n", ""}, {8, "G;6\n", ""}}
	if len(rows) != len(wants) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(wants), rows)
	}
	for i, w := range wants {
		r := rows[i]
		if r.Line != w.line || string(r.Raw) != w.raw || (w.err == "") != (r.Err == nil) || (r.Err != nil && !strings.Contains(r.Err.Error(), w.err)) {
			t.Errorf("row %d: line %d raw %q err %v, want %+v", i, r.Line, r.Raw, r.Err, w)
		}
	}
	if rows[4].Values["sku"] != "E\nF" {
		t.Errorf("quoted line break: %q", rows[4].Values["sku"])
	}
}

// TestHeaderless: without a header the names give the columns.
func TestHeaderless(t *testing.T) {
	s := csvSettings()
	no := false
	s.Header, s.Names = &no, []string{"sku", "price"}
	rows, err := readAll(t, s, "A;1\n")
	if err != nil || len(rows) != 1 || rows[0].Values["price"] != "1" || rows[0].Line != 1 {
		t.Fatalf("%+v %v", rows, err)
	}
}

// TestNDJSONRows: objects per line, numbers kept as written, blank lines
// skipped, malformed lines reported with their line.
func TestNDJSONRows(t *testing.T) {
	s := csvSettings()
	s.Format = NDJSON
	text := "{\"sku\":\"A\",\"price\":12.50,\"tags\":[\"x\"],\"on\":true,\"n\":null}\n\n[1]\n{\"sku\":\"B\xff\"}\n{\"sku\":\"C\"} {}\n{\"sku\":\"D\"}"
	rows, err := readAll(t, s, text)
	if err != nil || len(rows) != 5 {
		t.Fatalf("%+v %v", rows, err)
	}
	v := rows[0].Values
	if v["price"] != "12.50" || v["tags"] != `["x"]` || v["on"] != "true" || v["n"] != "" || rows[0].Line != 1 {
		t.Errorf("values %q", v)
	}
	for i, w := range []struct {
		line int
		err  string
	}{{3, "not a JSON object"}, {4, "not valid UTF-8"}, {5, "more than one JSON value"}} {
		if r := rows[i+1]; r.Line != w.line || r.Err == nil || !strings.Contains(r.Err.Error(), w.err) {
			t.Errorf("row %d: line %d err %v, want %+v", i+1, r.Line, r.Err, w)
		}
	}
	if rows[4].Values["sku"] != "D" || rows[4].Line != 6 {
		t.Errorf("last line without break: %+v", rows[4])
	}
}
