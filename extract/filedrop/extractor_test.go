package filedrop

import (
	"encoding/json"
	"errors"
	"fmt"
	api "github.com/stewardhq/steward/internal/api/filedrop"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/text/encoding/charmap"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// TestPricesFromCSV: columns map to the canonical price (amount with the
// currency's decimals, the key column as source id, the updated column as
// change time); the file moves to processed/ once its last page is stored.
func TestPricesFromCSV(t *testing.T) {
	dir := t.TempDir()
	drop(t, dir, "prices.csv", pricesHeader+"K1;SKU-1;12.5;EUR;2026-03-01;2026-02-28 17:00:00\nK2;SKU-2;180;JPY;2026-03-01;2026-02-28T18:00:00Z\n", 0)
	e := newExtractor(t, dir, pricesSettings, "prices", 100)
	res := run(t, e, record.Cursor{}, true, 0)
	if len(res.bad) != 0 || !slices.Equal(keys(res.recs), []string{"K1", "K2"}) {
		t.Fatalf("records %v, quarantined %v", keys(res.recs), res.bad)
	}
	var p transform.Price
	if err := json.Unmarshal(res.recs[0].Payload, &p); err != nil {
		t.Fatal(err)
	}
	changed := time.Date(2026, 2, 28, 17, 0, 0, 0, time.UTC)
	want := transform.Price{SKU: "SKU-1", Amount: "12.50", Currency: "EUR", ValidFrom: "2026-03-01", SourceID: "K1", Changed: changed}
	if p != want || !res.recs[0].Updated.Equal(changed) {
		t.Fatalf("price %+v, want %+v (updated %v)", p, want, res.recs[0].Updated)
	}
	if ls(t, dir, "") != nil || !slices.Equal(ls(t, dir, "processed"), []string{"prices.csv"}) {
		t.Fatalf("folder %v, processed %v", ls(t, dir, ""), ls(t, dir, "processed"))
	}
	if res.last.InPass() || !res.last.Watermark.Equal(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)) || res.last.State == "" {
		t.Fatalf("cursor after the file %+v", res.last)
	}
}

// TestMalformedRowsQuarantined: a bad decimal, a wrong column count and
// invalid UTF-8 are quarantined with file:line and the reason; the other
// rows are staged.
func TestMalformedRowsQuarantined(t *testing.T) {
	dir := t.TempDir()
	text := pricesHeader + "K1;S1;1,50;EUR;;\nK2;S2;2.00;EUR\nK3;S\xff;3.00;EUR;;\nK4;S4;4.00;EUR;;\nK5;S5;5.00;EURO;;\n;S6;1;EUR;;\nK7;S7;1/3;EUR;;\nK8;S8;1e2;EUR;;\n"
	drop(t, dir, "p.csv", text, 0)
	res := run(t, newExtractor(t, dir, pricesSettings, "prices", 100), record.Cursor{}, true, 0)
	if !slices.Equal(keys(res.recs), []string{"K4"}) {
		t.Fatalf("staged %v", keys(res.recs))
	}
	wants := []string{`p.csv:2: column "PREIS": "1,50" is not a decimal`, "p.csv:3: 4 fields, the header has 6",
		`p.csv:4: column "MATNR" is not valid UTF-8`, `p.csv:6: column "WAEHRUNG": currency "EURO" is not an ISO 4217 code`, `p.csv:7: key column "KONDNR" is empty`,
		`p.csv:8: column "PREIS": "1/3" is not a decimal number`, `p.csv:9: column "PREIS": "1e2" is not a decimal number`}
	if len(res.bad) != len(wants) {
		t.Fatalf("quarantined %+v", res.bad)
	}
	for i, w := range wants {
		if !strings.HasPrefix(res.bad[i].Reason, w) || len(res.bad[i].Raw) == 0 {
			t.Errorf("quarantined %d: %q raw %q, want %q", i, res.bad[i].Reason, res.bad[i].Raw, w)
		}
	}
	if res.bad[0].Key != "K1" {
		t.Errorf("quarantined row keeps its key: %q", res.bad[0].Key)
	}
}

// productSettings map a PIM export with attribute columns.
const productSettings = `      key: ID
      encoding: %s
      columns: {ID: id, SKU: identifier, FAMILIE: family, KATEGORIEN: categories}
      attributes:
        NAME_DE: {attribute: name, locale: de_DE, kind: text}
        GEWICHT: {attribute: weight, kind: metric, unit: KILOGRAM}
        PREIS_EUR: {attribute: price, kind: prices, currency: EUR}
        FARBE: {attribute: color, kind: option}`

const productCSV = "ID,SKU,FAMILIE,KATEGORIEN,NAME_DE,GEWICHT,PREIS_EUR,FARBE\n" +
	"p1,SKU-1,shoes,\"men,sale\",Größe Schuh Café,1.25,99.9,rot\n"

// TestProductsLatin1AndBOM: a Latin-1 file and a UTF-8 file with a byte
// order mark give the same canonical product, accents intact.
func TestProductsLatin1AndBOM(t *testing.T) {
	latin, err := charmap.ISO8859_1.NewEncoder().String(productCSV)
	if err != nil {
		t.Fatal(err)
	}
	var payloads []string
	for _, c := range []struct{ enc, text string }{{"latin-1", latin}, {"utf-8", "\xEF\xBB\xBF" + productCSV}} {
		dir := t.TempDir()
		drop(t, dir, "products.csv", c.text, 0)
		res := run(t, newExtractor(t, dir, strings.Replace(productSettings, "%s", c.enc, 1), "products", 100), record.Cursor{}, true, 0)
		if len(res.recs) != 1 || len(res.bad) != 0 {
			t.Fatalf("%s: records %v quarantined %+v", c.enc, keys(res.recs), res.bad)
		}
		payloads = append(payloads, string(res.recs[0].Payload))
	}
	if payloads[0] != payloads[1] {
		t.Fatalf("latin-1 %s\nutf-8   %s", payloads[0], payloads[1])
	}
	var p transform.Product
	if err := json.Unmarshal([]byte(payloads[0]), &p); err != nil {
		t.Fatal(err)
	}
	name, _ := p.Get("name", "de_DE", "")
	weight, _ := p.Get("weight", "", "")
	price, _ := p.Get("price", "", "")
	color, _ := p.Get("color", "", "")
	if p.ID != "p1" || p.Identifier != "SKU-1" || p.Family != "shoes" || !slices.Equal(p.Categories, []string{"men", "sale"}) || !p.Enabled ||
		name.Text != "Größe Schuh Café" || weight.Number != "1.25" || weight.Unit != "KILOGRAM" || weight.Kind != transform.KindMetric ||
		len(price.Amounts) != 1 || price.Amounts[0] != (transform.PriceValue{Amount: "99.90", Currency: "EUR"}) || color.Text != "rot" || color.Kind != transform.KindOption {
		t.Fatalf("product %+v", p)
	}
}

// TestRejectedFileMoved: a file that cannot be read as declared is one
// quarantine entry naming it, and moves to rejected/ with its reason beside
// it once that page is stored; the next file is still read.
func TestRejectedFileMoved(t *testing.T) {
	dir := t.TempDir()
	drop(t, dir, "a.csv", "KONDNR;MATNR\nK1;S1\n", 0)
	drop(t, dir, "b.csv", pricesHeader+"K2;S2;1;EUR;;\n", 1)
	res := run(t, newExtractor(t, dir, pricesSettings, "prices", 100), record.Cursor{}, true, 0)
	if !slices.Equal(keys(res.recs), []string{"K2"}) || len(res.bad) != 1 || res.bad[0].Key != "a.csv" ||
		!strings.Contains(res.bad[0].Reason, `file a.csv rejected: header has no column "AB"`) {
		t.Fatalf("records %v, quarantined %+v", keys(res.recs), res.bad)
	}
	if got := ls(t, dir, "rejected"); !slices.Equal(got, []string{"a.csv", "a.csv.reason.txt"}) {
		t.Fatalf("rejected/ holds %v", got)
	}
	reason, _ := os.ReadFile(filepath.Join(dir, "rejected", "a.csv.reason.txt"))
	if !strings.Contains(string(reason), `header has no column "AB"`) {
		t.Fatalf("reason %q", reason)
	}
	if !slices.Equal(ls(t, dir, "processed"), []string{"b.csv"}) || ls(t, dir, "") != nil {
		t.Fatalf("processed %v, folder %v", ls(t, dir, "processed"), ls(t, dir, ""))
	}
}

// TestIncompleteFilesWait: .part and .tmp files, and files whose .done
// marker is missing, are not read; once the marker is there, the file is.
func TestIncompleteFilesWait(t *testing.T) {
	dir := t.TempDir()
	body := pricesHeader + "K1;S1;1;EUR;;\n"
	for _, n := range []string{"a.csv.part", "b.csv.tmp", ".c.csv", "d.csv"} {
		drop(t, dir, n, body, 0)
	}
	e := newExtractor(t, dir, pricesSettings+"\n      done_marker: true", "prices", 100)
	if res := run(t, e, record.Cursor{}, true, 0); len(res.pages) != 0 {
		t.Fatalf("read %d pages from incomplete files", len(res.pages))
	}
	drop(t, dir, "d.csv.done", "", 0)
	res := run(t, e, record.Cursor{}, true, 0)
	if !slices.Equal(keys(res.recs), []string{"K1"}) || !slices.Equal(ls(t, dir, "processed"), []string{"d.csv"}) {
		t.Fatalf("records %v, processed %v", keys(res.recs), ls(t, dir, "processed"))
	}
	if got := ls(t, dir, ""); !slices.Equal(got, []string{".c.csv", "a.csv.part", "b.csv.tmp"}) {
		t.Fatalf("folder keeps %v (the marker goes with its file)", got)
	}
}

// TestNoBackfill: a backfill window is refused with a clear error.
func TestNoBackfill(t *testing.T) {
	e := newExtractor(t, t.TempDir(), pricesSettings, "prices", 100)
	for _, err := range e.Extract(t.Context(), record.Cursor{Until: time.Now()}) {
		if !errors.Is(err, ErrNoBackfill) {
			t.Fatalf("err = %v", err)
		}
		return
	}
	t.Fatal("no error")
}

// TestColumnMapProblems: columns naming no field of the job's data type, two
// columns for one field and attribute columns outside products are config
// problems at their keys, with positions.
func TestColumnMapProblems(t *testing.T) {
	dir := t.TempDir()
	settings := `      key: KONDNR
      columns: {MATNR: sku, PREIS: amount, BETRAG: amount, X: colour}
      attributes:
        FARBE: {attribute: color}`
	f := parse(t, fmt.Sprintf(configText, dir, settings, "prices", "prices", 10))
	job, _ := f.Job("job")
	decoded, sps := api.DecodeSettings(f, "drop")
	if len(sps) > 0 {
		t.Fatal(sps)
	}
	_, err := New(extract.Spec{System: "drop", Config: f, Settings: decoded, Job: job, Log: zerolog.Nop()})
	ps, ok := config.AsProblems(err)
	if !ok || len(ps) != 3 {
		t.Fatalf("err = %v", err)
	}
	want := map[string]string{
		"systems.drop.settings.columns.PREIS": `columns "BETRAG" and "PREIS" both map to "amount"`,
		"systems.drop.settings.columns.X":     `column "X" maps to "colour", which is not a field of prices`,
		"systems.drop.settings.attributes":    "attribute columns are for products, not prices",
	}
	for _, p := range ps {
		if !strings.Contains(p.Msg, want[p.Path]) || want[p.Path] == "" || p.Line == 0 {
			t.Errorf("problem %#v", p)
		}
	}
}
