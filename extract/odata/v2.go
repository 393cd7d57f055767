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
	m.createdDate, m.createdTime = ent.CreatedDate, ent.CreatedTime
	if m.customer && m.createdDate == "" {
		m.createdDate, m.createdTime = "CreationDate", "CreationTime"
	}
	if m.dateField == "" {
		m.createdDate, m.createdTime = "", ""
	}
	loc, err := ent.Location()
	if err != nil {
		return nil, fmt.Errorf("odata v2 entity %s: %w", job.Extract.Entity, err)
	}
	m.loc = loc
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
	return cur, e.api.CollectionURL(e.entity.Path, e.query(bounds{lower: lower, until: from.Until}, e.twoStretches(), nil, e.top()))
}

func (e *V2Extractor) keyset() bool { return e.entity.Paging != api.PagingServer }

func (e *V2Extractor) top() int { return max(e.job.Extract.PageSize, 1) }

func (e *V2Extractor) topOf(link string) int {
	if n := api.TopOf(link); n > 0 {
		return n
	}
	return e.top()
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
	created := e.keyset() && e.inCreated(link)
	recs, bad := e.mapAll(page.Value, b, created)
	if !e.keyset() {
		return recs, bad, page.NextLink, nil
	}
	next, err := e.next(link, b, page, created)
	if err != nil {
		return nil, nil, "", err
	}
	return recs, bad, next, nil
}

// next is the link to the rows after a key set page at link in its
// stretch; after the never-changed stretch the changed one follows, after
// that the pass ends ("").
func (e *V2Extractor) next(link string, b bounds, page api.Page, created bool) (string, error) {
	if len(page.Value) == 0 || (page.NextLink == "" && len(page.Value) < e.topOf(link)) {
		if created {
			return e.api.CollectionURL(e.entity.Path, e.query(b, false, nil, e.topOf(link))), nil
		}
		return "", nil
	}
	pos, err := e.positionIn(page.Value[len(page.Value)-1], created)
	if err != nil {
		return "", fmt.Errorf("page %s after %s: %w", e.job.Extract.Entity, link, err)
	}
	next := e.api.CollectionURL(e.entity.Path, e.query(b, created, pos, e.topOf(link)))
	if next == link {
		return "", fmt.Errorf("page %s: the page after %s asks for the same rows again; the service does not order or filter by %s", e.job.Extract.Entity, link, strings.Join(e.order(created), ","))
	}
	return next, nil
}

// mapAll maps a page's entities, quarantining the ones that cannot be read
// and dropping those outside b (read by an earlier pass, or after the
// window; an entity is kept when any instant its wall clock time can mean
// lies within) and those of the other stretch (created: the never-changed
// one), which that stretch reads.
func (e *V2Extractor) mapAll(items []json.RawMessage, b bounds, created bool) ([]record.Record, []record.Quarantined) {
	recs := make([]record.Record, 0, len(items))
	var bad []record.Quarantined
	for i, raw := range items {
		r, latest, err := e.mapper.mapSpan(raw)
		if err != nil {
			if r.Key == "" {
				r.Key = (mapper{key: e.entity.Key}).peekKey(raw)
			}
			bad = append(bad, record.Quarantined{Key: r.Key, Raw: record.Clip(raw), Reason: fmt.Sprintf("entity %d: %v", i, err)})
			continue
		}
		if e.mapper.dateField != "" && (latest.Before(b.lower) || (!b.until.IsZero() && !r.Updated.Before(b.until))) {
			continue
		}
		if e.keyset() && e.twoStretches() && e.isNeverChanged(raw) != created {
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad
}

// position reads the literals of an entity's place in the order of its own
// stretch, leniently.
func (e *V2Extractor) position(raw json.RawMessage) ([]string, error) {
	return e.positionIn(raw, e.isNeverChanged(raw))
}

// positionIn reads the literals of an entity's place in a stretch's order
// (created: the never-changed one): its wall clock date and time, then its
// key, leniently.
func (e *V2Extractor) positionIn(raw json.RawMessage, created bool) ([]string, error) {
	props, err := lenientProps(raw)
	if err != nil {
		return nil, err
	}
	var pos []string
	if e.mapper.dateField != "" {
		// The stretch's own fields; a row the server should not have sent
		// in it (the date field null in the changed stretch) by its own.
		w, err := e.mapper.wallOf(props, created || e.mapper.neverChanged(props))
		if err != nil {
			return nil, err
		}
		day := w.Truncate(24 * time.Hour)
		pos = append(pos, api.DateTimeV2(day))
		if (created && e.mapper.createdTime != "") || (!created && e.mapper.timeField != "") {
			pos = append(pos, api.TimeV2(w.Sub(day)))
		}
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
