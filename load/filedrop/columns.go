package filedrop

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stewardhq/steward/load"
)

// keyColumn holds each item's external id unless settings.key names it.
const keyColumn = "external_id"

// column is one column of an export: an owned field, or in CSV one member of
// a field whose values are JSON objects (a price's amount and currency).
type column struct {
	field, member string
}

// columns are the owned fields in their config order (without configured
// fields, every field the items carry, sorted). In CSV a field whose values
// are objects becomes one column per member, "price.amount" and so on, the
// members sorted, so a legacy import reads plain cells.
func (l *Loader) columns(items []load.Item, expand bool) []column {
	fields := slices.Clone(l.fields)
	if len(fields) == 0 {
		for _, it := range items {
			for f := range it.Fields {
				if !slices.Contains(fields, f) {
					fields = append(fields, f)
				}
			}
		}
		slices.Sort(fields)
	}
	var cols []column
	for _, f := range fields {
		members := objectMembers(items, f)
		if !expand || len(members) == 0 {
			cols = append(cols, column{field: f})
			continue
		}
		for _, m := range members {
			cols = append(cols, column{field: f, member: m})
		}
	}
	return cols
}

// objectMembers lists the members of field's object values across items.
func objectMembers(items []load.Item, field string) []string {
	var members []string
	for _, it := range items {
		obj, ok := object(it.Fields[field])
		if !ok {
			continue
		}
		for m := range obj {
			if !slices.Contains(members, m) {
				members = append(members, m)
			}
		}
	}
	slices.Sort(members)
	return members
}

func object(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
		return nil, false
	}
	var obj map[string]json.RawMessage
	return obj, json.Unmarshal(raw, &obj) == nil
}

// name is a column's header: the drop's own column name where the column map
// names the field (or field.member), else the field (or field.member).
func (l *Loader) name(c column) string {
	want := c.field
	if c.member != "" {
		want += "." + c.member
	}
	for col, field := range l.s.Columns {
		if field == want {
			return col
		}
	}
	return want
}

// value is an item's JSON value for a column; a member column of an item
// whose field is not an object is an error (its value would be lost).
func value(it load.Item, c column) (json.RawMessage, bool, error) {
	raw, ok := it.Fields[c.field]
	if !ok || c.member == "" {
		return raw, ok, nil
	}
	obj, isObj := object(raw)
	if !isObj {
		return nil, false, fmt.Errorf("item %s: field %s is %s, not an object like the batch's other values", it.ExternalID, c.field, raw)
	}
	v, ok := obj[c.member]
	return v, ok, nil
}
