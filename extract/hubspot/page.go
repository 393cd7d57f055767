package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
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
	next, err := nextLink(link, p)
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

// nextLink is the server's next link, followed verbatim (its host is checked
// when it is fetched). Query parameters of the current request that the
// link leaves out (properties, limit) are carried over, never the cursor.
// Without a link, the current request is sent again with the server's after.
func nextLink(cur string, p api.Page) (string, error) {
	if p.After == "" && p.Link == "" {
		return "", nil
	}
	base, err := url.Parse(cur)
	if err != nil {
		return "", fmt.Errorf("parse page link: %w", err)
	}
	have := base.Query()
	if p.Link == "" {
		have.Set("after", p.After)
		base.RawQuery = have.Encode()
		return base.String(), nil
	}
	next, err := url.Parse(p.Link)
	if err != nil {
		return "", fmt.Errorf("parse next link %q: %w", httpx.RedactString(p.Link), err)
	}
	q := next.Query()
	added := false
	for k, vs := range have {
		if _, ok := q[k]; !ok && k != "after" {
			q[k], added = vs, true
		}
	}
	if added {
		next.RawQuery = strings.TrimPrefix(next.RawQuery+"&"+url.Values(onlyMissing(q, next.Query())).Encode(), "&")
	}
	return next.String(), nil
}

// onlyMissing returns the keys of all that have are missing from.
func onlyMissing(all, from url.Values) url.Values {
	out := url.Values{}
	for k, vs := range all {
		if _, ok := from[k]; !ok {
			out[k] = vs
		}
	}
	return out
}

// millis writes a search filter's date value: epoch milliseconds (0 for
// no bound).
func millis(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}
