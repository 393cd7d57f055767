package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// undecodable is a page that arrived whole but could not be decoded, with
// the link it was read at.
type undecodable struct {
	link string
	ue   *api.UndecodableError
}

func (u *undecodable) Error() string { return u.ue.Error() }
func (u *undecodable) Unwrap() error { return u.ue }

// page reads the page at link: a list page, a search page or an archived
// page.
func (e *Extractor) page(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	switch {
	case strings.HasPrefix(link, searchPrefix):
		return e.searchPage(ctx, link)
	case strings.HasPrefix(link, archivedPrefix):
		return e.archivedPage(ctx, link)
	}
	p, err := e.api.List(ctx, link)
	if err != nil {
		return nil, nil, "", classify(link, err)
	}
	where := httpx.RedactString(link)
	if len(p.Results) == 0 && p.After != "" {
		return nil, nil, "", fmt.Errorf("%s page %s has no results but a next page: %w", e.m.obj.Type, where, extract.ErrMalformedPage)
	}
	recs, bad := e.records(p.Results, where)
	next, err := api.NextURL(link, p)
	return recs, bad, next, err
}

// classify marks an unusable page for extract.Pages: a missing results
// array is malformed, an undecodable page is narrowed around.
func classify(link string, err error) error {
	var ue *api.UndecodableError
	switch {
	case errors.As(err, &ue):
		return fmt.Errorf("%w: %w", extract.ErrUndecodablePage, &undecodable{link: link, ue: ue})
	case errors.Is(err, api.ErrNoItems):
		return fmt.Errorf("%w: %w", extract.ErrMalformedPage, err)
	}
	return err
}

func (e *Extractor) records(results []json.RawMessage, where string) ([]record.Record, []record.Quarantined) {
	var recs []record.Record
	var bad []record.Quarantined
	for _, raw := range results {
		r, q := e.m.record(raw, where)
		if q != nil {
			bad = append(bad, *q)
			continue
		}
		recs = append(recs, r)
	}
	return recs, bad
}

// millis writes a search filter's date value: epoch milliseconds (0 for
// no bound).
func millis(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}
