package dataverse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/transform"
)

// row is one entity's columns as received.
type row map[string]json.RawMessage

// text reads a column as text: a string, a number's or boolean's literal,
// "" for null or absent. Objects and arrays are refused.
func (r row) text(col string) (string, error) {
	raw := bytes.TrimSpace(r[col])
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case '{', '[':
		return "", fmt.Errorf("column %s holds %c…, want a string", col, raw[0])
	}
	return string(raw), nil
}

// time reads a DateTimeOffset column in UTC ("" is the zero time).
func (r row) time(col string) (time.Time, error) {
	s, err := r.text(col)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("column %s: %w", col, err)
	}
	return t.UTC(), nil
}

// canonical builds the canonical JSON of one row for a data type.
func canonical(dataType string, t api.Table, r row, id string, changed time.Time, currency string) (json.RawMessage, error) {
	switch dataType {
	case "products":
		return product(t, r, id, changed, currency)
	case "customers":
		return flat[transform.Customer](t, r, map[string]any{"id": id, "changed": changed})
	case "leads":
		return flat[transform.Lead](t, r, map[string]any{"id": id, "changed": changed})
	}
	return nil, fmt.Errorf("data type %q is not read from Dataverse", dataType)
}

// flat maps a row of flat text columns onto canonical type T: each mapped
// canonical field gets its column's text; a mapping to a field T lacks is
// an error, never dropped.
func flat[T any](t api.Table, r row, fixed map[string]any) (json.RawMessage, error) {
	m := fixed
	for c, col := range t.Fields {
		v, err := r.text(col)
		if err != nil {
			return nil, err
		}
		if c == "domain" {
			v = domainOf(v)
		}
		if v != "" {
			m[c] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var out T
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("map to canonical %T: %w", out, err)
	}
	return json.Marshal(out)
}

// product maps a products row: the SKU is the identifier, name and
// description are en_US text values, price a prices value in currency.
func product(t api.Table, r row, id string, changed time.Time, currency string) (json.RawMessage, error) {
	p := transform.Product{ID: id, Enabled: true, Updated: changed}
	for c, col := range t.Fields {
		v, err := r.text(col)
		if err != nil || v == "" {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch c {
		case "identifier":
			p.Identifier = v
		case "price":
			p.Values = append(p.Values, transform.Value{Attribute: "price", Kind: transform.KindPrices, Amounts: []transform.PriceValue{{Amount: v, Currency: currency}}})
		default:
			p.Values = append(p.Values, transform.Value{Attribute: c, Locale: "en_US", Kind: transform.KindText, Text: v})
		}
	}
	sortValues(p.Values)
	return json.Marshal(p)
}

// sortValues orders values by attribute, so a product maps the same way
// every time.
func sortValues(vs []transform.Value) {
	slices.SortFunc(vs, func(a, b transform.Value) int { return strings.Compare(a.Attribute, b.Attribute) })
}

// domainOf reduces a website column ("https://acme.example/contact") to
// the web domain the canonical lead holds ("acme.example").
func domainOf(site string) string {
	s := strings.TrimSpace(site)
	if _, rest, ok := strings.Cut(s, "://"); ok {
		s = rest
	}
	s, _, _ = strings.Cut(s, "/")
	return strings.ToLower(s)
}
