package salsify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ErrWalkOrder reports a listing that is not ordered by salsify:updated_at
// within its filter: a walk by update time would skip products.
var ErrWalkOrder = errors.New("listing is not ordered by salsify:updated_at within its filter")

// Listed is one product of a walk: its salsify:id, its update time and its
// document's properties.
type Listed struct {
	ID      string
	Updated time.Time
	Doc     map[string]json.RawMessage
}

// walk is where a walk over the listing stands: the next window's lower
// bound and the ids at that instant already delivered.
type walk struct {
	c    *Client
	per  int
	from time.Time
	seen map[string]bool
	fn   func(Listed) error
}

// Each calls fn once for every product of the organization, destroyed ones
// included, reading the listing in pages of perPage (at most MaxPerPage)
// filtered and ordered by salsify:updated_at, as the extractor reads it:
// each request reads the first page of the products updated at or after the
// last update time read, so no page lies past the 10,000 result window,
// and one instant shared by more than a page of products is paged through by
// offset. It costs about one request per perPage products.
func (c *Client) Each(ctx context.Context, perPage int, fn func(Listed) error) error {
	w := &walk{c: c, per: min(max(perPage, 1), MaxPerPage), seen: map[string]bool{}, fn: fn}
	for {
		done, err := w.window(ctx)
		if err != nil || done {
			return err
		}
	}
}

// window reads the first page of the products updated at or after w.from,
// delivers those not delivered yet and moves the bound past them.
func (w *walk) window(ctx context.Context) (done bool, err error) {
	link := w.c.ListURL(OrderedFilter(w.from, time.Time{}), 1, w.per)
	docs, total, err := w.read(ctx, link, w.from, time.Time{})
	if err != nil {
		return false, err
	}
	for _, d := range docs {
		if err := w.deliver(d); err != nil {
			return false, err
		}
	}
	switch {
	case len(docs) == total:
		return true, nil
	case len(docs) < w.per:
		return false, fmt.Errorf("list products %s: %d products on a page of %d while total_entries announces %d", link, len(docs), w.per, total)
	}
	last := docs[len(docs)-1].Updated
	if !w.from.IsZero() && last.Equal(w.from) {
		return false, w.tie(ctx)
	}
	w.from, w.seen = last, map[string]bool{}
	for _, d := range docs {
		if d.Updated.Equal(last) {
			w.seen[d.ID] = true
		}
	}
	return false, nil
}

// tie pages by offset through the products updated at w.from, a whole page
// of which share that instant, and moves the bound past it.
func (w *walk) tie(ctx context.Context) error {
	for page := 2; ; page++ {
		if page*w.per > ResultWindow {
			return fmt.Errorf("list products updated at %s: more than %d products share that instant, beyond the result window",
				w.from.Format(TimeLayout), ResultWindow-w.per)
		}
		link := w.c.ListURL(UpdatedFilter(w.from, w.from), page, w.per)
		docs, total, err := w.read(ctx, link, w.from, w.from)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if err := w.deliver(d); err != nil {
				return err
			}
		}
		if (page-1)*w.per+len(docs) >= total {
			break
		}
		if len(docs) < w.per {
			return fmt.Errorf("list products %s: %d products on a page of %d while total_entries announces %d", link, len(docs), w.per, total)
		}
	}
	w.from, w.seen = w.from.Add(time.Millisecond), map[string]bool{}
	return nil
}

// deliver hands d to fn unless it was delivered at the window's bound.
func (w *walk) deliver(d Listed) error {
	if d.Updated.Equal(w.from) {
		if w.seen[d.ID] {
			return nil
		}
		w.seen[d.ID] = true
	}
	return w.fn(d)
}

// read fetches one page and checks that its products lie in [from, to] (to
// zero: no upper bound) in order of update time.
func (w *walk) read(ctx context.Context, link string, from, to time.Time) ([]Listed, int, error) {
	page, err := w.c.List(ctx, link)
	if err != nil {
		return nil, 0, fmt.Errorf("list products: %w", err)
	}
	if n := page.Meta.PerPage; n > 0 && n < w.per {
		w.per = n // the server pages by what it says, not by what was asked
	}
	docs := make([]Listed, 0, len(page.Data))
	for k, raw := range page.Data {
		d, err := listed(raw)
		if err != nil {
			return nil, 0, fmt.Errorf("list products %s: item %d: %w", link, k, err)
		}
		out := (!from.IsZero() && d.Updated.Before(from)) || (!to.IsZero() && d.Updated.After(to))
		if out || (k > 0 && d.Updated.Before(docs[k-1].Updated)) {
			return nil, 0, fmt.Errorf("list products %s: product %q updated at %s: %w", link, d.ID, d.Updated.Format(TimeLayout), ErrWalkOrder)
		}
		docs = append(docs, d)
	}
	return docs, page.Meta.TotalEntries, nil
}

// listed decodes one listed product and its salsify:id and update time.
func listed(raw json.RawMessage) (Listed, error) {
	var d Listed
	if err := json.Unmarshal(raw, &d.Doc); err != nil {
		return d, fmt.Errorf("decode product: %w", err)
	}
	if json.Unmarshal(d.Doc["salsify:id"], &d.ID) != nil || d.ID == "" {
		return d, fmt.Errorf("product has no salsify:id string")
	}
	var ts string
	if json.Unmarshal(d.Doc[UpdatedAt], &ts) != nil {
		return d, fmt.Errorf("product %q has no %s string", d.ID, UpdatedAt)
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return d, fmt.Errorf("product %q: %s %q is not an RFC 3339 time", d.ID, UpdatedAt, ts)
	}
	d.Updated = t.UTC()
	return d, nil
}
