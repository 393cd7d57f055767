package salesforce

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"

	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/transform"
)

// inChunk is how many keys one IN list carries.
const inChunk = 100

// current reads the records of object whose keyField is one of keys: their
// native fields by key (Id always included).
func (l *Loader) current(ctx context.Context, object, keyField string, keys []string, fields []string) (map[string]map[string]json.RawMessage, error) {
	sel := []string{"Id"}
	for _, f := range append([]string{keyField}, fields...) {
		if !slices.Contains(sel, f) {
			sel = append(sel, f)
		}
	}
	out := map[string]map[string]json.RawMessage{}
	for chunk := range slices.Chunk(keys, inChunk) {
		quoted := make([]string, len(chunk))
		for i, k := range chunk {
			quoted[i] = api.Quote(k)
		}
		soql := "SELECT " + strings.Join(sel, ", ") + " FROM " + object + " WHERE " + keyField + " IN (" + strings.Join(quoted, ", ") + ")"
		recs, err := l.c.QueryAll(ctx, soql)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			var k string
			if json.Unmarshal(r[keyField], &k) == nil {
				out[k] = r
			}
		}
	}
	return out, nil
}

// onlyChanged reads the rows' records and keeps, of each row, the key field
// and the fields that differ (whole rows for records not found); rows with
// nothing to change are dropped. forced fields go along with any change.
func (l *Loader) onlyChanged(ctx context.Context, object, keyField string, rows []row, forced ...string) ([]row, map[string]map[string]json.RawMessage, error) {
	keys := make([]string, len(rows))
	var fields []string
	for i, r := range rows {
		keys[i] = r.key
		for f := range r.fields {
			if !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
	}
	slices.Sort(fields)
	have, err := l.current(ctx, object, keyField, keys, fields)
	if err != nil {
		return nil, nil, err
	}
	var out []row
	for _, r := range rows {
		cur, found := have[r.key]
		if !found {
			out = append(out, r)
			continue
		}
		diff := api.Fields{}
		for f, v := range r.fields {
			if f != keyField && !same(cur[f], v) {
				diff[f] = v
			}
		}
		if len(diff) == 0 {
			continue
		}
		for _, f := range forced {
			if v, ok := r.fields[f]; ok {
				diff[f] = v
			}
		}
		diff[keyField] = r.fields[keyField]
		out = append(out, row{item: r.item, key: r.key, fields: diff})
	}
	return out, have, nil
}

// same compares a current native value with the one to write.
func same(have json.RawMessage, want any) bool {
	have = bytes.TrimSpace(have)
	isNull := len(have) == 0 || string(have) == "null" || string(have) == `""`
	switch w := want.(type) {
	case nil:
		return isNull
	case string:
		var s string
		return json.Unmarshal(have, &s) == nil && s == w
	case json.Number:
		var n json.Number
		dec := json.NewDecoder(bytes.NewReader(have))
		dec.UseNumber()
		if dec.Decode(&n) != nil {
			var s string
			if json.Unmarshal(have, &s) != nil {
				return false
			}
			n = json.Number(s)
		}
		return transform.SameAmount(n.String(), w.String())
	case bool:
		var b bool
		return json.Unmarshal(have, &b) == nil && b == w
	}
	return false
}
