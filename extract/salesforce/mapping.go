package salesforce

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// MaxItemBytes bounds one record; a larger one is quarantined with its key.
const MaxItemBytes = 1 << 20

// timeFields are canonical fields holding datetimes.
var timeFields = map[string]bool{"changed": true, "created": true}

// mapper turns one native record into a canonical record.
type mapper struct {
	dataType string
	obj      api.Object
}

// idRE finds a record's Id in raw bytes that could not be decoded.
var idRE = regexp.MustCompile(`"Id"\s*:\s*"([^"\\]{1,64})"`)

// keyOf is the record's Id found in raw bytes, "" when none.
func keyOf(raw []byte) string {
	if m := idRE.FindSubmatch(raw); m != nil {
		return string(m[1])
	}
	return ""
}

// native decodes one record into its fields, numbers kept as text.
func native(raw []byte) (map[string]json.RawMessage, error) {
	if len(raw) > MaxItemBytes {
		return nil, fmt.Errorf("record is %d bytes, over the %d byte limit", len(raw), MaxItemBytes)
	}
	if !utf8.Valid(raw) {
		return nil, fmt.Errorf("record is not valid UTF-8")
	}
	var d map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	if d == nil {
		return nil, fmt.Errorf("record is null")
	}
	return d, nil
}

// fields reads the mapped native fields into canonical values: text as
// strings, datetimes parsed to UTC, booleans kept.
func (m mapper) fields(d map[string]json.RawMessage) (map[string]any, error) {
	out := map[string]any{}
	for canon, nat := range m.obj.Fields {
		raw, ok := d[nat]
		if !ok || string(raw) == "null" {
			continue
		}
		v, err := scalar(raw)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", nat, err)
		}
		if s, isText := v.(string); isText && timeFields[canon] {
			t, err := api.ParseTime(s)
			if err != nil {
				return nil, fmt.Errorf("field %s: %w", nat, err)
			}
			v = t
		}
		out[canon] = v
	}
	return out, nil
}

// scalar reads a string, number (as its text) or boolean.
func scalar(raw json.RawMessage) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case string, bool:
		return x, nil
	case json.Number:
		return x.String(), nil
	}
	return nil, fmt.Errorf("value %s is not a string, number or boolean", truncate(raw))
}

func truncate(b []byte) string {
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}

// Map turns one raw record into a canonical record of the data type.
func (m mapper) Map(raw []byte) (record.Record, error) {
	d, err := native(raw)
	if err != nil {
		return record.Record{}, err
	}
	f, err := m.fields(d)
	if err != nil {
		return record.Record{}, err
	}
	id, _ := f["id"].(string)
	changed, _ := f["changed"].(time.Time)
	if id == "" || changed.IsZero() {
		return record.Record{}, fmt.Errorf("record lacks %s or %s", m.obj.Fields["id"], m.obj.Fields["changed"])
	}
	payload, err := m.payload(f)
	if err != nil {
		return record.Record{}, fmt.Errorf("record %s: %w", id, err)
	}
	return record.Record{Key: id, Updated: changed, Payload: payload}, nil
}

// payload builds the canonical JSON of the data type.
func (m mapper) payload(f map[string]any) (json.RawMessage, error) {
	switch m.dataType {
	case "customers":
		return viaJSON(f, &transform.Customer{})
	case "leads":
		return viaJSON(f, &transform.Lead{})
	case "products":
		return json.Marshal(product(f))
	}
	return nil, fmt.Errorf("data type %q is not read from Salesforce", m.dataType)
}

// viaJSON fills v (tagged with the canonical names) from f; a value of the
// wrong type is an error, never dropped.
func viaJSON(f map[string]any, v any) (json.RawMessage, error) {
	b, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, fmt.Errorf("canonical fields: %w", err)
	}
	return json.Marshal(v)
}

// product builds a canonical product from Product2's fields.
func product(f map[string]any) transform.Product {
	text := func(k string) string { s, _ := f[k].(string); return s }
	p := transform.Product{ID: text("id"), Identifier: text("identifier"), Family: text("family")}
	if p.Identifier == "" {
		p.Identifier = text("product_code")
	}
	p.Enabled, _ = f["enabled"].(bool)
	p.Updated, _ = f["changed"].(time.Time)
	for _, a := range []string{"name", "description"} {
		if s := text(a); s != "" {
			p.Values = append(p.Values, transform.Value{Attribute: a, Locale: Locale, Kind: transform.KindText, Text: s})
		}
	}
	return p
}

// Locale is the locale Product2's Name and Description are read as.
const Locale = "en_US"
