// Package salesforce writes to Salesforce (PROTOCOLS.md section 2):
// customers as Account upserts by the external-id field, lead scores as
// Lead updates by Id (score, model and reasons only), and products as
// Product2 upserts followed by their standard price book entries. Each batch
// reads the current values first so that only real changes are sent; more
// than bulk_threshold items go through a Bulk API 2.0 ingest job. A record
// Salesforce refuses comes back as a rejected outcome with its own code and
// message.
package salesforce

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/load"
)

// Loader writes one data type to one Salesforce org.
type Loader struct {
	c   *api.Client
	s   api.Settings
	dt  string
	obj api.Object
	log zerolog.Logger
	// owned are the fields the job owns in this target.
	owned []string
	// pricebook is the standard price book's Id, read once.
	pricebook string
	// state is the system's state, where the org's budget is kept for
	// every job (nil: none).
	state record.SystemState
}

// DataTypes are the data types the loader writes.
var DataTypes = []string{"customers", "lead_scores", "products"}

// New builds the loader; it is the load.Factory for kind "salesforce".
func New(spec load.Spec) (load.Loader, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return nil, fmt.Errorf("salesforce loader for system %s: settings are %T, want salesforce settings decoded by the kind", spec.System, spec.Settings)
	}
	dt := spec.Job.DataType
	if !slices.Contains(DataTypes, dt) {
		return nil, fmt.Errorf("salesforce loader for job %s: data type %q is not written to Salesforce (customers, lead_scores, products)", spec.Job.Name, dt)
	}
	obj, err := s.Object(dt)
	if err != nil {
		return nil, err
	}
	return &Loader{c: api.New(spec.Client, s, api.SharedQuota(spec.Client, api.QuotaState{}, s.Reserve, nil)), s: s, dt: dt, obj: obj, log: spec.Log, owned: spec.Target.Fields, state: spec.State}, nil
}

// Client is the loader's API client (tests shorten the bulk poll on it).
func (l *Loader) Client() *api.Client { return l.c }

// BatchSize implements load.Batcher: with bulk on, a Write may carry up to
// bulk_batch_size items (more than bulk_threshold go as one ingest job).
func (l *Loader) BatchSize() int { return l.s.BulkBatchSize }

// Write implements load.Loader. Writes of one record that the batch holds
// more than once (the outbox keeps a waiting write beside a newer one) go in
// successive rounds, in batch order: one collection or job may not name a
// record twice (DUPLICATE_EXTERNAL_ID refuses both).
func (l *Loader) Write(ctx context.Context, items []load.Item) (_ []load.Outcome, err error) {
	if err := api.LoadQuota(ctx, l.c.Quota(), l.state); err != nil {
		return nil, err
	}
	defer func() {
		if serr := api.SaveQuota(ctx, l.c.Quota(), l.state); serr != nil && err == nil {
			err = serr
		}
	}()
	out := make([]load.Outcome, len(items))
	for _, round := range l.rounds(items) {
		sub := make([]load.Item, len(round))
		for j, i := range round {
			sub[j] = items[i]
		}
		res, err := l.write(ctx, sub)
		if err != nil {
			return nil, err
		}
		for j, i := range round {
			out[i] = res[j]
		}
	}
	return out, nil
}

// rounds splits the items' indexes so that no round names a record twice:
// the n-th write of a record goes in round n.
func (l *Loader) rounds(items []load.Item) [][]int {
	var rounds [][]int
	seen := map[string]int{}
	for i, it := range items {
		key := strings.ToLower(it.ExternalID) // external ids match case-insensitively
		if id, ok := fullID(it.ExternalID); ok && l.dt == "lead_scores" {
			key = id
		}
		n := seen[key]
		seen[key] = n + 1
		if n == len(rounds) {
			rounds = append(rounds, nil)
		}
		rounds[n] = append(rounds[n], i)
	}
	return rounds
}

// write writes items naming each record once.
func (l *Loader) write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	switch l.dt {
	case "customers":
		return l.writeCustomers(ctx, items)
	case "lead_scores":
		return l.writeScores(ctx, items)
	default:
		return l.writeProducts(ctx, items)
	}
}

// row is one item's native record waiting to be sent.
type row struct {
	item   int
	key    string
	fields api.Fields
}

// result is what the org said of one row.
type result struct {
	id     string
	ok     bool
	reason string
}

// send writes rows (each holding its key field): upsert by extField, or
// update by Id when extField is ""; through collections of batch_size, or
// one ingest job above bulk_threshold.
func (l *Loader) send(ctx context.Context, object, extField string, rows []row) ([]result, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	if len(rows) > l.s.BulkThreshold {
		return l.sendBulk(ctx, object, extField, rows)
	}
	out := make([]result, 0, len(rows))
	for chunk := range slices.Chunk(rows, l.s.BatchSize) {
		recs := make([]api.Fields, len(chunk))
		for i, r := range chunk {
			recs[i] = r.fields
		}
		var rs []api.SaveResult
		var err error
		if extField == "" {
			rs, err = l.c.UpdateCollection(ctx, object, recs)
		} else {
			rs, err = l.c.UpsertCollection(ctx, object, extField, recs)
		}
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, result{id: r.ID, ok: r.Success, reason: api.Join(r.Errors)})
		}
	}
	return out, nil
}

// sendBulk writes rows as one ingest job and matches the results by key.
func (l *Loader) sendBulk(ctx context.Context, object, extField string, rows []row) ([]result, error) {
	j := api.BulkJob{Object: object, Operation: "upsert", ExtField: extField, Key: extField}
	if extField == "" {
		j.Operation, j.Key = "update", "Id"
	}
	recs := make([]api.Fields, len(rows))
	for i, r := range rows {
		recs[i] = r.fields
	}
	res, err := l.c.BulkIngest(ctx, j, recs)
	if err != nil {
		return nil, err
	}
	out := make([]result, len(rows))
	for i, r := range rows {
		br, ok := res[r.key]
		switch {
		case !ok:
			out[i] = result{reason: "the bulk job reported no result for " + r.key}
		default:
			out[i] = result{id: br.ID, ok: br.OK, reason: br.Error}
		}
	}
	return out, nil
}

// apply turns results into outcomes.
func apply(outcomes []load.Outcome, rows []row, rs []result) {
	for i, r := range rows {
		if rs[i].ok {
			outcomes[r.item].Status = load.Written
		} else {
			outcomes[r.item] = load.Outcome{ID: outcomes[r.item].ID, Status: load.Rejected, Reason: rs[i].reason}
		}
	}
}

// initial returns one unchanged outcome per item.
func initial(items []load.Item) []load.Outcome {
	out := make([]load.Outcome, len(items))
	for i, it := range items {
		out[i] = load.Outcome{ID: it.ID, Status: load.Unchanged}
	}
	return out
}

func reject(o *load.Outcome, format string, a ...any) {
	o.Status, o.Reason = load.Rejected, fmt.Sprintf(format, a...)
}

var (
	_ load.Batcher         = (*Loader)(nil)
	_ load.ReconcileReader = (*Loader)(nil)
)
