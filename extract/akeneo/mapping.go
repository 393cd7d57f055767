package akeneo

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/stewardhq/steward/internal/rawjson"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// MaxItemBytes bounds one product; a larger one is quarantined with its key.
const MaxItemBytes = 1 << 20

// product is the part of an Akeneo product the canonical model needs.
type product struct {
	UUID       string                     `json:"uuid"`
	Identifier string                     `json:"identifier"`
	Enabled    *bool                      `json:"enabled"`
	Family     *string                    `json:"family"`
	Parent     *string                    `json:"parent"`
	Categories []string                   `json:"categories"`
	Values     map[string]json.RawMessage `json:"values"`
	Updated    string                     `json:"updated"`
}

type value struct {
	Locale *string         `json:"locale"`
	Scope  *string         `json:"scope"`
	Data   json.RawMessage `json:"data"`
}

// mapItems turns API items into canonical products (transform.Product, see
// values.go for the values); items that cannot be
// understood are quarantined with their raw bytes and the reason.
func mapItems(items []json.RawMessage, identifierAttr string, kinds map[string]transform.Kind) ([]record.Record, []record.Quarantined) {
	recs := make([]record.Record, 0, len(items))
	var bad []record.Quarantined
	m := newMapper()
	size := 0
	for _, raw := range items {
		size += len(raw)
	}
	buf := make([]byte, 0, size) // the page's payloads, in one allocation
	for i, raw := range items {
		r, err := mapItemFast(m, &buf, raw, identifierAttr, kinds)
		if err != nil {
			bad = append(bad, record.Quarantined{Key: peekUUID(raw), Raw: record.Clip(raw), Reason: fmt.Sprintf("item %d: %v", i, err)})
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad
}

// mapItemFast maps an item by the fast path (fast.go) when it can, its
// payload appended to buf, and by mapItem otherwise.
func mapItemFast(m *mapper, buf *[]byte, raw json.RawMessage, identifierAttr string, kinds map[string]transform.Kind) (record.Record, error) {
	if err := checkItem(raw); err != nil {
		return record.Record{}, err
	}
	c, ok := mapFast(m, raw, identifierAttr, kinds)
	if !ok {
		return mapItem(raw, identifierAttr, kinds)
	}
	if cap(c.Values) > cap(m.values) {
		m.values = c.Values[:0]
	}
	start := len(*buf)
	b, err := c.AppendJSON(*buf)
	if err != nil {
		return record.Record{}, fmt.Errorf("product %s: encode: %w", c.ID, err)
	}
	*buf = b
	return record.Record{Key: c.ID, Updated: c.Updated, Payload: b[start:len(b):len(b)]}, nil
}

// checkItem refuses an item too large or not UTF-8, before any decoding.
func checkItem(raw []byte) error {
	if len(raw) > MaxItemBytes {
		return fmt.Errorf("product is %d bytes, over the %d byte limit", len(raw), MaxItemBytes)
	}
	if !utf8.Valid(raw) {
		return fmt.Errorf("product is not valid UTF-8")
	}
	return nil
}

// mapItem maps an item with encoding/json: the reference the fast path is
// tested against, and the path of every item the fast path leaves.
func mapItem(raw json.RawMessage, identifierAttr string, kinds map[string]transform.Kind) (record.Record, error) {
	if err := checkItem(raw); err != nil {
		return record.Record{}, err
	}
	var p product
	if err := json.Unmarshal(raw, &p); err != nil {
		return record.Record{}, fmt.Errorf("decode product: %w", err)
	}
	if p.UUID == "" {
		return record.Record{}, fmt.Errorf("product has no uuid")
	}
	updated, err := time.Parse(time.RFC3339, p.Updated)
	if err != nil {
		return record.Record{}, fmt.Errorf("product %s: updated %q is not an RFC 3339 time", p.UUID, p.Updated)
	}
	vals, err := canonicalValues(p.Values, kinds)
	if err != nil {
		return record.Record{}, fmt.Errorf("product %s: %w", p.UUID, err)
	}
	c := transform.Product{ID: p.UUID, Identifier: p.Identifier, Categories: p.Categories, Values: vals, Updated: updated.UTC()}
	if c.Identifier == "" {
		c.Identifier = identifierValue(p.Values[identifierAttr])
	}
	if p.Enabled != nil {
		c.Enabled = *p.Enabled
	}
	if p.Family != nil {
		c.Family = *p.Family
	}
	if p.Parent != nil {
		c.Parent = *p.Parent
	}
	payload, err := json.Marshal(c)
	if err != nil {
		return record.Record{}, fmt.Errorf("product %s: encode: %w", p.UUID, err)
	}
	return record.Record{Key: p.UUID, Updated: updated.UTC(), Payload: payload}, nil
}

func identifierValue(raw json.RawMessage) string {
	var vs []value
	if json.Unmarshal(raw, &vs) != nil || len(vs) == 0 {
		return ""
	}
	var s string
	_ = json.Unmarshal(vs[0].Data, &s)
	return s
}

// peekUUID reads an item's uuid, leniently when the item as a whole cannot
// be decoded, so that a quarantined item keeps its key where it can.
func peekUUID(raw json.RawMessage) string {
	var p struct {
		UUID string `json:"uuid"`
	}
	if json.Unmarshal(raw, &p) == nil {
		return p.UUID
	}
	members, err := rawjson.Members(raw)
	if err != nil {
		return ""
	}
	for _, m := range members {
		if m.Key == "uuid" && json.Unmarshal(m.Value, &p.UUID) == nil {
			return p.UUID
		}
	}
	return ""
}
