package pimcore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// MaxItemBytes bounds one object; a larger one is quarantined with its id.
const MaxItemBytes = 1 << 20

// mapper turns Datahub object nodes into canonical products.
type mapper struct {
	s api.Settings
	// slots are the mapped fields' answer keys (newMapper lists them).
	slots []slot
	// keys holds one string of each answer key the query asks for, so
	// that splitNode allocates none (read only, shared by partitions).
	keys map[string]string
}

// newMapper lists the answer keys of s once.
func newMapper(s api.Settings) mapper {
	m := mapper{s: s, slots: slotsOf(s), keys: map[string]string{}}
	for _, k := range []string{"id", "modificationDate", "published", s.IdentifierField, s.FamilyField, s.PriceField, api.ParentAlias, api.VariantsAlias} {
		m.keys[k] = k
	}
	for _, sl := range m.slots {
		m.keys[sl.key] = sl.key
	}
	return m
}

// nodes maps a page's nodes; a node that cannot be understood is
// quarantined with its id, raw bytes and the reason, the rest kept.
func (m mapper) nodes(nodes []json.RawMessage) ([]record.Record, []record.Quarantined) {
	recs := make([]record.Record, 0, len(nodes))
	var bad []record.Quarantined
	for i, raw := range nodes {
		r, err := m.node(raw)
		if errors.Is(err, errModel) {
			continue
		}
		if err != nil {
			bad = append(bad, record.Quarantined{Key: api.PeekID(raw), Raw: record.Clip(raw), Reason: fmt.Sprintf("object %d: %v", i, err)})
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad
}

func (m mapper) node(raw json.RawMessage) (record.Record, error) {
	switch {
	case len(raw) > MaxItemBytes:
		return record.Record{}, fmt.Errorf("object is %d bytes, over the %d byte limit", len(raw), MaxItemBytes)
	case !utf8.Valid(raw):
		return record.Record{}, fmt.Errorf("object is not valid UTF-8")
	}
	n, ok := splitNode(raw, m.keys)
	if !ok {
		n = nil
		if err := json.Unmarshal(raw, &n); err != nil || n == nil {
			return record.Record{}, fmt.Errorf("decode object: %v", orNull(err))
		}
	}
	p, err := m.product(n)
	if err != nil {
		if id := api.PeekID(raw); id != "" {
			return record.Record{}, fmt.Errorf("object %s: %w", id, err)
		}
		return record.Record{}, err
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return record.Record{}, fmt.Errorf("object %s: encode: %w", p.ID, err)
	}
	return record.Record{Key: p.ID, Updated: p.Updated, Payload: payload}, nil
}

func orNull(err error) error {
	if err == nil {
		return fmt.Errorf("the node is null")
	}
	return err
}

// product reads the system fields and every mapped field of a node.
func (m mapper) product(n map[string]json.RawMessage) (transform.Product, error) {
	var p transform.Product
	id, err := objectID(n)
	if err != nil {
		return p, err
	}
	p.ID = id
	mod, err := intField(n, "modificationDate")
	if err != nil {
		return p, err
	}
	p.Updated = time.Unix(mod, 0).UTC()
	if err := need(n, "published", &p.Enabled); err != nil {
		return p, err
	}
	if p.Identifier, err = optString(n, m.s.IdentifierField); err != nil {
		return p, err
	}
	if m.s.FamilyField != "" {
		if p.Family, err = optString(n, m.s.FamilyField); err != nil {
			return p, err
		}
	}
	if p.Values, err = m.values(n); err != nil {
		return p, err
	}
	if m.s.Variants {
		return p, m.tree(n, &p)
	}
	return p, nil
}

// objectID reads the id, a string of digits (an integer is taken too).
func objectID(n map[string]json.RawMessage) (string, error) {
	raw, ok := n["id"]
	if !ok {
		return "", fmt.Errorf("field id is missing from the answer")
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	if _, err := strconv.ParseUint(s, 10, 63); err != nil || s == "0" {
		return "", fmt.Errorf("id %s is not an object id", raw)
	}
	return s, nil
}

func intField(n map[string]json.RawMessage, name string) (int64, error) {
	raw, ok := n[name]
	if !ok {
		return 0, fmt.Errorf("field %s is missing from the answer", name)
	}
	v, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("field %s: %s is not an integer", name, raw)
	}
	return v, nil
}

// need decodes a required, non-null field.
func need(n map[string]json.RawMessage, name string, v any) error {
	raw, ok := n[name]
	if !ok || string(raw) == "null" {
		return fmt.Errorf("field %s is missing from the answer", name)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("field %s: %s is not a %T", name, clip(raw), v)
	}
	return nil
}

// present returns a field's raw value; ok is false for null. A field the
// query asked for but the answer lacks is an error (schema drift).
func present(n map[string]json.RawMessage, name string) (json.RawMessage, bool, error) {
	raw, ok := n[name]
	if !ok {
		return nil, false, fmt.Errorf("field %s is missing from the answer", name)
	}
	return raw, string(bytes.TrimSpace(raw)) != "null", nil
}

func optString(n map[string]json.RawMessage, name string) (string, error) {
	raw, ok, err := present(n, name)
	if err != nil || !ok {
		return "", err
	}
	var s string
	if err := unquote(raw, &s); err != nil {
		return "", fmt.Errorf("field %s: %s is not a string", name, clip(raw))
	}
	return s, nil
}

func clip(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
