package dataverse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// pass is one run's read of a table from a cursor.
type pass struct {
	e     *Extractor
	cur   record.Cursor
	track bool
	// delta is set while reading a delta link's pages.
	delta bool
	// seen are the keys delivered by this run, dropped when read again.
	seen map[string]bool
}

// start returns the first link: the unfinished pass's next link, the delta
// link of the last pass, or a new read.
func (p *pass) start() string {
	c := p.cur
	switch {
	case c.InPass():
		p.delta = c.State != "" && p.track
		return c.Next
	case p.track && c.State != "" && p.e.job.Extract.Mode != config.ModeFull:
		p.delta = true
		p.cur.Snapshot = false
		return c.State
	}
	return p.fresh()
}

// fresh starts a new pass: a tracked read of the whole table, or a read
// filtered by the change field from the watermark less the overlap
// (inclusive) up to Until (exclusive), ordered by it and the key.
func (p *pass) fresh() string {
	e, t := p.e, p.e.table
	p.delta = false
	q := api.Query{Select: t.Select()}
	// A read of the whole table (a tracked read, a resync after an expired
	// delta token, a full read) is a snapshot: staging deletes the records
	// it did not read, rows deleted while no delta told of them.
	p.cur.Snapshot = p.track || (e.job.Extract.Mode != config.ModeIncremental && p.cur.Until.IsZero())
	if p.track {
		p.cur.PassStart = p.cur.Watermark
		return e.api.CollectionURL(t.EntitySet, q)
	}
	from := p.cur.Watermark
	if e.job.Extract.Mode == config.ModeIncremental && !from.IsZero() && p.cur.Until.IsZero() {
		from = from.Add(-e.job.Extract.Overlap.Std())
	}
	if e.job.Extract.Mode != config.ModeIncremental && p.cur.Until.IsZero() {
		from = time.Time{}
	}
	p.cur.PassStart = from
	var conds []string
	if !from.IsZero() {
		conds = append(conds, t.ChangeField+" ge "+odata.Time(from))
	}
	if !p.cur.Until.IsZero() {
		conds = append(conds, t.ChangeField+" lt "+odata.Time(p.cur.Until))
	}
	q.Filter = strings.Join(conds, " and ")
	q.OrderBy = []string{t.ChangeField, t.ID}
	return e.api.CollectionURL(t.EntitySet, q)
}

// page reads the page at link into a record page whose cursor is true once
// it is stored, and returns the link after it.
func (p *pass) page(ctx context.Context, link string) (record.Page, string, error) {
	pg, err := p.fetch(ctx, link)
	if err != nil && p.delta && expired(err) {
		p.e.resyncs.Add(1)
		p.e.log.Warn().Str("entity", p.e.table.EntitySet).Str("page", httpx.RedactString(link)).Err(err).Msg("dataverse delta link refused: full resync with change tracking")
		p.cur = p.cur.Finish()
		p.cur.State = ""
		link = p.fresh()
		pg, err = p.fetch(ctx, link)
	}
	if err != nil {
		return record.Page{URL: httpx.RedactString(link)}, "", err
	}
	out, err := p.records(pg)
	if err != nil {
		return out, "", err
	}
	switch {
	case pg.NextLink != "":
		p.cur.Next = pg.NextLink
	case p.track && pg.DeltaLink == "":
		return out, "", fmt.Errorf("%w: %s: the last page of a change tracking read has no @odata.deltaLink; is Track changes enabled for %s? Otherwise set tables.%s.mode: modifiedon", extract.ErrMalformedPage, pg.URL, p.e.table.EntitySet, p.e.dataType)
	default:
		p.cur = p.cur.Finish()
		if p.track {
			p.cur.State = pg.DeltaLink
		}
	}
	out.Cursor = p.cur
	return out, pg.NextLink, nil
}

// fetch gets a page, asking again for one without its items array.
func (p *pass) fetch(ctx context.Context, link string) (api.Page, error) {
	prefer := api.Prefer(p.track, p.e.pageSize())
	for attempt := 0; ; attempt++ {
		pg, err := p.e.api.Page(ctx, link, prefer)
		var pe *api.ProtocolError
		if !errors.As(err, &pe) {
			return pg, err
		}
		if attempt >= extract.MalformedRetries {
			return pg, fmt.Errorf("%w: %w", extract.ErrMalformedPage, err)
		}
		wait := retry.DefaultPolicy.Backoff(attempt)
		if !retry.BudgetFrom(ctx).Take(wait) {
			return pg, fmt.Errorf("%w: %w (%w)", extract.ErrMalformedPage, err, retry.ErrBudgetExhausted)
		}
		if serr := p.e.sleep(ctx, wait); serr != nil {
			return pg, serr
		}
	}
}

// expired tells a refused delta link (an expired or unknown delta token:
// a 4xx other than auth and the retryable ones, such as throttling and
// timeouts) from other failures.
func expired(err error) bool {
	switch s := api.StatusOf(err); {
	case s == http.StatusForbidden, retry.Status(s) != retry.Permanent:
		return false
	default:
		return s >= 400 && s < 500
	}
}
