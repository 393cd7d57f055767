package odata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/rawjson"
)

// position is where a keyset page ends: the cursor and key literals of the
// last row read.
type position struct {
	cursor string
	keys   []string
}

// after is the $filter clause selecting the rows after p in the order
// cursor, key…: (c gt X) or (c eq X and k1 gt K1) or (c eq X and k1 eq K1 and k2 gt K2) …
// A position without a cursor (in the null stretch) orders by key alone.
func (e *Extractor) after(p position) string {
	var alts []string
	var eq []string
	if c := e.job.Extract.CursorField; c != "" && p.cursor != "" {
		alts = append(alts, "("+c+" gt "+p.cursor+")")
		eq = append(eq, c+" eq "+p.cursor)
	}
	for i, k := range e.entity.Key {
		alts = append(alts, "("+strings.Join(append(append([]string{}, eq...), k+" gt "+p.keys[i]), " and ")+")")
		eq = append(eq, k+" eq "+p.keys[i])
	}
	return "(" + strings.Join(alts, " or ") + ")"
}

// order is the key set's $orderby: the cursor field, then the key properties.
func (e *Extractor) order() []string {
	var out []string
	if c := e.job.Extract.CursorField; c != "" {
		out = append(out, c)
	}
	return append(out, e.entity.Key...)
}

// lastPosition returns the position of the last entity of a page that has a
// readable cursor and key (the key alone in the null stretch); entities after
// it are requested again.
func (e *Extractor) lastPosition(items []json.RawMessage, nulls bool) (position, error) {
	var lastErr error
	for i := len(items) - 1; i >= 0; i-- {
		p, err := e.positionOf(items[i], nulls)
		if err == nil {
			return p, nil
		}
		lastErr = err
	}
	return position{}, fmt.Errorf("no entity of the page carries a readable cursor and key to page on: %w", lastErr)
}

// positionOf reads an entity's cursor (unless in the null stretch) and key,
// leniently: a poisoned entity still has a position when these properties
// themselves can be read.
func (e *Extractor) positionOf(raw json.RawMessage, nulls bool) (position, error) {
	props, err := lenientProps(raw)
	if err != nil {
		return position{}, err
	}
	var p position
	if c := e.job.Extract.CursorField; c != "" && !nulls {
		t, err := e.mapper.updated(props)
		if err != nil {
			return p, err
		}
		p.cursor = api.Time(t)
	}
	if p.keys, err = e.keyLiterals(props); err != nil {
		return p, err
	}
	return p, nil
}

func (e *Extractor) keyLiterals(props map[string]any) ([]string, error) {
	var out []string
	for _, k := range e.entity.Key {
		lit, err := api.Literal(e.entity.KeyTypes[k], props[k])
		if err != nil {
			return nil, fmt.Errorf("entity %s, key property %s: %w", e.job.Extract.Entity, k, err)
		}
		out = append(out, lit)
	}
	return out, nil
}

// lenientProps decodes an entity's top-level properties; when the entity
// cannot be decoded whole, each property that decodes on its own is kept.
func lenientProps(raw json.RawMessage) (map[string]any, error) {
	props := map[string]any{}
	if decodeNumber(raw, &props) == nil {
		return props, nil
	}
	members, err := rawjson.Members(raw)
	if err != nil {
		return nil, fmt.Errorf("read entity: %w", err)
	}
	for _, m := range members {
		var v any
		if decodeNumber(m.Value, &v) == nil {
			props[m.Key] = v
		}
	}
	return props, nil
}

func decodeNumber(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

// bounds is the window of one pass: the lower and upper cursor bounds.
type bounds struct {
	lower, until time.Time
}
