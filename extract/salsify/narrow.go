package salsify

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/record"
)

// narrowing isolates a poisoned product by asking for the same stretch with
// a smaller per_page, down to one product.
func (e *Extractor) narrowing() *extract.Narrowing {
	return &extract.Narrowing{PageSize: e.pageSize(), Size: e.sizeOf, Resize: e.resize, Salvage: e.salvage}
}

func (e *Extractor) sizeOf(link string) int {
	p, err := parsePosition(link)
	if err != nil {
		return 1
	}
	return p.per
}

func (e *Extractor) resize(link string, n int) (string, error) {
	p, err := parsePosition(link)
	if err != nil {
		return "", err
	}
	return p.resized(n).link(e.api), nil
}

// The fields of a one-product page that would not decode are found in its
// raw text: the first salsify:id and salsify:updated_at (system fields lead a
// product document) and meta.total_entries.
var (
	rawIDRE      = regexp.MustCompile(`"salsify:id"\s*:\s*"((?:[^"\\]|\\.)*)"`)
	rawUpdatedRE = regexp.MustCompile(`"salsify:updated_at"\s*:\s*"([^"]*)"`)
	rawTotalRE   = regexp.MustCompile(`"total_entries"\s*:\s*([0-9]+)`)
)

// salvage quarantines the one product of a page that could not be decoded,
// with the page's raw bytes and the decoder's reason, and returns the link
// past it.
func (e *Extractor) salvage(err error) ([]record.Quarantined, string, error) {
	var u *undecodable
	if !errors.As(err, &u) {
		return nil, "", err
	}
	pos, perr := parsePosition(u.link)
	if perr != nil {
		return nil, "", perr
	}
	id, updated, total, serr := scanRaw(u.ue.Body)
	if serr != nil {
		return nil, "", fmt.Errorf("products %s: %w", pos.describe(), serr)
	}
	bad := []record.Quarantined{{Key: id, Raw: record.Clip(u.ue.Body),
		Reason: fmt.Sprintf("product %q on %s cannot be decoded: %v", id, pos.describe(), u.ue.Err)}}
	if updated.Equal(pos.from) && pos.isSeen(id) {
		bad = nil // delivered before this window; only its place counts
	}
	next, aerr := e.advance(pos, 1, []docPosition{{id: id, updated: updated}}, total)
	return bad, next, aerr
}

// scanRaw finds a one-product page's id, update time and total in its text.
func scanRaw(body []byte) (id string, updated time.Time, total int, err error) {
	m := rawIDRE.FindSubmatch(body)
	t := rawUpdatedRE.FindSubmatch(body)
	n := rawTotalRE.FindSubmatch(body)
	if m == nil || t == nil || n == nil {
		return "", time.Time{}, 0, fmt.Errorf("an undecodable page lacks a readable salsify:id, salsify:updated_at or total_entries")
	}
	if id, err = strconv.Unquote(`"` + string(m[1]) + `"`); err != nil {
		return "", time.Time{}, 0, fmt.Errorf("undecodable page: salsify:id: %w", err)
	}
	if updated, err = time.Parse(time.RFC3339Nano, string(t[1])); err != nil {
		return "", time.Time{}, 0, fmt.Errorf("undecodable page: salsify:updated_at: %w", err)
	}
	total, err = strconv.Atoi(string(n[1]))
	return id, updated.UTC(), total, err
}
