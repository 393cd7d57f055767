package extract

import (
	"context"
	"iter"

	"github.com/stewardhq/steward/internal/record"
)

// PageFunc fetches the page at link and returns its records, the items it had
// to quarantine, and the server's link to the next page ("" on the last page).
type PageFunc func(ctx context.Context, link string) (recs []record.Record, bad []record.Quarantined, next string, err error)

// Pages follows server-supplied next links from link, advancing cur over every
// page: each yielded page carries the cursor that is true once it is stored,
// and the last page's cursor has finished the pass. Connectors with link
// paging build their Extract on it.
func Pages(ctx context.Context, cur record.Cursor, link string, fetch PageFunc) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		for link != "" {
			recs, bad, next, err := fetch(ctx, link)
			if err != nil {
				yield(record.Page{URL: link}, err)
				return
			}
			for _, r := range recs {
				cur.Observe(r.Updated)
			}
			if next == "" {
				cur = cur.Finish()
			} else {
				cur.Next = next
			}
			if !yield(record.Page{Records: recs, Quarantined: bad, Cursor: cur, URL: link}, nil) {
				return
			}
			link = next
		}
	}
}
