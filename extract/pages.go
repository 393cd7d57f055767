package extract

import (
	"context"
	"errors"
	"iter"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// PageFunc fetches the page at link and returns its records, the items it had
// to quarantine, and the server's link to the next page ("" on the last page).
// It wraps ErrMalformedPage or ErrUndecodablePage into its error when the page
// arrived whole but is unusable.
type PageFunc func(ctx context.Context, link string) (recs []record.Record, bad []record.Quarantined, next string, err error)

// ErrMalformedPage marks a page that arrived whole but breaks its protocol,
// such as a listing without its items array. Such a page is never taken as
// empty: Pages asks for it again MalformedRetries times, then fails.
var ErrMalformedPage = errors.New("malformed page")

// ErrUndecodablePage marks a page that arrived whole but cannot be decoded
// because of what a record holds (a raw NUL byte in a string, nesting deeper
// than the decoder allows). With a Narrowing, Pages isolates the record.
var ErrUndecodablePage = errors.New("undecodable page")

// MalformedRetries is how many more times a malformed page is asked for.
const MalformedRetries = 2

// malformedWait is the first wait before asking for a malformed page again;
// it doubles on each attempt.
const malformedWait = 200 * time.Millisecond

// Options tune Pages for one connector; the zero value is plain link paging.
type Options struct {
	// Narrowing, when set, isolates poisoned records instead of failing.
	Narrowing *Narrowing
	// Sleep waits between attempts at a malformed page (default: a timer that
	// stops on cancellation).
	Sleep func(ctx context.Context, d time.Duration) error
}

// Pages follows server-supplied next links from link, advancing cur over every
// page: each yielded page carries the cursor that is true once it is stored,
// and the last page's cursor has finished the pass. Connectors with link
// paging build their Extract on it.
func Pages(ctx context.Context, cur record.Cursor, link string, fetch PageFunc) iter.Seq2[record.Page, error] {
	return PagesWith(ctx, cur, link, fetch, Options{})
}

// PagesWith is Pages with options.
func PagesWith(ctx context.Context, cur record.Cursor, link string, fetch PageFunc, opt Options) iter.Seq2[record.Page, error] {
	if opt.Sleep == nil {
		opt.Sleep = retry.Sleep
	}
	return func(yield func(record.Page, error) bool) {
		p := &pager{fetch: fetch, opt: opt}
		// A pass resumed from a narrowed link widens again.
		p.narrowed = opt.Narrowing != nil && link != "" && opt.Narrowing.Size(link) < opt.Narrowing.PageSize
		for link != "" {
			recs, bad, next, err := p.page(ctx, link)
			if errors.Is(err, errNarrowed) {
				link = next
				continue
			}
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

type pager struct {
	fetch PageFunc
	opt   Options
	// narrowed is set while pages are smaller than the regular size.
	narrowed bool
}

// page fetches one page, asking again for a malformed one and narrowing
// around an undecodable one.
func (p *pager) page(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	recs, bad, next, err := p.attempts(ctx, link)
	if err == nil || !errors.Is(err, ErrUndecodablePage) || p.opt.Narrowing == nil {
		return recs, bad, next, err
	}
	p.narrowed = true
	recs, bad, next, err = p.opt.Narrowing.narrow(link, err)
	if err == nil {
		next, err = p.widen(next)
	}
	return recs, bad, next, err
}

// widen doubles the page size of a narrowed next link back towards the
// regular size.
func (p *pager) widen(next string) (string, error) {
	n := p.opt.Narrowing
	if !p.narrowed || next == "" {
		return next, nil
	}
	size := n.Size(next)
	if size*2 >= n.PageSize {
		p.narrowed = false
	}
	return n.Resize(next, min(2*size, n.PageSize))
}

func (p *pager) attempts(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	for attempt := 0; ; attempt++ {
		recs, bad, next, err := p.fetch(ctx, link)
		if err == nil {
			next, err = p.widen(next)
			return recs, bad, next, err
		}
		if !errors.Is(err, ErrMalformedPage) || attempt >= MalformedRetries {
			return nil, nil, "", err
		}
		wait := malformedWait << attempt
		if b := retry.BudgetFrom(ctx); b != nil && !b.Take(wait) {
			return nil, nil, "", err
		}
		if serr := p.opt.Sleep(ctx, wait); serr != nil {
			return nil, nil, "", serr
		}
	}
}
