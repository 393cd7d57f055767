package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/record"
)

// searchPage posts the search at position link: the window's change times
// from its inclusive lower bound (and below Until), sorted ascending.
// Objects delivered before with the same change time are dropped.
func (e *Extractor) searchPage(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	s, err := parseSearch(link)
	if err != nil {
		return nil, nil, "", err
	}
	p, err := e.api.Search(ctx, e.m.obj.Type, e.request(s))
	if err != nil {
		return nil, nil, "", classify(link, err)
	}
	where := fmt.Sprintf("%s search from %s (after %q)", e.m.obj.Type, s.From.Format("2006-01-02T15:04:05.000Z07:00"), s.After)
	if s.ByKey {
		where = fmt.Sprintf("%s search at %s (id above %q)", e.m.obj.Type, s.From.Format("2006-01-02T15:04:05.000Z07:00"), s.Key)
	}
	if len(p.Results) == 0 && p.After != "" {
		return nil, nil, "", fmt.Errorf("%s has no results but a next page: %w", where, extract.ErrMalformedPage)
	}
	prev := s.Key
	recs, bad := e.window(&s, p.Results, where)
	if s.ByKey && p.After != "" && s.Key == prev {
		return nil, nil, "", fmt.Errorf("%s: no result of the page has a readable id to go on from: %w", where, extract.ErrMalformedPage)
	}
	next, err := e.advance(s, len(p.Results), p.After, p.Total)
	return recs, bad, next, err
}

// window maps a search page's results in their order, dropping those
// delivered before with the same change time (and noting the last id of a
// tie paged by id). A result that cannot be
// mapped is placed by its change time too, so that the next window, which
// starts at the latest change time delivered, does not quarantine it again.
func (e *Extractor) window(s *search, results []json.RawMessage, where string) ([]record.Record, []record.Quarantined) {
	var recs []record.Record
	var bad []record.Quarantined
	for _, raw := range results {
		r, q := e.m.record(raw, where)
		key, t, ok := r.Key, r.Updated, q == nil
		if q != nil {
			key, t, ok = e.m.placed(raw)
			if s.ByKey && key != "" {
				t, ok = s.From, true // the search asked for this change time only
			}
		}
		if ok {
			dup := s.seen(key, t)
			s.deliver(key, t)
			if dup {
				continue
			}
		}
		if q != nil {
			bad = append(bad, *q)
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad
}

// placed reads the id and change time of a result that cannot be mapped
// (ok false when either cannot be read).
func (m mapper) placed(raw json.RawMessage) (string, time.Time, bool) {
	var o api.Object
	if json.Unmarshal(raw, &o) != nil || o.ID == "" {
		return "", time.Time{}, false
	}
	t, err := m.changed(o)
	return o.ID, t, err == nil
}

// request is the search body of position s.
func (e *Extractor) request(s search) api.SearchRequest {
	mod := e.m.obj.Modified
	if s.ByKey {
		return e.tieRequest(s)
	}
	fs := []api.Filter{{PropertyName: mod, Operator: "GTE", Value: millis(s.From)}}
	if !s.Until.IsZero() {
		fs = append(fs, api.Filter{PropertyName: mod, Operator: "LT", Value: millis(s.Until)})
	}
	return api.SearchRequest{
		FilterGroups: []api.FilterGroup{{Filters: fs}},
		Sorts:        []api.Sort{{PropertyName: mod, Direction: "ASCENDING"}},
		Properties:   e.m.obj.Read(e.m.fields),
		Limit:        s.Limit,
		After:        s.After,
	}
}

// tieRequest is the search body of a tie paged by id: the objects changed
// at From with an id above Key, sorted by id.
func (e *Extractor) tieRequest(s search) api.SearchRequest {
	fs := []api.Filter{{PropertyName: e.m.obj.Modified, Operator: "EQ", Value: millis(s.From)}}
	if s.Key != "" {
		fs = append(fs, api.Filter{PropertyName: idProp, Operator: "GT", Value: s.Key})
	}
	return api.SearchRequest{
		FilterGroups: []api.FilterGroup{{Filters: fs}},
		Sorts:        []api.Sort{{PropertyName: idProp, Direction: "ASCENDING"}},
		Properties:   e.m.obj.Read(e.m.fields),
		Limit:        s.Limit,
	}
}

// idProp is the property holding an object's id (a number).
const idProp = "hs_object_id"

// advance returns the link after a search page of n results whose next
// cursor is after. Once the page has moved past the window's lower bound,
// the next page is a new window from the latest change time delivered (the
// keys delivered with it are dropped there): rows leaving the result set
// between pages cannot shift a later page, and no window nears the search's
// 10,000-result cap. A page whose objects all share the lower bound T goes
// on through that tie by id (tieRequest; never by the server's offset, which
// shifts when an object leaves the tie), then from T + 1 ms. A last page at
// the cap short of the search's total was cut by the cap (a server may
// withhold the next cursor there): it goes on like a page with a next
// cursor. At the end of the search come the deletions.
func (e *Extractor) advance(s search, n int, after string, total int) (string, error) {
	s.Count += n
	switch {
	case s.ByKey && after == "":
		s = search{From: s.From.Add(time.Millisecond), Until: s.Until, Since: s.Since, Limit: s.Limit, Listed: s.Listed}
		return s.link(), nil
	case s.ByKey:
		return s.link(), nil
	case after == "" && (s.Count >= total || s.Count < api.SearchCap):
		return e.deletions(s), nil
	case s.Tie.After(s.From):
		s.From, s.After, s.Count = s.Tie, "", 0
		return s.link(), nil
	case !s.Tie.IsZero() && s.Tie.Equal(s.From):
		s.ByKey, s.After, s.Count = true, "", 0
		return s.link(), nil
	case after != "" && s.Count+s.Limit <= api.SearchCap:
		s.After = after // nothing on the page could be placed
		return s.link(), nil
	}
	return "", fmt.Errorf("search %s from %s: %d results that cannot be placed by id and %s; the search cannot page past them (HubSpot serves at most %d results per query)",
		e.m.obj.Type, s.From.Format("2006-01-02T15:04:05.000Z07:00"), s.Count, e.m.obj.Modified, api.SearchCap)
}

// Count implements extract.Counter: the search total of a pass from the
// cursor (objects archived since are not counted).
func (e *Extractor) Count(ctx context.Context, from record.Cursor) (int, error) {
	s := search{From: from.Watermark, Until: from.Until, Limit: 1}
	p, err := e.api.Search(ctx, e.m.obj.Type, e.request(s))
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", e.m.obj.Type, err)
	}
	return p.Total, nil
}
