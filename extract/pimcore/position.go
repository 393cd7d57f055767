package pimcore

import (
	"fmt"
	"net/url"
	"strconv"

	api "github.com/stewardhq/steward/internal/api/pimcore"
)

// position is where a pass stands: its modificationDate window, the highest
// id stored so far (the keyset), and the page size. It is the cursor's Next,
// written as a query string ("from=…&to=…&after_id=…&first=…"): the Datahub
// has no next links, so steward keeps its own.
type position struct {
	window api.Window
	first  int
}

func (p position) String() string {
	q := url.Values{}
	q.Set("from", strconv.FormatInt(p.window.From, 10))
	q.Set("to", strconv.FormatInt(p.window.To, 10))
	q.Set("after_id", strconv.FormatInt(p.window.AfterID, 10))
	q.Set("first", strconv.Itoa(p.first))
	return q.Encode()
}

// parsePosition reads a position written by String.
func parsePosition(s string) (position, error) {
	q, err := url.ParseQuery(s)
	if err != nil {
		return position{}, fmt.Errorf("pimcore position %q: %w", s, err)
	}
	var p position
	nums := []struct {
		key string
		to  *int64
	}{{"from", &p.window.From}, {"to", &p.window.To}, {"after_id", &p.window.AfterID}}
	for _, n := range nums {
		if *n.to, err = strconv.ParseInt(q.Get(n.key), 10, 64); err != nil || *n.to < 0 {
			return position{}, fmt.Errorf("pimcore position %q: %s is not a non-negative integer", s, n.key)
		}
	}
	if p.first, err = strconv.Atoi(q.Get("first")); err != nil || p.first < 1 {
		return position{}, fmt.Errorf("pimcore position %q: first is not a positive integer", s)
	}
	return p, nil
}

// sizeOf and resize let extract.Narrowing ask for the same stretch of the
// pass in smaller pages: the keyset is kept, only first changes.
func sizeOf(link string) int {
	p, err := parsePosition(link)
	if err != nil {
		return 1
	}
	return p.first
}

func resize(link string, n int) (string, error) {
	p, err := parsePosition(link)
	if err != nil {
		return "", err
	}
	p.first = n
	return p.String(), nil
}
