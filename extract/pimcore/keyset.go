package pimcore

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/record"
)

// next returns the position after a page: "" when the page holds every
// object the window still has (totalCount counts those past the keyset),
// else the same window past the page's last id. Ids must rise and stay past
// the keyset, or the server ignored the order or the filter and the pass
// would loop or skip.
func (e *Extractor) next(pos position, l api.Listing) (string, error) {
	if len(l.Nodes) == 0 {
		if l.TotalCount > 0 {
			return "", fmt.Errorf("%s after id %d: %w: totalCount announces %d more objects but the page holds none",
				e.s.ListingField(), pos.window.AfterID, extract.ErrMalformedPage, l.TotalCount)
		}
		return "", nil
	}
	last := pos.window.AfterID
	for i, n := range l.Nodes {
		id, err := strconv.ParseInt(api.PeekID(n), 10, 64)
		if err != nil {
			if i == len(l.Nodes)-1 {
				return "", fmt.Errorf("%s after id %d: the page's last object has no id to continue from", e.s.ListingField(), pos.window.AfterID)
			}
			continue
		}
		if id <= last {
			return "", fmt.Errorf("%s after id %d: object %d is out of id order (after %d): the server ignored sortBy or the id filter", e.s.ListingField(), pos.window.AfterID, id, last)
		}
		last = id
	}
	if len(l.Nodes) >= l.TotalCount {
		return "", nil
	}
	pos.window.AfterID = last
	return pos.String(), nil
}

// narrowing isolates a poisoned object by asking for the same keyset stretch
// with a smaller first, down to one object.
func (e *Extractor) narrowing() *extract.Narrowing {
	return &extract.Narrowing{PageSize: e.pageSize(), Size: sizeOf, Resize: resize, Salvage: e.salvage}
}

// salvage quarantines the objects of a one-object answer that could not be
// decoded, each with its raw bytes and the reason, and returns the position
// after them.
func (e *Extractor) salvage(cause error) ([]record.Quarantined, string, error) {
	var ue *api.UndecodableError
	if !errors.As(cause, &ue) {
		return nil, "", cause
	}
	var pe *pageError
	if !errors.As(cause, &pe) {
		return nil, "", cause
	}
	l, err := api.SalvageListing(ue.Body, e.s.ListingField())
	if err != nil {
		return nil, "", err
	}
	bad := make([]record.Quarantined, 0, len(l.Nodes))
	for i, n := range l.Nodes {
		reason := fmt.Sprintf("object %d: the answer holding it cannot be decoded: %v", i, ue.Err)
		if _, err := e.m.node(n); err != nil {
			reason = fmt.Sprintf("object %d: %v", i, err)
		}
		bad = append(bad, record.Quarantined{Key: api.PeekID(n), Raw: record.Clip(n), Reason: reason})
	}
	next, err := e.next(pe.pos, l)
	return bad, next, err
}

// pageError carries the position of a page whose answer could not be decoded.
type pageError struct {
	pos position
	err error
}

func (p *pageError) Error() string { return p.err.Error() }
func (p *pageError) Unwrap() error { return p.err }

// Count implements extract.Counter: the objects a pass from cursor would
// read, from totalCount.
func (e *Extractor) Count(ctx context.Context, from record.Cursor) (int, error) {
	w := api.Window{From: max(e.lower(from).Unix(), 0)}
	if !from.Until.IsZero() {
		w.To = ceilUnix(from.Until)
	}
	data, _, err := e.api.Do(ctx, e.s.ListingQuery(api.SortByID, "id"), vars(1, w))
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", e.s.ListingField(), err)
	}
	l, err := api.DecodeListing(data, e.s.ListingField())
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", e.s.ListingField(), err)
	}
	return l.TotalCount, nil
}
