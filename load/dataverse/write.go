package dataverse

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strings"

	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/load"
)

// Write implements load.Loader. Items that cannot be mapped are rejected
// with the reason; items whose row already holds their values are
// unchanged; the others are written in $batch requests, each answer its
// item's outcome: written, rejected with Dataverse's code and message, or
// on 412 a conflict with the row's current values.
func (l *Loader) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	out := make([]load.Outcome, len(items))
	var plans []plan
	for i, it := range items {
		out[i] = load.Outcome{ID: it.ID, Status: load.Unchanged}
		p, reason := l.prepare(i, it)
		if reason != "" {
			out[i] = load.Outcome{ID: it.ID, Status: load.Rejected, Reason: reason}
			continue
		}
		plans = append(plans, p)
	}
	rows, err := l.read(ctx, plans)
	if err != nil {
		return nil, err
	}
	var sends []plan
	var changes []api.Change
	for _, p := range plans {
		ch, reason := l.change(p, items[p.item], rows)
		switch {
		case reason != "":
			out[p.item] = load.Outcome{ID: items[p.item].ID, Status: load.Rejected, Reason: reason}
		case ch != nil:
			sends, changes = append(sends, p), append(changes, *ch)
		}
	}
	if err := l.send(ctx, items, sends, changes, out); err != nil {
		return nil, err
	}
	return out, nil
}

// read gets the current rows of plans, keyed by their lower-cased key.
func (l *Loader) read(ctx context.Context, plans []plan) (map[string]api.Row, error) {
	if len(plans) == 0 {
		return map[string]api.Row{}, nil
	}
	col, guid := l.keyColumn()
	var keys, ids []string
	for _, p := range plans {
		if p.native {
			ids = append(ids, p.key)
		} else {
			keys = append(keys, p.key)
		}
	}
	rows := map[string]api.Row{}
	if len(keys) > 0 {
		byKey, err := l.api.RowsByKey(ctx, l.table.EntitySet, col, guid, keys, l.columns(plans))
		if err != nil {
			return nil, err
		}
		maps.Copy(rows, byKey)
	}
	if len(ids) > 0 {
		byID, err := l.api.RowsByKey(ctx, l.table.EntitySet, l.table.ID, true, ids, l.columns(plans))
		if err != nil {
			return nil, err
		}
		maps.Copy(rows, byID)
	}
	return rows, nil
}

// change builds a plan's PATCH, nil when the row holds its values already.
func (l *Loader) change(p plan, it load.Item, rows map[string]api.Row) (*api.Change, string) {
	row, found := rows[strings.ToLower(p.key)]
	if !found && l.dataType == "lead_scores" {
		return nil, fmt.Sprintf("lead %s not found in %s", p.key, l.table.EntitySet)
	}
	if !found && p.native {
		return nil, fmt.Sprintf("customer %s: no row %s in %s (a crosswalked row is updated, never created)", it.ExternalID, p.key, l.table.EntitySet)
	}
	body := map[string]any{}
	for _, c := range p.cells {
		body[c.property] = c.value
	}
	if found && holds(row, p) {
		return nil, ""
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Sprintf("encode the write: %v", err)
	}
	path, byID := l.path(p), false
	if _, guid := l.keyColumn(); !guid && strings.ContainsAny(p.key, unroutable) {
		id := plain(row.Columns[l.table.ID])
		if !found || id == "" {
			return nil, fmt.Sprintf("key %q holds one of %s, which Dataverse cannot address a row by; the row is not found by %s, so it cannot be created", p.key, unroutable, l.table.ExternalID)
		}
		path, byID = api.IDPath(l.table.EntitySet, id), true
	}
	h := http.Header{}
	switch {
	case found && !it.Overwrite && row.ETag != "":
		h.Set("If-Match", row.ETag)
	case !found && !it.Overwrite:
		h.Set("If-None-Match", "*")
	case l.dataType == "lead_scores" || p.native || byID:
		// Update only: a PATCH by id without a precondition would create.
		h.Set("If-Match", "*")
	}
	return &api.Change{Method: http.MethodPatch, Path: path, Header: h, Body: b}, ""
}

// unroutable are the characters of an alternate key value that Dataverse
// cannot GET or PATCH by (powerapps-docs define-alternate-keys-entity.md);
// such rows are addressed by their primary key once read.
const unroutable = `/<>*%&:\?+`

// valueOf is what a cell's column reads back as: the owner's GUID for the
// bound owner, else the value written.
func valueOf(c cell) any {
	if c.column == ownerColumn {
		s, _ := c.value.(string)
		return strings.TrimSuffix(strings.TrimPrefix(s, "/systemusers("), ")")
	}
	return c.value
}
