// Package odata extracts an entity set from an OData v4 service (SAP S/4HANA
// among them) with server-driven paging and a $filter bound on the cursor field.
package odata

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
	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// Extractor reads one entity set.
type Extractor struct {
	api    *api.Client
	entity api.Entity
	mapper mapper
	job    config.Job
	log    zerolog.Logger
}

// New builds the extractor; it is the extract.Factory for kind "odata".
func New(spec extract.Spec) (extract.Extractor, error) {
	s, ps := api.DecodeSettings(spec.Config, spec.System)
	if len(ps) > 0 {
		return nil, ps
	}
	ent := s.Entities[spec.Job.Extract.Entity]
	m, err := newMapper(spec.Job, ent)
	if err != nil {
		return nil, err
	}
	c := api.New(spec.Client, s)
	if sys, ok := spec.Config.Systems[spec.System]; ok && sys.Retry.MaxRetries != nil {
		c.SetRetry(retry.Policy{MaxRetries: *sys.Retry.MaxRetries, Base: sys.Retry.BaseDelay.Std(), Cap: sys.Retry.MaxDelay.Std()}, nil)
	}
	return &Extractor{api: c, entity: ent, mapper: m, job: spec.Job, log: spec.Log}, nil
}

// Extract implements extract.Extractor. With keyset paging (the default)
// each next link is built from the last row read, so rows deleted or moved
// out of the result set during the pass cannot make the server skip one; a
// next link the server sends only says that more rows may follow.
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	cur, link := e.start(from)
	b := bounds{lower: cur.PassStart, until: cur.Until}
	return extract.Pages(ctx, cur, link, func(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
		return e.page(ctx, link, b)
	})
}

func (e *Extractor) page(ctx context.Context, link string, b bounds) ([]record.Record, []record.Quarantined, string, error) {
	page, err := e.api.Get(ctx, link)
	if err != nil {
		return nil, nil, "", fmt.Errorf("fetch %s page: %w", e.job.Extract.Entity, err)
	}
	recs, bad := e.mapper.mapAll(page.Value)
	if !e.keyset() {
		return recs, bad, page.NextLink, nil
	}
	if len(page.Value) == 0 || (page.NextLink == "" && len(page.Value) < e.top()) {
		return recs, bad, "", nil
	}
	pos, err := e.lastPosition(page.Value)
	if err != nil {
		return nil, nil, "", fmt.Errorf("page %s page after %s: %w", e.job.Extract.Entity, link, err)
	}
	next := e.api.CollectionURL(e.entity.Path, e.query(b, &pos))
	if next == link {
		return nil, nil, "", fmt.Errorf("page %s: the page after %s asks for the same rows again; the service does not order or filter by %s", e.job.Extract.Entity, link, strings.Join(e.order(), ","))
	}
	return recs, bad, next, nil
}

func (e *Extractor) keyset() bool { return e.entity.Paging != api.PagingServer }

// top is the page size asked for with $top in keyset paging.
func (e *Extractor) top() int { return max(e.job.Extract.PageSize, 1) }

// query is the request for the rows of a pass within b after pos (nil: from
// the start).
func (e *Extractor) query(b bounds, pos *position) api.Query {
	q := api.Query{Filter: e.filter(b.lower, b.until), Select: e.entity.Select, OrderBy: e.entity.Key}
	if !e.keyset() {
		return q
	}
	q.OrderBy, q.Top = e.order(), e.top()
	if len(q.Select) > 0 {
		// Key set paging reads the cursor and key of the last row of each page.
		q.Select = append(append([]string{}, q.Select...), missing(q.Select, q.OrderBy)...)
	}
	if pos != nil {
		q.Filter = joinAnd(q.Filter, e.after(*pos))
	}
	return q
}

// missing returns the names of want that have lacks.
func missing(have, want []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

func joinAnd(a, b string) string {
	if a == "" {
		return b
	}
	return a + " and " + b
}

func (e *Extractor) start(from record.Cursor) (record.Cursor, string) {
	if from.InPass() {
		return from, from.Next
	}
	cur := from
	lower := time.Time{}
	if e.job.Extract.Mode == config.ModeIncremental && !from.Watermark.IsZero() {
		lower = from.Watermark
		if from.Until.IsZero() {
			lower = lower.Add(-e.job.Extract.Overlap.Std())
		}
	}
	cur.PassStart = lower
	return cur, e.api.CollectionURL(e.entity.Path, e.query(bounds{lower: lower, until: from.Until}, nil))
}

// filter bounds the cursor field inclusively below (ge) and exclusively above.
func (e *Extractor) filter(lower, until time.Time) string {
	var parts []string
	field := e.job.Extract.CursorField
	if !lower.IsZero() {
		parts = append(parts, field+" ge "+api.Time(lower))
	}
	if !until.IsZero() {
		parts = append(parts, field+" lt "+api.Time(until))
	}
	if e.entity.Filter != "" {
		parts = append(parts, "("+e.entity.Filter+")")
	}
	return strings.Join(parts, " and ")
}

// Count implements extract.Counter for backfill dry runs.
func (e *Extractor) Count(ctx context.Context, from record.Cursor) (int, error) {
	n, err := e.api.Count(ctx, e.entity.Path, e.filter(from.Watermark, from.Until))
	return int(n), err
}

// CountPages implements extract.PageCounter: it asks for the first page of the
// pass with $count=true and learns the server's page size from it (a server
// may page smaller than asked, and ignore odata.maxpagesize).
func (e *Extractor) CountPages(ctx context.Context, from record.Cursor) (int, int, error) {
	q := e.query(bounds{lower: from.Watermark, until: from.Until}, nil)
	q.Count = true
	p, err := e.api.Get(ctx, e.api.CollectionURL(e.entity.Path, q))
	if err != nil {
		return 0, 0, fmt.Errorf("count %s: %w", e.job.Extract.Entity, err)
	}
	if p.Count == nil {
		return 0, 0, fmt.Errorf("count %s: the service returned no @odata.count", e.job.Extract.Entity)
	}
	n, size := int(*p.Count), len(p.Value)
	switch {
	case p.NextLink == "" && !e.keyset():
		return n, 1, nil
	case p.NextLink == "":
		size = e.top()
	}
	return n, max(1, (n+size-1)/max(size, 1)), nil
}
