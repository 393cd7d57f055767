package transform

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/record"
)

// Write is one keyed write of owned fields to one target.
type Write struct {
	Target     string
	ExternalID string
	Fields     map[string]json.RawMessage
}

// Payload encodes the write's fields (map keys sort, so equal writes encode
// equally) and its content hash.
func (w Write) Payload() ([]byte, string, error) {
	b, err := json.Marshal(w.Fields)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(append([]byte(w.ExternalID+"\x00"), b...))
	return b, hex.EncodeToString(sum[:]), nil
}

// FieldsFunc extracts the canonical fields of one record of a data type.
type FieldsFunc func(rec record.Record) (externalID string, fields map[string]json.RawMessage, err error)

var fieldsByType = map[string]FieldsFunc{
	"prices":   priceFields,
	"products": productFields,
}

// Writes returns the writes a changed record causes: one per target, carrying
// only the fields the job owns there. A record whose data type has no field
// mapping causes none.
func Writes(dataType string, rec record.Record, targets []config.Target) ([]Write, error) {
	if len(targets) == 0 {
		return nil, nil
	}
	fn, ok := fieldsByType[dataType]
	if !ok {
		return nil, fmt.Errorf("data type %s has no write-back mapping", dataType)
	}
	id, fields, err := fn(rec)
	if err != nil {
		return nil, fmt.Errorf("transform record %s: %w", rec.Key, err)
	}
	out := make([]Write, 0, len(targets))
	for _, t := range targets {
		owned := map[string]json.RawMessage{}
		for name, v := range fields {
			if slices.Contains(t.Fields, name) {
				owned[name] = v
			}
		}
		if len(owned) > 0 {
			out = append(out, Write{Target: t.System, ExternalID: id, Fields: owned})
		}
	}
	return out, nil
}

func priceFields(rec record.Record) (string, map[string]json.RawMessage, error) {
	var p Price
	if err := json.Unmarshal(rec.Payload, &p); err != nil {
		return "", nil, fmt.Errorf("decode canonical price: %w", err)
	}
	if p.SKU == "" {
		return "", nil, fmt.Errorf("price has no sku")
	}
	if _, err := Decimal(p.Amount); err != nil {
		return "", nil, fmt.Errorf("price of %s: %w", p.SKU, err)
	}
	v, err := json.Marshal(PriceValue{Amount: p.Amount, Currency: p.Currency})
	if err != nil {
		return "", nil, err
	}
	return p.SKU, map[string]json.RawMessage{"price": v}, nil
}

func productFields(rec record.Record) (string, map[string]json.RawMessage, error) {
	var p Product
	if err := json.Unmarshal(rec.Payload, &p); err != nil {
		return "", nil, fmt.Errorf("decode canonical product: %w", err)
	}
	return p.SKU, p.Values, nil
}
