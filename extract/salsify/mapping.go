package salsify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// MaxItemBytes bounds one product; a larger one is quarantined with its key.
const MaxItemBytes = 1 << 20

// System fields of a product document.
const (
	fieldID        = "salsify:id"
	fieldParent    = "salsify:parent_id"
	fieldDestroyed = "salsify:destroyed_at"
)

// mapDoc turns one Salsify product document into a canonical product record.
// Numbers keep their JSON text (never a float). A product carrying
// salsify:destroyed_at (deleted in Salsify) is kept with Enabled false, so
// that the deletion reaches staging instead of vanishing; its record's change
// time stays salsify:updated_at, the field the pass is ordered by.
func mapDoc(raw json.RawMessage, s api.Settings) (record.Record, error) {
	if len(raw) > MaxItemBytes {
		return record.Record{}, fmt.Errorf("product is %d bytes, over the %d byte limit", len(raw), MaxItemBytes)
	}
	if !utf8.Valid(raw) {
		return record.Record{}, fmt.Errorf("product is not valid UTF-8")
	}
	var d map[string]json.RawMessage
	if err := json.Unmarshal(raw, &d); err != nil {
		return record.Record{}, fmt.Errorf("decode product: %w", err)
	}
	pos, err := positionOf(d)
	if err != nil {
		return record.Record{}, err
	}
	p := transform.Product{ID: pos.id, Updated: pos.updated, Enabled: isNull(d[fieldDestroyed])}
	if p.Identifier, err = optText(d, s.ProductIDProperty); err != nil {
		return record.Record{}, err
	}
	if p.Family, err = optText(d, s.FamilyProperty); err != nil {
		return record.Record{}, err
	}
	if p.Parent, err = optText(d, fieldParent); err != nil {
		return record.Record{}, err
	}
	if p.Values, err = values(d, s); err != nil {
		return record.Record{}, err
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return record.Record{}, fmt.Errorf("encode product %q: %w", p.ID, err)
	}
	return record.Record{Key: p.ID, Updated: p.Updated, Payload: payload}, nil
}

// docPosition is a product's place in the listing order.
type docPosition struct {
	id      string
	updated time.Time
}

// positionOf reads salsify:id and salsify:updated_at, both required.
func positionOf(d map[string]json.RawMessage) (docPosition, error) {
	var pos docPosition
	if json.Unmarshal(d[fieldID], &pos.id) != nil || pos.id == "" {
		return pos, fmt.Errorf("product has no %s string", fieldID)
	}
	var ts string
	if json.Unmarshal(d[api.UpdatedAt], &ts) != nil {
		return pos, fmt.Errorf("product %q has no %s string", pos.id, api.UpdatedAt)
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return pos, fmt.Errorf("product %q: %s %q is not an RFC 3339 time", pos.id, api.UpdatedAt, ts)
	}
	pos.updated = t.UTC()
	return pos, nil
}

// values maps the configured properties, and the price, to canonical values.
func values(d map[string]json.RawMessage, s api.Settings) ([]transform.Value, error) {
	var out []transform.Value
	for _, m := range s.Properties {
		v, ok, err := propertyValue(d, m)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", m.Property, err)
		}
		if ok {
			out = append(out, v)
		}
	}
	if s.PriceProperty == "" || isNull(d[s.PriceProperty]) {
		return out, nil
	}
	raw, err := single(d[s.PriceProperty])
	if err != nil || raw == nil {
		return out, errOrNil(s.PriceProperty, err)
	}
	amount, err := number(raw)
	if err != nil {
		return nil, fmt.Errorf("property %q: %w", s.PriceProperty, err)
	}
	return append(out, transform.Value{Attribute: s.PriceAttribute, Kind: transform.KindPrices,
		Amounts: []transform.PriceValue{{Amount: amount, Currency: s.PriceCurrency}}}), nil
}

func errOrNil(prop string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("property %q: %w", prop, err)
}

// propertyValue reads one mapped property; ok is false when it is absent,
// null or an empty list.
func propertyValue(d map[string]json.RawMessage, m api.Property) (transform.Value, bool, error) {
	v := transform.Value{Attribute: m.Attribute, Locale: m.Locale, Channel: m.Channel, Kind: transform.Kind(m.Kind)}
	raw := d[m.Property]
	if isNull(raw) {
		return v, false, nil
	}
	if v.Kind == transform.KindOptions {
		opts, err := options(raw)
		v.Options = opts
		return v, len(opts) > 0, err
	}
	one, err := single(raw)
	if err != nil || one == nil {
		return v, false, err
	}
	switch v.Kind {
	case transform.KindNumber:
		v.Number, err = number(one)
	case transform.KindMetric:
		if v.Number, err = number(one); err == nil {
			v.Unit, err = optText(d, m.UnitProperty)
		}
	case transform.KindBoolean:
		v.Bool, err = boolean(one)
	default:
		// An empty text is no value, as the canonical model wants it.
		v.Text, err = text(one)
		return v, err == nil && v.Text != "", err
	}
	return v, err == nil, err
}

// single unwraps a multi-valued property holding one value; nil for an empty
// list. More than one value for a single-valued kind is an error, never a
// value silently dropped.
func single(raw json.RawMessage) (json.RawMessage, error) {
	if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
		return raw, nil
	}
	var vs []json.RawMessage
	if err := json.Unmarshal(raw, &vs); err != nil {
		return nil, err
	}
	switch len(vs) {
	case 0:
		return nil, nil
	case 1:
		return vs[0], nil
	}
	return nil, fmt.Errorf("holds %d values; map it with kind options to keep them all", len(vs))
}

func options(raw json.RawMessage) ([]string, error) {
	var vs []json.RawMessage
	if json.Unmarshal(raw, &vs) != nil {
		vs = []json.RawMessage{raw}
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		s, err := text(v)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

var decimalRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// number returns a JSON number's text, or a string holding a decimal, exactly.
func number(raw json.RawMessage) (string, error) {
	t := string(bytes.TrimSpace(raw))
	var s string
	if json.Unmarshal(raw, &s) == nil {
		t = strings.TrimSpace(s)
	}
	if decimalRE.MatchString(t) {
		return t, nil
	}
	return "", fmt.Errorf("%s is not a decimal number", clip(raw))
}

// text reads a string, or a number's text.
func text(raw json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	if t := string(bytes.TrimSpace(raw)); decimalRE.MatchString(t) {
		return t, nil
	}
	return "", fmt.Errorf("%s is not text", clip(raw))
}

func boolean(raw json.RawMessage) (*bool, error) {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return &b, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && (s == "true" || s == "false") {
		b = s == "true"
		return &b, nil
	}
	return nil, fmt.Errorf("%s is not a boolean", clip(raw))
}

// optText reads an optional single text property ("" when absent or null).
func optText(d map[string]json.RawMessage, prop string) (string, error) {
	if prop == "" || isNull(d[prop]) {
		return "", nil
	}
	one, err := single(d[prop])
	if err != nil || one == nil {
		return "", errOrNil(prop, err)
	}
	s, err := text(one)
	return s, errOrNil(prop, err)
}

func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

func clip(raw json.RawMessage) string {
	if len(raw) > 60 {
		return string(raw[:60]) + "…"
	}
	return string(raw)
}
