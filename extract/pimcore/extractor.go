// Package pimcore extracts products from Pimcore's Datahub GraphQL API
// (get<Class>Listing), mapping each object to the canonical product.
//
// Paging: the Datahub pages by integer offset (first/after until after >=
// totalCount), and offsets drift when objects leave or enter the result set
// between pages (TESTING.md rows 15 and 33): a delete before the offset makes
// the next page skip a record. So a pass pages by keyset instead: sorted by id,
// each page asks for the objects with id greater than the last one stored
// ({"id":{"$gt":lastID}}, after always 0), inside a modificationDate window
// fixed when the pass starts: from the watermark minus the overlap
// (inclusive, $gte) up to the newest modificationDate the server held at the
// start (inclusive), or a backfill's Until (exclusive). totalCount then
// counts the objects still to read, and the pass ends when a page holds all
// of them. A delete mid-pass only removes that object; an object updated
// mid-pass either is still ahead of the keyset (read now) or moves past the
// window's top (read by the next pass, whose lower bound never exceeds that
// top); objects sharing one modificationDate second are told apart by id, so
// a tie across a page boundary is delivered once, and a resumed pass
// continues after the last stored id. The watermark never passes the
// window's top, so nothing updated during the pass is left behind.
package pimcore

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/record"
)

// Extractor reads the objects of one Pimcore class as products.
type Extractor struct {
	api *api.Client
	s   api.Settings
	m   mapper
	job config.Job
	log zerolog.Logger
}

// settingsOf returns the system's settings as the wiring decoded them.
func settingsOf(spec extract.Spec) (api.Settings, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return s, fmt.Errorf("pimcore extractor for system %s: settings are %T, want pimcore settings decoded by the kind", spec.System, spec.Settings)
	}
	return s, nil
}

// New builds the extractor; it is the extract.Factory for kind "pimcore".
func New(spec extract.Spec) (extract.Extractor, error) {
	s, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	if spec.Job.Extract.Entity != "products" {
		return nil, fmt.Errorf("pimcore extractor reads entity products, not %q", spec.Job.Extract.Entity)
	}
	return &Extractor{api: api.New(spec.Client, s), s: s, m: newMapper(s), job: spec.Job, log: spec.Log}, nil
}

// Extract implements extract.Extractor. A large pass, new or resumed from
// one chain, is read as partitions after its first page (partition.go); a
// pass resumed from a partitioned cursor continues its partitions.
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	if len(from.Partitions) > 0 {
		return e.resumePartitions(ctx, from)
	}
	return func(yield func(record.Page, error) bool) {
		cur, link, total, err := e.start(ctx, from)
		if err != nil {
			yield(record.Page{URL: e.api.URL()}, err)
			return
		}
		pages := e.chain(ctx, cur, link)
		if e.s.Partitions > 1 {
			pages = e.planned(ctx, cur, link, total)
		}
		for p, err := range pages {
			if !yield(p, err) {
				return
			}
		}
	}
}

// chain reads one keyset chain from link, advancing cur.
func (e *Extractor) chain(ctx context.Context, cur record.Cursor, link string) iter.Seq2[record.Page, error] {
	return extract.PagesWith(ctx, cur, link, e.page, extract.Options{Narrowing: e.narrowing()})
}

func (e *Extractor) pageSize() int {
	if n := e.job.Extract.PageSize; n > 0 {
		return min(n, api.MaxPageSize)
	}
	return e.s.PageSize
}

// start returns the cursor and first position of a pass: continuing an
// unfinished pass, or a new one over the window described on the package,
// with the number of objects in its window when the window's probe told it
// (-1 when unknown).
func (e *Extractor) start(ctx context.Context, from record.Cursor) (record.Cursor, string, int, error) {
	if from.InPass() {
		if _, err := parsePosition(from.Next); err != nil {
			return from, "", -1, fmt.Errorf("resume pimcore pass: %w: %w", record.ErrCorruptCursor, err)
		}
		return from, from.Next, -1, nil
	}
	cur := from
	w := api.Window{From: e.lower(from).Unix()}
	if w.From < 0 {
		w.From = 0
	}
	total := -1
	if !from.Until.IsZero() {
		w.To = ceilUnix(from.Until)
	} else {
		top, n, err := e.newest(ctx, w)
		if err != nil {
			return cur, "", -1, err
		}
		// A window empty at the start still gets a top, its own lower
		// bound: the pass reads nothing and keeps the watermark, and the
		// objects edited meanwhile are the next pass's.
		w.To, total = max(top, w.From, 1), n
	}
	if w.From > 0 {
		cur.PassStart = time.Unix(w.From, 0).UTC()
	}
	return cur, position{window: w, first: e.pageSize()}.String(), total, nil
}

// lower is a pass's inclusive lower bound: the watermark, less the overlap
// on live runs; zero for full passes and first runs.
func (e *Extractor) lower(from record.Cursor) time.Time {
	if e.job.Extract.Mode != config.ModeIncremental || from.Watermark.IsZero() {
		return time.Unix(0, 0)
	}
	if from.Until.IsZero() {
		return from.Watermark.Add(-e.job.Extract.Overlap.Std())
	}
	return from.Watermark
}

func ceilUnix(t time.Time) int64 {
	s := t.Unix()
	if t.After(time.Unix(s, 0)) {
		s++
	}
	return s
}

// newest returns the exclusive top of a live pass's window: one second past
// the newest modificationDate in w, or 0 when w is empty; and how many
// objects w holds. The newest object is read leniently, so that a poisoned
// one does not stop the pass (the page that holds it quarantines it).
func (e *Extractor) newest(ctx context.Context, w api.Window) (int64, int, error) {
	q := e.s.ListingQuery(api.SortByTime, "id modificationDate")
	data, body, err := e.api.Do(ctx, q, vars(1, w))
	var l api.Listing
	var ue *api.UndecodableError
	switch {
	case errors.As(err, &ue):
		l, err = api.SalvageListing(body, e.s.ListingField())
	case err == nil:
		l, err = api.DecodeListing(data, e.s.ListingField())
	}
	if err != nil {
		return 0, -1, fmt.Errorf("read the newest modificationDate: %w", err)
	}
	if len(l.Nodes) == 0 {
		return 0, l.TotalCount, nil
	}
	mod, ok := api.PeekInt(l.Nodes[0], "modificationDate")
	if !ok {
		return 0, -1, fmt.Errorf("read the newest modificationDate: object %s has no integer modificationDate", api.PeekID(l.Nodes[0]))
	}
	return mod + 1, l.TotalCount, nil
}

// vars are a listing's variables for one page of window w.
func vars(first int, w api.Window) map[string]any {
	v := map[string]any{"first": first, "after": 0, "filter": nil}
	if f := w.Filter(); f != "" {
		v["filter"] = f
	}
	return v
}

// page fetches the page at a position: its products, the objects it had to
// quarantine, and the next position ("" when the window is read).
func (e *Extractor) page(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	pos, err := parsePosition(link)
	if err != nil {
		return nil, nil, "", err
	}
	// The call is freed as soon as the answer has arrived, before decoding.
	var body []byte
	err = extract.Call(ctx, func() (err error) {
		body, err = e.api.Send(ctx, e.s.ListingQuery(api.SortByID, e.s.Selection()), vars(pos.first, pos.window))
		return err
	})
	if err != nil {
		return nil, nil, "", e.fetchErr(pos, err)
	}
	return e.read(ctx, pos, body)
}

// read decodes the answer to the page at pos and maps its objects.
func (e *Extractor) read(ctx context.Context, pos position, body []byte) ([]record.Record, []record.Quarantined, string, error) {
	l, err := e.listing(body)
	if err != nil {
		return nil, nil, "", e.fetchErr(pos, err)
	}
	recs, bad := e.m.nodes(l.Nodes)
	if pos.window.From > 0 {
		if recs, bad, err = e.withVariants(ctx, l.Nodes, recs, bad); err != nil {
			return nil, nil, "", err
		}
	}
	next, err := e.next(pos, l)
	return recs, bad, next, err
}

// listing decodes a page's answer: its listing, or why it has none.
func (e *Extractor) listing(body []byte) (api.Listing, error) {
	return e.api.AnswerListing(body, e.s.ListingField())
}

func (e *Extractor) fetchErr(pos position, err error) error {
	var ue *api.UndecodableError
	where := fmt.Sprintf("fetch %s page after id %d", e.s.ListingField(), pos.window.AfterID)
	switch {
	case errors.Is(err, api.ErrNoItems), errors.Is(err, api.ErrCutOff):
		return fmt.Errorf("%s: %w: %w", where, extract.ErrMalformedPage, err)
	case errors.As(err, &ue):
		return fmt.Errorf("%s: %w: %w", where, extract.ErrUndecodablePage, &pageError{pos: pos, err: err})
	}
	return fmt.Errorf("%s: %w", where, err)
}
