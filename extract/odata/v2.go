package odata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/record"
)

// V2Extractor reads one entity set of an OData v2 service (SAP's business
// partners among them). With key set paging (the default) each page asks
// for the rows after the last one read in the order date, time of day, key:
// SAP's $skiptoken is a row offset, so rows deleted or changed between two
// pages would shift a __next link and a row would be skipped; a changed row
// moves to the end of the order and is read again. With paging: server the
// __next links are followed verbatim.
//
// An incremental pass filters the cursor's Edm.DateTime date from one day
// before the lower bound (the date carries no time, and no time zone), and
// drops client side the rows whose date and time lie before the bound: the
// rows an earlier pass already read.
type V2Extractor struct {
	api    *api.Client
	entity api.Entity
	mapper v2Mapper
	job    config.Job
}

// customerExpand is what the customer mapping reads beside the partner.
var customerExpand = []string{"to_BusinessPartnerAddress", "to_BusinessPartnerTax"}

func newV2(job config.Job, ent api.Entity, c *api.Client) (*V2Extractor, error) {
	m := v2Mapper{customer: ent.Canonical == api.CanonicalCustomer, key: ent.Key, dateField: job.Extract.CursorField, timeField: ent.CursorTime}
	if m.timeField == "" {
		m.timeField = "LastChangeTime"
	}
	if m.dateField == "" {
		m.timeField = ""
	}
	if m.customer && len(ent.Expand) == 0 {
		ent.Expand = customerExpand
	}
	for k, typ := range ent.KeyTypes {
		if typ != api.EdmString {
			return nil, fmt.Errorf("odata v2 entity %s: key %s of type %s is not supported (v2 key set paging takes Edm.String keys)", job.Extract.Entity, k, typ)
		}
	}
	return &V2Extractor{api: c, entity: ent, mapper: m, job: job}, nil
}

// Extract implements extract.Extractor.
func (e *V2Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	cur, link := e.start(from)
	b := bounds{lower: cur.PassStart, until: cur.Until}
	var opt extract.Options
	if e.keyset() {
		opt.Narrowing = &extract.Narrowing{PageSize: e.top(), Size: e.topOf, Resize: api.WithTop, Salvage: unsalvaged}
	}
	return extract.PagesWith(ctx, cur, link, func(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
		return e.page(ctx, link, b)
	}, opt)
}

func (e *V2Extractor) start(from record.Cursor) (record.Cursor, string) {
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
	return cur, e.api.CollectionURL(e.entity.Path, e.query(bounds{lower: lower, until: from.Until}, nil, e.top()))
}

func (e *V2Extractor) keyset() bool { return e.entity.Paging != api.PagingServer }

func (e *V2Extractor) top() int { return max(e.job.Extract.PageSize, 1) }

func (e *V2Extractor) topOf(link string) int {
	if n := api.TopOf(link); n > 0 {
		return n
	}
	return e.top()
}

// order is the key set order: date, time of day, key properties.
func (e *V2Extractor) order() []string {
	var out []string
	if e.mapper.dateField != "" {
		out = append(out, e.mapper.dateField, e.mapper.timeField)
	}
	return append(out, e.entity.Key...)
}

// query is the request for top rows within b after pos (nil: from the start).
func (e *V2Extractor) query(b bounds, pos []string, top int) api.Query {
	q := api.Query{Filter: e.filter(b), Select: e.entity.Select, Expand: e.entity.Expand, OrderBy: e.order(), V2: true}
	if len(q.Select) > 0 {
		q.Select = append(append([]string{}, q.Select...), missing(q.Select, append(e.order(), e.entity.Expand...))...)
	}
	if !e.keyset() {
		q.OrderBy = e.entity.Key
		return q
	}
	q.Top = top
	if pos != nil {
		q.Filter = joinAnd(q.Filter, after(e.order(), pos))
	}
	return q
}

// filter bounds the date from the day before b.lower (one day of overlap)
// up to b.until's day; the exact bounds are applied client side.
func (e *V2Extractor) filter(b bounds) string {
	var parts []string
	if d := e.mapper.dateField; d != "" && !b.lower.IsZero() {
		parts = append(parts, d+" ge "+api.DateTimeV2(b.lower.UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)))
	}
	if d := e.mapper.dateField; d != "" && !b.until.IsZero() {
		parts = append(parts, d+" le "+api.DateTimeV2(b.until.UTC().Truncate(24*time.Hour)))
	}
	if e.entity.Filter != "" {
		parts = append(parts, "("+e.entity.Filter+")")
	}
	return strings.Join(parts, " and ")
}

// after is the $filter clause selecting the rows after the literals pos in
// the order of props: (p1 gt v1) or (p1 eq v1 and p2 gt v2) or ….
func after(props, pos []string) string {
	var alts, eq []string
	for i, p := range props {
		alts = append(alts, "("+strings.Join(append(append([]string{}, eq...), p+" gt "+pos[i]), " and ")+")")
		eq = append(eq, p+" eq "+pos[i])
	}
	return "(" + strings.Join(alts, " or ") + ")"
}

func (e *V2Extractor) page(ctx context.Context, link string, b bounds) ([]record.Record, []record.Quarantined, string, error) {
	page, err := e.api.GetV2(ctx, link)
	var ue *api.UndecodableError
	switch {
	case errors.As(err, &ue) && e.keyset() && e.topOf(link) > 1:
		return nil, nil, "", fmt.Errorf("fetch %s page: %w: %w", e.job.Extract.Entity, extract.ErrUndecodablePage, err)
	case errors.As(err, &ue):
		if page, err = e.api.SalvageV2(ue); err != nil {
			return nil, nil, "", fmt.Errorf("fetch %s page: %w", e.job.Extract.Entity, err)
		}
	case errors.As(err, new(*api.ProtocolError)):
		return nil, nil, "", fmt.Errorf("fetch %s page: %w: %w", e.job.Extract.Entity, extract.ErrMalformedPage, err)
	case err != nil:
		return nil, nil, "", fmt.Errorf("fetch %s page: %w", e.job.Extract.Entity, err)
	}
	recs, bad := e.mapAll(page.Value, b)
	if !e.keyset() {
		return recs, bad, page.NextLink, nil
	}
	if len(page.Value) == 0 || (page.NextLink == "" && len(page.Value) < e.topOf(link)) {
		return recs, bad, "", nil
	}
	pos, err := e.position(page.Value[len(page.Value)-1])
	if err != nil {
		return nil, nil, "", fmt.Errorf("page %s after %s: %w", e.job.Extract.Entity, link, err)
	}
	next := e.api.CollectionURL(e.entity.Path, e.query(b, pos, e.topOf(link)))
	if next == link {
		return nil, nil, "", fmt.Errorf("page %s: the page after %s asks for the same rows again; the service does not order or filter by %s", e.job.Extract.Entity, link, strings.Join(e.order(), ","))
	}
	return recs, bad, next, nil
}

// mapAll maps a page's entities, quarantining the ones that cannot be read
// and dropping those outside b (read by an earlier pass, or after the
// window).
func (e *V2Extractor) mapAll(items []json.RawMessage, b bounds) ([]record.Record, []record.Quarantined) {
	recs := make([]record.Record, 0, len(items))
	var bad []record.Quarantined
	for i, raw := range items {
		r, err := e.mapper.mapOne(raw)
		if err != nil {
			if r.Key == "" {
				r.Key = (mapper{key: e.entity.Key}).peekKey(raw)
			}
			bad = append(bad, record.Quarantined{Key: r.Key, Raw: record.Clip(raw), Reason: fmt.Sprintf("entity %d: %v", i, err)})
			continue
		}
		if e.mapper.dateField != "" && (r.Updated.Before(b.lower) || (!b.until.IsZero() && !r.Updated.Before(b.until))) {
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad
}

// position reads the order's literals of an entity, leniently.
func (e *V2Extractor) position(raw json.RawMessage) ([]string, error) {
	props, err := lenientProps(raw)
	if err != nil {
		return nil, err
	}
	var pos []string
	if e.mapper.dateField != "" {
		t, err := e.mapper.changed(props)
		if err != nil {
			return nil, err
		}
		day := t.Truncate(24 * time.Hour)
		pos = append(pos, api.DateTimeV2(day), api.TimeV2(t.Sub(day)))
	}
	for _, k := range e.entity.Key {
		s, ok := props[k].(string)
		if !ok {
			return nil, fmt.Errorf("key property %s is missing or not a string", k)
		}
		pos = append(pos, api.String(s))
	}
	return pos, nil
}
