package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Current implements load.ReconcileReader for customers: every Account
// holding an external id, with the owned text fields it maps, read a query
// page at a time (up to 2000 records a request). Other data types list
// nothing, so every write is queued and the loader reads before writing.
func (l *Loader) Current(ctx context.Context, fn func(externalID string, fields map[string]json.RawMessage) error) error {
	if l.dt != "customers" {
		return nil
	}
	ext := l.s.ExternalIDField
	sel := []string{"Id", ext}
	for _, f := range l.owned {
		if nat, ok := l.obj.Fields[f]; ok && !readOnly[f] && !slices.Contains(sel, nat) {
			sel = append(sel, nat)
		}
	}
	soql := "SELECT " + strings.Join(sel, ", ") + " FROM " + l.obj.Name + " ORDER BY Id"
	for link := l.c.QueryURL(soql); link != ""; {
		p, err := l.c.Query(ctx, link)
		if err != nil {
			return fmt.Errorf("read current %s values: %w", l.obj.Name, err)
		}
		for _, raw := range p.Records {
			var rec map[string]json.RawMessage
			if err := json.Unmarshal(raw, &rec); err != nil {
				return fmt.Errorf("read current %s values: decode record: %w", l.obj.Name, err)
			}
			var key string
			if json.Unmarshal(rec[ext], &key) != nil || key == "" {
				continue
			}
			if err := fn(key, l.canonical(rec)); err != nil {
				return err
			}
		}
		link = p.Next
	}
	return nil
}

// canonical returns the owned fields a record holds as canonical text; a
// null or non-text value is left out, so its write is queued.
func (l *Loader) canonical(rec map[string]json.RawMessage) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for _, f := range l.owned {
		nat, ok := l.obj.Fields[f]
		var s string
		if !ok || readOnly[f] || json.Unmarshal(rec[nat], &s) != nil || s == "" {
			continue
		}
		out[f], _ = json.Marshal(s)
	}
	return out
}
