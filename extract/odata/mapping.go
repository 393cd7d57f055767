package odata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// MaxEntityBytes bounds one entity; a larger one is quarantined with its key.
const MaxEntityBytes = 1 << 20

// sapPriceMap maps the canonical price to SAP's sales price condition
// record: the default property names of an entity mapped as
// api.CanonicalPrice, which its map may rename.
var sapPriceMap = map[string]string{
	"sku": "Material", "amount": "ConditionRateValue", "currency": "ConditionRateValueUnit",
	"per": "ConditionQuantity", "unit": "ConditionQuantityUnit",
	"valid_from": "ConditionValidityStartDate", "valid_to": "ConditionValidityEndDate",
}

// mapper turns entities into canonical records: the canonical price for an
// entity set mapped as api.CanonicalPrice, else the entity's properties as
// they are (renamed by its map).
type mapper struct {
	price       bool
	key         []string
	cursorField string
	fields      map[string]string
}

func newMapper(job config.Job, ent api.Entity) (mapper, error) {
	m := mapper{price: ent.Canonical == api.CanonicalPrice, key: ent.Key, cursorField: job.Extract.CursorField, fields: map[string]string{}}
	if m.price {
		maps.Copy(m.fields, sapPriceMap)
	}
	maps.Copy(m.fields, ent.Map)
	return m, nil
}

func (m mapper) mapAll(items []json.RawMessage) ([]record.Record, []record.Quarantined) {
	recs := make([]record.Record, 0, len(items))
	var bad []record.Quarantined
	for i, raw := range items {
		r, err := m.mapOne(raw)
		if err != nil {
			if r.Key == "" {
				r.Key = m.peekKey(raw)
			}
			bad = append(bad, record.Quarantined{Key: r.Key, Raw: record.Clip(raw), Reason: fmt.Sprintf("entity %d: %v", i, err)})
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad
}

func (m mapper) mapOne(raw json.RawMessage) (record.Record, error) {
	var r record.Record
	if len(raw) > MaxEntityBytes {
		return r, fmt.Errorf("entity is %d bytes, over the %d byte limit", len(raw), MaxEntityBytes)
	}
	if !utf8.Valid(raw) {
		return r, fmt.Errorf("entity is not valid UTF-8")
	}
	props := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&props); err != nil {
		return r, fmt.Errorf("decode entity: %w", err)
	}
	for k := range props {
		if strings.Contains(k, "@") {
			delete(props, k) // annotations such as @odata.etag are not data
		}
	}
	key, err := m.keyOf(props)
	r.Key = key
	if err != nil {
		return r, err
	}
	if m.cursorField != "" {
		if r.Updated, err = m.updated(props); err != nil {
			return r, fmt.Errorf("entity %s: %w", key, err)
		}
	}
	r.Payload, err = m.canonical(key, props)
	if err != nil {
		return r, fmt.Errorf("entity %s: %w", key, err)
	}
	return r, nil
}

func (m mapper) keyOf(props map[string]any) (string, error) {
	parts := make([]string, len(m.key))
	for i, k := range m.key {
		v, ok := props[k]
		if !ok || v == nil {
			return strings.Join(parts[:i], "/"), fmt.Errorf("key property %s is missing", k)
		}
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, "/"), nil
}

// peekKey reads the key of an entity that could not be decoded whole from
// its key properties alone, "" when they cannot be read.
func (m mapper) peekKey(raw json.RawMessage) string {
	props, err := lenientProps(raw)
	if err != nil {
		return ""
	}
	key, err := m.keyOf(props)
	if err != nil {
		return ""
	}
	return key
}

func (m mapper) updated(props map[string]any) (time.Time, error) {
	s, ok := props[m.cursorField].(string)
	if !ok {
		return time.Time{}, fmt.Errorf("cursor field %s is missing or not a string", m.cursorField)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("cursor field %s: %q is not a DateTimeOffset", m.cursorField, s)
	}
	return t.UTC(), nil
}

func (m mapper) canonical(key string, props map[string]any) ([]byte, error) {
	if !m.price {
		return json.Marshal(props)
	}
	get := func(field string) (string, error) {
		v, ok := props[m.fields[field]]
		if !ok || v == nil {
			return "", fmt.Errorf("property %s (canonical %s) is missing", m.fields[field], field)
		}
		return fmt.Sprint(v), nil
	}
	var p transform.Price
	var err error
	if p.SKU, err = get("sku"); err != nil {
		return nil, err
	}
	if p.Currency, err = get("currency"); err != nil {
		return nil, err
	}
	if p.Amount, err = m.amount(props, p.Currency); err != nil {
		return nil, err
	}
	p.Per, _ = get("per")
	p.Unit, _ = get("unit")
	p.ValidFrom, _ = get("valid_from")
	p.ValidTo, _ = get("valid_to")
	p.SourceID = key
	return json.Marshal(p)
}

// amount reads an Edm.Decimal sent as a JSON number (servers ignoring
// IEEE754Compatible=true) or a string, exactly, and writes it with the
// currency's ISO 4217 decimals: 180 EUR becomes "180.00".
func (m mapper) amount(props map[string]any, currency string) (string, error) {
	name := m.fields["amount"]
	var text string
	switch v := props[name].(type) {
	case json.Number:
		text = v.String()
	case string:
		text = v
	case nil:
		return "", fmt.Errorf("property %s (canonical amount) is missing", name)
	default:
		return "", fmt.Errorf("property %s: %v is not a decimal number or string", name, v)
	}
	a, err := transform.FormatAmount(text, currency)
	if err != nil {
		return "", fmt.Errorf("property %s: %w", name, err)
	}
	return a, nil
}
