// Package hubspot extracts companies (customers), contacts (leads) and
// products from the HubSpot CRM API v3 (PROTOCOLS.md section 3): a full pass
// follows the list endpoint's next links; an incremental pass searches by
// the modified-date property in ascending windows that never page past the
// search's 10,000-result cap (a change time shared by more objects than a
// page holds is paged through by id), then, at most every deletions_every,
// reads the objects archived since the last listing as deletions.
package hubspot

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/record"
)

// Extractor reads one HubSpot object type.
type Extractor struct {
	api *api.Client
	s   api.Settings
	job config.Job
	log zerolog.Logger
	m   mapper
	now func() time.Time

	mu      sync.Mutex
	deleted map[string][]record.Deletion
}

// New builds the extractor; it is the extract.Factory for kind "hubspot".
func New(spec extract.Spec) (extract.Extractor, error) { return NewWith(spec, api.Options{}) }

// NewWith builds the extractor with client options (the limiter's clock and
// sleep in tests).
func NewWith(spec extract.Spec, opt api.Options) (extract.Extractor, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return nil, fmt.Errorf("hubspot extractor for system %s: settings are %T, want hubspot settings decoded by the kind", spec.System, spec.Settings)
	}
	m, err := mapperFor(s, spec.Job)
	if err != nil {
		return nil, fmt.Errorf("hubspot extractor for job %s: %w", spec.Job.Name, err)
	}
	now := opt.Pacing.Now
	if now == nil {
		now = time.Now
	}
	if opt.State == nil {
		opt.State = spec.State
	}
	return &Extractor{api: api.New(spec.Client, s, opt), s: s, job: spec.Job, log: spec.Log, m: m, now: now, deleted: map[string][]record.Deletion{}}, nil
}

// mapperFor picks the object and canonical type of a job's data type and
// checks that extract.entity names that object.
func mapperFor(s api.Settings, job config.Job) (mapper, error) {
	var m mapper
	switch job.DataType {
	case "customers":
		m = mapper{obj: s.Companies, fields: customerFields, build: customer}
	case "leads":
		m = mapper{obj: s.Contacts, fields: leadFields, build: lead}
	case "products":
		m = mapper{obj: s.Products, fields: productFields}
	default:
		return m, fmt.Errorf("data type %q is not read from HubSpot (customers, leads, products)", job.DataType)
	}
	m.settings = s
	if e := job.Extract.Entity; e != "" && e != m.obj.Type {
		return m, fmt.Errorf("data type %s reads object %s, but extract.entity is %q", job.DataType, m.obj.Type, e)
	}
	if c := job.Extract.CursorField; c != "" {
		// The job's cursor field names the modified-date property to search by.
		m.obj.Modified = c
	}
	if m.build == nil {
		m.build = m.product // bound last: the method value copies m
	}
	return m, nil
}

// Extract implements extract.Extractor.
//
// The pass that ends an archived listing notes its time in the cursor's
// State. However it ends, the newest daily quota figure is kept in the
// system's state (api.QuotaKey).
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		defer e.flushQuota(ctx)
		cur, link, err := e.start(from)
		if err != nil {
			yield(record.Page{Cursor: from}, err)
			return
		}
		for p, err := range extract.PagesWith(ctx, cur, link, e.page, extract.Options{Narrowing: e.narrowing()}) {
			p.Deleted = e.takeDeleted(p.URL)
			if err == nil {
				p.Cursor, err = listed(p)
			}
			if !yield(p, err) || err != nil {
				return
			}
		}
	}
}

// start returns the cursor and first link of a pass: continuing an unfinished
// pass, a search from the watermark less the overlap (incremental; the bound
// is inclusive) up to Until (exclusive), or the full listing.
func (e *Extractor) start(from record.Cursor) (record.Cursor, string, error) {
	if from.InPass() {
		return from, from.Next, nil
	}
	cur := from
	if e.job.Extract.Mode != config.ModeIncremental {
		cur.PassStart = time.Time{}
		return cur, e.api.ListURL(e.m.obj.Type, e.m.obj.Read(e.m.fields), e.pageSize(e.s.PageSize), false), nil
	}
	st, err := parseState(from.State)
	if err != nil {
		return cur, "", err
	}
	since := from.Watermark
	if !since.IsZero() && from.Until.IsZero() {
		since = since.Add(-e.job.Extract.Overlap.Std())
	}
	cur.PassStart = since
	return cur, search{From: since, Until: from.Until, Since: since, Limit: e.pageSize(e.s.SearchPageSize), Listed: st.Listed}.link(), nil
}

// pageSize is the job's page size within the endpoint's bound.
func (e *Extractor) pageSize(most int) int {
	if n := e.job.Extract.PageSize; n > 0 {
		return min(n, most)
	}
	return most
}

func (e *Extractor) putDeleted(link string, d []record.Deletion) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.deleted[link] = d
}

func (e *Extractor) takeDeleted(link string) []record.Deletion {
	e.mu.Lock()
	defer e.mu.Unlock()
	d := e.deleted[link]
	delete(e.deleted, link)
	return d
}

// flushQuota keeps the newest daily quota figure; failing to is logged, not
// the pass's failure (the figure only feeds metrics and alerts).
func (e *Extractor) flushQuota(ctx context.Context) {
	if err := e.api.FlushQuota(ctx); err != nil {
		e.log.Warn().Err(err).Msg("the HubSpot daily quota was not kept for the metrics and alerts")
	}
}
