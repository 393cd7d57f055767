// Package salesforce extracts customers (Account), leads (Lead) and
// products (Product2) from Salesforce (PROTOCOLS.md section 2) by SOQL,
// incrementally by SystemModstamp (inclusive bound, overlap, keys already
// seen at the bound dropped), following nextRecordsUrl verbatim, and reports
// the object's deletions after each pass from the deleted-records feed.
package salesforce

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// Extractor reads one sObject of one Salesforce org.
type Extractor struct {
	h   *httpx.Client
	s   api.Settings
	m   mapper
	job config.Job
	log zerolog.Logger
	now func() time.Time
	// state is the system's state, where the org's budget is kept for
	// every job (nil: none).
	state record.SystemState
}

// New builds the extractor; it is the extract.Factory for kind "salesforce".
func New(spec extract.Spec) (extract.Extractor, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return nil, fmt.Errorf("salesforce extractor for system %s: settings are %T, want salesforce settings decoded by the kind", spec.System, spec.Settings)
	}
	dt := spec.Job.DataType
	if !slices.Contains([]string{"customers", "leads", "products"}, dt) {
		return nil, fmt.Errorf("salesforce extractor for job %s: data type %q is not read from Salesforce (customers, leads, products)", spec.Job.Name, dt)
	}
	obj, err := s.Object(dt)
	if err != nil {
		return nil, err
	}
	if e := spec.Job.Extract.Entity; e != "" && e != obj.Name {
		return nil, fmt.Errorf("salesforce extractor for job %s: entity %q, but data type %s maps to %s (settings.objects.%s.name)", spec.Job.Name, e, dt, obj.Name, dt)
	}
	return &Extractor{h: spec.Client, s: s, m: mapper{dataType: dt, obj: obj}, job: spec.Job, log: spec.Log, now: time.Now, state: spec.State}, nil
}

// soql is the pass's query: the mapped fields, from lower (inclusive; zero:
// none) to upper (exclusive; zero: none), ordered by SystemModstamp, Id so
// that a restart at a stamp is exact.
func (e *Extractor) soql(lower, upper time.Time) string {
	stamp, id := e.m.obj.Fields["changed"], e.m.obj.Fields["id"]
	var fields []string
	for _, n := range e.m.obj.Fields {
		if !slices.Contains(fields, n) {
			fields = append(fields, n)
		}
	}
	slices.Sort(fields)
	q := "SELECT " + strings.Join(fields, ", ") + " FROM " + e.m.obj.Name
	var where []string
	if !lower.IsZero() {
		where = append(where, stamp+" >= "+api.FormatTime(lower))
	}
	if !upper.IsZero() {
		where = append(where, stamp+" < "+api.FormatTime(upper))
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return q + " ORDER BY " + stamp + ", " + id
}

// lower is a new pass's lower bound: the watermark less the overlap
// (incremental), none for a full pass or a first run.
func (e *Extractor) lower(from record.Cursor) time.Time {
	if e.job.Extract.Mode != config.ModeIncremental || from.Watermark.IsZero() {
		return time.Time{}
	}
	if !from.Until.IsZero() {
		return from.Watermark
	}
	return from.Watermark.Add(-e.job.Extract.Overlap.Std())
}

// Extract implements extract.Extractor.
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		st, err := parseState(from.State)
		if err != nil {
			yield(record.Page{}, err)
			return
		}
		quota := api.SharedQuota(e.h, st.Quota, e.s.Reserve, e.now)
		if err := api.LoadQuota(ctx, quota, e.state); err != nil {
			yield(record.Page{}, err)
			return
		}
		defer func() {
			if err := api.SaveQuota(ctx, quota, e.state); err != nil {
				e.log.Warn().Err(err).Msg("the Salesforce budget was not kept for the next run")
			}
		}()
		p := &pass{x: e, st: st, client: api.New(e.h, e.s, quota), until: from.Until}
		if n := e.job.Extract.PageSize; n > 0 && n < e.s.PageSize {
			p.client.SetPageSize(n)
		}
		cur, link := from, from.Next
		if !from.InPass() {
			cur.PassStart = e.lower(from)
			link = p.client.QueryURL(e.soql(cur.PassStart, from.Until))
			p.st.Tie.keep(from.Watermark)
			p.st.Pass = tie{}
			p.st.Began = time.Time{}
		}
		p.run(ctx, cur, link, yield)
	}
}
