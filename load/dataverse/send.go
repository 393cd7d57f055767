package dataverse

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/load"
)

// send writes changes in $batch requests of at most api.MaxBatch and sets
// each plan's outcome from its answer; conflicts are re-read together.
func (l *Loader) send(ctx context.Context, items []load.Item, plans []plan, changes []api.Change, out []load.Outcome) error {
	var conflicts []plan
	for start := 0; start < len(changes); start += api.MaxBatch {
		end := min(start+api.MaxBatch, len(changes))
		results, err := l.api.Batch(ctx, changes[start:end])
		if err != nil {
			return fmt.Errorf("write %d %s: %w", end-start, l.table.EntitySet, err)
		}
		for i, r := range results {
			p := plans[start+i]
			id := items[p.item].ID
			switch {
			case r.OK():
				out[p.item] = load.Outcome{ID: id, Status: load.Written}
			case r.Status == http.StatusPreconditionFailed:
				conflicts = append(conflicts, p)
			case transient[r.Status]:
				return fmt.Errorf("write %s %s: status %d: %s (says nothing about the record; the batch is retried)", l.table.EntitySet, p.key, r.Status, api.Reason(r.Code, r.Message))
			default:
				out[p.item] = load.Outcome{ID: id, Status: load.Rejected, Reason: fmt.Sprintf("status %d: %s", r.Status, api.Reason(r.Code, r.Message))}
			}
		}
	}
	return l.conflicts(ctx, items, conflicts, out)
}

// conflicts re-reads the rows whose precondition failed and reports their
// current values in the canonical form of the items' fields.
func (l *Loader) conflicts(ctx context.Context, items []load.Item, plans []plan, out []load.Outcome) error {
	if len(plans) == 0 {
		return nil
	}
	rows, err := l.read(ctx, plans)
	if err != nil {
		return fmt.Errorf("re-read %s after a failed precondition: %w", l.table.EntitySet, err)
	}
	for _, p := range plans {
		it := items[p.item]
		o := load.Outcome{ID: it.ID, Status: load.Conflict}
		row, ok := rows[strings.ToLower(p.key)]
		if ok && holds(row, p) {
			// A replayed $batch whose first attempt was applied meets its
			// own write's etag: the row holds this item's values.
			out[p.item] = load.Outcome{ID: it.ID, Status: load.Written}
			continue
		}
		if ok {
			o.Current = map[string]json.RawMessage{}
			for f := range it.Fields {
				o.Current[f] = l.canonicalOf(f, row.Columns)
			}
		}
		out[p.item] = o
	}
	return nil
}

// holds reports whether a row already carries every cell of a plan.
func holds(row api.Row, p plan) bool {
	for _, c := range p.cells {
		if !same(row.Columns[c.column], valueOf(c)) {
			return false
		}
	}
	return true
}

// transient are the part statuses that say nothing about the record
// (throttling, auth, an unavailable server): the batch fails instead of
// rejecting the record into the dead letters. Its replay is idempotent:
// parts already written read back unchanged.
var transient = map[int]bool{http.StatusUnauthorized: true, http.StatusRequestTimeout: true, http.StatusTooManyRequests: true,
	http.StatusBadGateway: true, http.StatusServiceUnavailable: true, http.StatusGatewayTimeout: true}
