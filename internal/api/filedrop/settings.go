// Package filedrop reads and writes file drops, the legacy export pattern: CSV
// or NDJSON files placed in a folder by another system. It holds a file drop
// system's settings, the folder (which files are complete, their content
// hashes, moving them to processed/ or rejected/), the row readers with their
// declared encodings, and the cursor state that remembers finished files. It
// knows nothing of pipelines; the extractor and loader build on it. A file
// drop is not an HTTP system: it has no base_url and no client.
//
// A price export of an ERP, read as a source:
//
//	systems:
//	  erp_drop:
//	    kind: filedrop
//	    settings:
//	      folder: /data/drops/prices
//	      format: csv            # or ndjson
//	      encoding: latin-1      # or utf-8 (default; a byte order mark is skipped)
//	      delimiter: ";"
//	      pattern: "prices_*.csv"
//	      done_marker: true      # read prices_1.csv only once prices_1.csv.done exists
//	      stable_for: 30s        # and once it has not changed for 30 s
//	      key: KONDNR
//	      updated: GEAENDERT
//	      columns: {MATNR: sku, PREIS: amount, WAEHRUNG: currency, GUELTIG_AB: valid_from}
//
// Products map attribute columns as well:
//
//	attributes:
//	  NAME_DE: {attribute: name, locale: de_DE, kind: text}
//	  GEWICHT: {attribute: weight, kind: metric, unit: KILOGRAM}
package filedrop

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/stewardhq/steward/config"
)

// Formats.
const (
	CSV    = "csv"
	NDJSON = "ndjson"
)

// Encodings.
const (
	UTF8   = "utf-8"
	Latin1 = "latin-1"
)

// Settings is a file drop system's own config section.
type Settings struct {
	// Folder is the drop folder (a source reads it, a target writes exports to it).
	Folder string `yaml:"folder"`
	// Format is csv (default) or ndjson.
	Format string `yaml:"format"`
	// Encoding is utf-8 (default; a leading byte order mark is skipped) or
	// latin-1 (ISO 8859-1).
	Encoding string `yaml:"encoding"`
	// Delimiter separates CSV fields (default ",").
	Delimiter string `yaml:"delimiter"`
	// Header says the first CSV row names the columns (default true).
	Header *bool `yaml:"header"`
	// Names are the column names by position when a CSV file has no header.
	Names []string `yaml:"names"`
	// Columns maps a column to a canonical field of the job's data type.
	Columns map[string]string `yaml:"columns"`
	// Attributes maps a column to a product attribute value (products only).
	Attributes map[string]Attribute `yaml:"attributes"`
	// Key is the column holding the record key.
	Key string `yaml:"key"`
	// Updated is the optional column holding the record's change time.
	Updated string `yaml:"updated"`
	// Pattern is the glob a file's name must match (default "*").
	Pattern string `yaml:"pattern"`
	// DoneMarker: a file is complete only once "<name>.done" exists beside it.
	DoneMarker bool `yaml:"done_marker"`
	// StableFor: a file is complete only when it has not changed for this long.
	StableFor config.Duration `yaml:"stable_for"`
	// Processed and Rejected are the subfolders finished files move to.
	Processed string `yaml:"processed"`
	Rejected  string `yaml:"rejected"`
}

// Attribute is where a column's value goes in a canonical product.
type Attribute struct {
	Attribute string `yaml:"attribute"`
	Locale    string `yaml:"locale"`
	Channel   string `yaml:"channel"`
	// Kind is the value's kind (text, number, metric, prices, option,
	// options, boolean, date, media); text by default.
	Kind string `yaml:"kind"`
	// Unit is a metric's unit; Currency a price column's currency.
	Unit     string `yaml:"unit"`
	Currency string `yaml:"currency"`
}

// Kinds are the attribute kinds a column may hold.
var Kinds = []string{"text", "number", "metric", "prices", "option", "options", "boolean", "date", "media"}

// HasHeader reports whether CSV files start with a header row.
func (s Settings) HasHeader() bool { return s.Header == nil || *s.Header }

// Comma returns the CSV delimiter as a rune.
func (s Settings) Comma() rune { r, _ := utf8.DecodeRuneInString(s.Delimiter); return r }

// StableWait returns stable_for as a time.Duration.
func (s Settings) StableWait() time.Duration { return time.Duration(s.StableFor) }

// DecodeSettings reads and checks a system's settings section.
func DecodeSettings(f *config.File, system string) (Settings, config.Problems) {
	s := Settings{Format: CSV, Encoding: UTF8, Delimiter: ",", Pattern: "*", Processed: "processed", Rejected: "rejected"}
	ps := f.Section(system, &s)
	p := "systems." + system + ".settings"
	add := func(key, msg, hint string) { ps = append(ps, f.Problem(p+key, msg, hint)) }
	if s.Folder == "" {
		add(".folder", "folder is missing", "the drop folder's path, e.g. /data/drops/prices")
	}
	if !slices.Contains([]string{CSV, NDJSON}, s.Format) {
		add(".format", fmt.Sprintf("format %q is not a file format", s.Format), "csv or ndjson")
	}
	if !slices.Contains([]string{UTF8, Latin1}, s.Encoding) {
		add(".encoding", fmt.Sprintf("encoding %q is not supported", s.Encoding), "utf-8 (a byte order mark is skipped) or latin-1")
	}
	if r, n := utf8.DecodeRuneInString(s.Delimiter); n == 0 || n != len(s.Delimiter) || r == '"' || r == '\n' || r == '\r' || r == utf8.RuneError {
		add(".delimiter", fmt.Sprintf("delimiter %q is not one character", s.Delimiter), `one character other than a quote or line break, e.g. ";" or "\t"`)
	}
	if !s.HasHeader() && len(s.Names) == 0 && s.Format != NDJSON {
		add(".header", "header is false but no names are given", "list the columns by position under names, or set header: true")
	}
	if _, err := path.Match(s.Pattern, "x"); err != nil {
		add(".pattern", fmt.Sprintf("pattern %q is not a glob", s.Pattern), `a file name glob such as "*.csv"`)
	}
	for _, key := range []struct{ key, dir string }{{".processed", s.Processed}, {".rejected", s.Rejected}} {
		if key.dir == "" || filepath.Base(key.dir) != key.dir || key.dir == "." || key.dir == ".." {
			add(key.key, fmt.Sprintf("%s %q is not a subfolder name", key.key[1:], key.dir), "a plain folder name inside the drop folder, e.g. processed")
		}
	}
	if s.StableFor < 0 {
		add(".stable_for", "stable_for is negative", "a duration such as 30s, or leave it out")
	}
	ps = append(ps, s.checkColumns(f, p)...)
	return s, ps
}

// CheckSettings reports every problem in a system's settings section.
func CheckSettings(f *config.File, system string) config.Problems {
	_, ps := DecodeSettings(f, system)
	return ps
}

func (s Settings) checkColumns(f *config.File, p string) config.Problems {
	var ps config.Problems
	for _, col := range sortedKeys(s.Attributes) {
		a := s.Attributes[col]
		if a.Attribute == "" {
			ps = append(ps, f.Problem(p+".attributes."+col, "attribute is missing", "the attribute code the column fills, e.g. color"))
		}
		if a.Kind != "" && !slices.Contains(Kinds, a.Kind) {
			ps = append(ps, f.Problem(p+".attributes."+col+".kind", fmt.Sprintf("kind %q is not a value kind", a.Kind), "one of: "+fmt.Sprint(Kinds)))
		}
		if a.Kind == "prices" && a.Currency == "" {
			ps = append(ps, f.Problem(p+".attributes."+col+".currency", "a prices column has no currency", "the ISO 4217 code of the column's amounts, e.g. EUR"))
		}
	}
	return ps
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
