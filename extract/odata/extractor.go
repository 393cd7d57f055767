// Package odata extracts an entity set from an OData v4 service (SAP S/4HANA
// among them) with server-driven paging and a $filter bound on the cursor field.
package odata

import (
	"context"
	"errors"
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
	s, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	ent := s.Entities[spec.Job.Extract.Entity]
	c := api.New(spec.Client, s)
	if sys, ok := spec.Config.Systems[spec.System]; ok && sys.Retry.MaxRetries != nil {
		c.SetRetry(retry.Policy{MaxRetries: *sys.Retry.MaxRetries, Base: sys.Retry.BaseDelay.Std(), Cap: sys.Retry.MaxDelay.Std()}, nil)
	}
	if ent.Version == 2 {
		return newV2(spec.Job, ent, c)
	}
	m, err := newMapper(spec.Job, ent)
	if err != nil {
		return nil, err
	}
	return &Extractor{api: c, entity: ent, mapper: m, job: spec.Job, log: spec.Log}, nil
}

// settingsOf returns the system's settings as the wiring decoded them.
func settingsOf(spec extract.Spec) (api.Settings, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return s, fmt.Errorf("odata extractor for system %s: settings are %T, want odata settings decoded by the kind", spec.System, spec.Settings)
	}
	return s, nil
}

// Extract implements extract.Extractor. With keyset paging (the default)
// each next link is built from the last row read, so rows deleted or moved
// out of the result set during the pass cannot make the server skip one; a
// next link the server sends only says that more rows may follow. A pass
// without bounds first reads the rows whose cursor is null, by key. A page
// that cannot be decoded is asked for again with a smaller $top, down to one
// entity, which is salvaged (issue 6 item 16).
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	cur, link := e.start(from)
	b := bounds{lower: cur.PassStart, until: cur.Until}
	var opt extract.Options
	if e.keyset() {
		opt.Narrowing = e.narrowing()
	}
	return extract.PagesWith(ctx, cur, link, func(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
		return e.page(ctx, link, b)
	}, opt)
}

func (e *Extractor) page(ctx context.Context, link string, b bounds) ([]record.Record, []record.Quarantined, string, error) {
	page, err := e.api.Get(ctx, link)
	var ue *api.UndecodableError
	salvaged := false
	switch {
	case errors.As(err, &ue) && e.keyset() && e.topOf(link) > 1:
		return nil, nil, "", fmt.Errorf("fetch %s page: %w: %w", e.job.Extract.Entity, extract.ErrUndecodablePage, err)
	case errors.As(err, &ue):
		if page, err = e.salvage(ue); err != nil {
			return nil, nil, "", err
		}
		salvaged = true
	case err != nil:
		return nil, nil, "", fmt.Errorf("fetch %s page: %w", e.job.Extract.Entity, err)
	}
	recs, bad := e.mapper.mapAll(page.Value)
	if !e.keyset() {
		return recs, bad, page.NextLink, nil
	}
	next, err := e.next(link, b, page, salvaged)
	if err != nil {
		return nil, nil, "", err
	}
	return recs, bad, next, nil
}

// next returns the link to the rows after a key set page at link, "" at the
// end of the pass. A salvaged page of one poisoned entity without a readable
// position is skipped by key.
func (e *Extractor) next(link string, b bounds, page api.Page, salvaged bool) (string, error) {
	nulls, top := e.inNulls(link), e.topOf(link)
	if len(page.Value) == 0 || (page.NextLink == "" && len(page.Value) < top) {
		if nulls {
			// The null stretch is read; the rest of the pass follows.
			return e.api.CollectionURL(e.entity.Path, e.stretch(b, false, nil, top)), nil
		}
		return "", nil
	}
	pos, err := e.lastPosition(page.Value, nulls)
	switch {
	case err != nil && salvaged && len(page.Value) == 1:
		return e.skipByKey(link, page.Value[0], err)
	case err != nil:
		return "", fmt.Errorf("page %s page after %s: %w", e.job.Extract.Entity, link, err)
	}
	next := e.api.CollectionURL(e.entity.Path, e.stretch(b, nulls, &pos, top))
	if next == link {
		return "", fmt.Errorf("page %s: the page after %s asks for the same rows again; the service does not order or filter by %s", e.job.Extract.Entity, link, strings.Join(e.order(), ","))
	}
	return next, nil
}

func (e *Extractor) keyset() bool { return e.entity.Paging != api.PagingServer }

// top is the regular page size asked for with $top in keyset paging.
func (e *Extractor) top() int { return max(e.job.Extract.PageSize, 1) }

// topOf is the page size a key set link asks for.
func (e *Extractor) topOf(link string) int {
	if n := api.TopOf(link); n > 0 {
		return n
	}
	return e.top()
}

// query is the request for the rows of a pass within b after pos (nil: from
// the start) whose cursor is set.
func (e *Extractor) query(b bounds, pos *position) api.Query {
	return e.stretch(b, false, pos, e.top())
}

// stretch is the request for top rows of one stretch of a pass within b after
// pos (nil: from the start): the rows whose cursor is null, ordered and paged
// by key (nulls), or the rest, ordered and paged by cursor and key.
func (e *Extractor) stretch(b bounds, nulls bool, pos *position, top int) api.Query {
	q := api.Query{Filter: e.filter(b.lower, b.until), Select: e.entity.Select, OrderBy: e.entity.Key}
	if !e.keyset() {
		return q
	}
	q.OrderBy, q.Top = e.order(), top
	if len(q.Select) > 0 {
		// Key set paging reads the cursor and key of the last row of each page.
		q.Select = append(append([]string{}, q.Select...), missing(q.Select, q.OrderBy)...)
	}
	switch c := e.job.Extract.CursorField; {
	case nulls:
		q.Filter, q.OrderBy = joinAnd(c+" eq null", q.Filter), e.entity.Key
	case e.nullsPossible(b):
		q.Filter = joinAnd(c+" ne null", q.Filter)
	}
	if pos != nil {
		q.Filter = joinAnd(q.Filter, e.after(*pos))
	}
	return q
}

// nullsPossible reports whether a key set pass within b can meet rows whose
// cursor is null: only without bounds, as null is neither ge nor lt a time.
func (e *Extractor) nullsPossible(b bounds) bool {
	return e.keyset() && e.job.Extract.CursorField != "" && b.lower.IsZero() && b.until.IsZero()
}

// inNulls reports whether a key set link reads the null stretch of a pass.
func (e *Extractor) inNulls(link string) bool {
	c := e.job.Extract.CursorField
	return c != "" && strings.HasPrefix(api.FilterOf(link), c+" eq null")
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
	switch {
	case a == "":
		return b
	case b == "":
		return a
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
	b := bounds{lower: lower, until: from.Until}
	return cur, e.api.CollectionURL(e.entity.Path, e.stretch(b, e.nullsPossible(b), nil, e.top()))
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
	// Count the rows with a null cursor too: a pass without bounds reads them.
	q.Filter, q.Count = e.filter(from.Watermark, from.Until), true
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
