package salsify

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	api "github.com/stewardhq/steward/internal/api/salsify"
)

// position is where a pass stands, written into the link of its next page so
// that a stored cursor resumes exactly there. The link is the listing URL
// itself; what the server must not see (the ids already delivered at the
// lower bound, the outer upper bound of a tie) rides in its fragment, which
// is never sent.
//
// Between ties the pass reads keyset windows: page 1 of the products updated
// at or after from (and at or before until), ordered by salsify:updated_at,
// and the next window starts at the last update time read. No window is paged
// past its first page, so the 10,000 result window is never reached. When a
// whole page shares the window's lower bound, the pass pages through that one
// instant by offset (tie), which is bounded by the result window.
type position struct {
	from, until time.Time
	tie         bool
	page, per   int
	// seen are the ids at from already delivered.
	seen []string
	// total is a tie's total_entries as its pages found it, 0 before its
	// first page was read.
	total int
}

// link renders p as a listing URL for client c.
func (p position) link(c *api.Client) string {
	frag := url.Values{}
	var f string
	if p.tie {
		f = api.UpdatedFilter(p.from, p.from)
		frag.Set("tie", "1")
		if !p.until.IsZero() {
			frag.Set("until", p.until.UTC().Format(api.TimeLayout))
		}
		if p.total > 0 {
			frag.Set("total", strconv.Itoa(p.total))
		}
	} else {
		f = api.OrderedFilter(p.from, p.until)
	}
	frag["seen"] = p.seen
	l := c.ListURL(f, p.page, p.per)
	if len(frag) > 0 {
		l += "#" + frag.Encode()
	}
	return l
}

// parsePosition reads a link made by position.link back.
func parsePosition(link string) (position, error) {
	u, err := url.Parse(link)
	if err != nil {
		return position{}, fmt.Errorf("parse page link: %w", err)
	}
	q := u.Query()
	p := position{}
	if p.page, err = strconv.Atoi(q.Get("page")); err != nil || p.page < 1 {
		return p, fmt.Errorf("page link has no page number")
	}
	if p.per, err = strconv.Atoi(q.Get("per_page")); err != nil || p.per < 1 {
		return p, fmt.Errorf("page link has no per_page")
	}
	if p.from, p.until, err = api.ParseUpdatedFilter(q.Get("filter")); err != nil {
		return p, fmt.Errorf("page link: %w", err)
	}
	frag, err := url.ParseQuery(u.Fragment)
	if err != nil {
		return p, fmt.Errorf("page link fragment: %w", err)
	}
	p.seen = frag["seen"]
	if p.tie = frag.Has("tie"); p.tie {
		if p.from.IsZero() || !p.from.Equal(p.until) {
			return p, fmt.Errorf("page link: a tie page must filter on one instant")
		}
		p.until = time.Time{}
		if s := frag.Get("until"); s != "" {
			if p.until, err = time.Parse(api.TimeLayout, s); err != nil {
				return p, fmt.Errorf("page link fragment: %w", err)
			}
		}
		if s := frag.Get("total"); s != "" {
			if p.total, err = strconv.Atoi(s); err != nil || p.total < 1 {
				return p, fmt.Errorf("page link fragment: tie total %q is not a positive count", s)
			}
		}
	}
	return p, nil
}

// offset is the index of the page's first product in its window.
func (p position) offset() int { return (p.page - 1) * p.per }

// resized asks for the same stretch in pages of at most n products: a tie
// page keeps its offset, so its size must divide it.
func (p position) resized(n int) position {
	if !p.tie {
		p.per = n
		return p
	}
	off := p.offset()
	d := max(n, 1)
	for off%d != 0 {
		d--
	}
	p.page, p.per = off/d+1, d
	return p
}

// inWindow reports whether t lies in the window's bounds.
func (p position) inWindow(t time.Time) bool {
	if !p.from.IsZero() && t.Before(p.from) {
		return false
	}
	if p.tie {
		return t.Equal(p.from)
	}
	return p.until.IsZero() || !t.After(p.until)
}

func (p position) isSeen(id string) bool {
	for _, s := range p.seen {
		if s == id {
			return true
		}
	}
	return false
}

// describe names the window for error messages.
func (p position) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "page %d of products updated", p.page)
	if p.tie {
		fmt.Fprintf(&b, " at %s", p.from.UTC().Format(api.TimeLayout))
		return b.String()
	}
	if !p.from.IsZero() {
		fmt.Fprintf(&b, " from %s", p.from.UTC().Format(api.TimeLayout))
	}
	if !p.until.IsZero() {
		fmt.Fprintf(&b, " to %s", p.until.UTC().Format(api.TimeLayout))
	}
	return b.String()
}
