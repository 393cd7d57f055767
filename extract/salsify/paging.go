package salsify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// ErrTieOverflow reports more products sharing one salsify:updated_at than
// Salsify's result window lets a listing reach: they cannot all be read by
// paging, and are never silently cut off.
var ErrTieOverflow = errors.New("more products share one update time than the 10,000 result window reaches")

// ErrUnordered reports a listing not ordered by salsify:updated_at, or
// holding products outside its filter: windows by time would skip products.
var ErrUnordered = errors.New("listing is not ordered by salsify:updated_at within its filter")

// undecodable is a page that could not be decoded, with its link.
type undecodable struct {
	link string
	ue   *api.UndecodableError
}

func (u *undecodable) Error() string { return u.ue.Error() }
func (u *undecodable) Unwrap() []error {
	return []error{extract.ErrUndecodablePage, u.ue}
}

// page fetches and maps one page and works out the next link.
func (e *Extractor) page(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	pos, err := parsePosition(link)
	if err != nil {
		return nil, nil, "", retry.Final(fmt.Errorf("fetch products page: %w", err))
	}
	page, err := e.list(ctx, link)
	var ue *api.UndecodableError
	switch {
	case errors.Is(err, api.ErrNoItems):
		return nil, nil, "", fmt.Errorf("fetch products %s: %w: %w", pos.describe(), extract.ErrMalformedPage, err)
	case errors.As(err, &ue):
		return nil, nil, "", fmt.Errorf("fetch products %s: %w", pos.describe(), &undecodable{link: link, ue: ue})
	case err != nil:
		return nil, nil, "", fmt.Errorf("fetch products %s: %w", pos.describe(), err)
	}
	if len(page.Data) > pos.per {
		return nil, nil, "", fmt.Errorf("products %s: %d products for per_page %d: %w", pos.describe(), len(page.Data), pos.per, extract.ErrMalformedPage)
	}
	items, orphans, err := e.withParents(ctx, page.Data)
	if err != nil {
		return nil, nil, "", fmt.Errorf("products %s: %w", pos.describe(), err)
	}
	recs, bad, places, err := e.mapPage(pos, items, orphans)
	if err != nil {
		return nil, nil, "", err
	}
	next, err := e.advance(pos, len(page.Data), places, page.Meta.TotalEntries)
	if err == nil && next == link {
		err = retry.Final(fmt.Errorf("products %s: the page's last products have no readable %s to page past", pos.describe(), api.UpdatedAt))
	}
	return recs, bad, next, err
}

// mapPage maps a page's products, drops those already delivered at the
// window's lower bound, and checks the order the windows rely on.
// A child whose parent does not exist (orphans, by position) is
// quarantined.
func (e *Extractor) mapPage(pos position, items []json.RawMessage, orphans map[int]error) ([]record.Record, []record.Quarantined, []docPosition, error) {
	var recs []record.Record
	var bad []record.Quarantined
	var places []docPosition
	for i, raw := range items {
		var d map[string]json.RawMessage
		place, perr := docPosition{}, json.Unmarshal(raw, &d)
		if perr == nil {
			place, perr = positionOf(d)
		}
		if perr == nil {
			if err := e.checkOrder(pos, places, place); err != nil {
				return nil, nil, nil, err
			}
			places = append(places, place)
			if place.updated.Equal(pos.from) && pos.isSeen(place.id) {
				continue
			}
		}
		r, err := mapDoc(raw, e.settings)
		if orphans[i] != nil {
			err = orphans[i]
		}
		if err != nil {
			bad = append(bad, record.Quarantined{Key: place.id, Raw: record.Clip(raw), Reason: fmt.Sprintf("item %d of %s: %v", i, pos.describe(), err)})
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad, places, nil
}

func (e *Extractor) checkOrder(pos position, places []docPosition, p docPosition) error {
	if !pos.inWindow(p.updated) {
		return retry.Final(fmt.Errorf("products %s: product %q updated at %s is outside the filter: %w", pos.describe(), p.id, p.updated.Format(api.TimeLayout), ErrUnordered))
	}
	if n := len(places); n > 0 && p.updated.Before(places[n-1].updated) {
		return retry.Final(fmt.Errorf("products %s: product %q updated at %s comes after %q updated at %s: %w", pos.describe(),
			p.id, p.updated.Format(api.TimeLayout), places[n-1].id, places[n-1].updated.Format(api.TimeLayout), ErrUnordered))
	}
	return nil
}

// advance returns the link after a page of n products, of which those with
// a readable position stood at places, or "" when the pass is done.
func (e *Extractor) advance(pos position, n int, places []docPosition, total int) (string, error) {
	if pos.tie {
		return e.advanceTie(pos, n, total)
	}
	switch {
	case n == total:
		return "", nil
	case n == 0 || n < pos.per:
		return "", fmt.Errorf("products %s: %d products of per_page %d while total_entries announces %d: %w", pos.describe(), n, pos.per, total, extract.ErrMalformedPage)
	case len(places) == 0:
		return "", retry.Final(fmt.Errorf("products %s: no product on the page has a readable %s to page past", pos.describe(), api.UpdatedAt))
	}
	last := places[len(places)-1].updated
	if !pos.from.IsZero() && last.Equal(pos.from) {
		// The whole page shares the lower bound: page through that instant
		// from its first page, whose total_entries the later tie pages are
		// checked against; the products delivered so far are not again.
		next := position{from: pos.from, until: pos.until, tie: true, page: 1, per: pos.per, seen: pos.seen}
		for _, p := range places {
			if !next.isSeen(p.id) {
				next.seen = append(next.seen, p.id)
			}
		}
		return e.tieLink(next, total)
	}
	next := position{from: last, until: pos.until, page: 1, per: pos.per}
	for _, p := range places {
		if p.updated.Equal(last) {
			next.seen = append(next.seen, p.id)
		}
	}
	return next.link(e.api), nil
}

// advanceTie moves through one instant by offset, then on past it. Offsets
// hold only while the instant keeps its products: when total_entries differs
// from the tie's first page's (a product read already was edited and left
// the instant, so the ones after it moved up a place), the instant is read
// again from its first page; staging drops the products read twice.
func (e *Extractor) advanceTie(pos position, n, total int) (string, error) {
	if pos.total > 0 && total != pos.total {
		e.log.Warn().Str(logkey.Page, pos.describe()).
			Str(logkey.Reason, fmt.Sprintf("total_entries went from %d to %d", pos.total, total)).
			Msg("products left or joined the update instant while it was paged; reading it again from its first page")
		next := pos
		next.page, next.total = 1, total
		return e.tieLink(next, total)
	}
	if pos.offset()+n >= total {
		after := position{from: pos.from.Add(time.Millisecond), until: pos.until, page: 1, per: pos.per}
		if !after.until.IsZero() && after.from.After(after.until) {
			return "", nil
		}
		return after.link(e.api), nil
	}
	if n < pos.per {
		return "", fmt.Errorf("products %s: %d products of per_page %d while total_entries announces %d: %w", pos.describe(), n, pos.per, total, extract.ErrMalformedPage)
	}
	next := pos
	next.page, next.total = next.page+1, total
	return e.tieLink(next, total)
}

// tieLink refuses a tie page beyond the result window.
func (e *Extractor) tieLink(p position, total int) (string, error) {
	if p.page*p.per > api.ResultWindow {
		return "", retry.Final(fmt.Errorf("products updated at %s: at least %d products (total_entries %d) share that instant, beyond Salsify's result window of %d; read them with an export run: %w",
			p.from.UTC().Format(api.TimeLayout), p.offset(), total, api.ResultWindow, ErrTieOverflow))
	}
	return p.link(e.api), nil
}
