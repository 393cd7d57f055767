package hubspot

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// archivedPage reads one page of the archived listing: every object archived
// at or after the pass's lower bound is a deletion of the page at link.
func (e *Extractor) archivedPage(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	a, err := parseArchived(link)
	if err != nil {
		return nil, nil, "", err
	}
	p, err := e.api.List(ctx, a.URL)
	if err != nil {
		return nil, nil, "", classify(link, err)
	}
	where := "archived " + httpx.RedactString(a.URL)
	if len(p.Results) == 0 && p.After != "" {
		return nil, nil, "", fmt.Errorf("%s has no results but a next page: %w", where, extract.ErrMalformedPage)
	}
	var dels []record.Deletion
	var bad []record.Quarantined
	for _, raw := range p.Results {
		var o api.Object
		if err := json.Unmarshal(raw, &o); err != nil || o.ID == "" {
			bad = append(bad, record.Quarantined{Key: o.ID, Raw: record.Clip(raw), Reason: fmt.Sprintf("archived object on %s cannot be read: %v", where, err)})
			continue
		}
		at := o.UpdatedAt
		if o.ArchivedAt != nil {
			at = *o.ArchivedAt
		}
		if !at.Before(a.Since) {
			dels = append(dels, record.Deletion{Key: o.ID, At: at.UTC()})
		}
	}
	next, err := api.NextURL(a.URL, p)
	if err != nil {
		return nil, nil, "", err
	}
	e.putDeleted(link, dels)
	if next == "" {
		return nil, bad, "", nil
	}
	return nil, bad, archived{URL: next, Since: a.Since, At: a.At}.link(), nil
}
