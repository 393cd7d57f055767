package hubspot

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/record"
)

// narrowing isolates a poisoned object by asking for the same stretch with a
// smaller limit (the server's cursor untouched), down to one object.
func (e *Extractor) narrowing() *extract.Narrowing {
	size := e.pageSize(e.s.PageSize)
	if e.job.Extract.Mode == "incremental" {
		size = e.pageSize(e.s.SearchPageSize)
	}
	return &extract.Narrowing{PageSize: size, Size: sizeOf, Resize: e.resize, Salvage: e.salvage}
}

// resize is resizeLink with list links (the archived listing of an
// incremental pass, whose search pages may be larger) kept within the list's
// page size.
func (e *Extractor) resize(link string, n int) (string, error) {
	if !strings.HasPrefix(link, searchPrefix) {
		n = min(n, e.pageSize(e.s.PageSize))
	}
	return resizeLink(link, n)
}

// sizeOf is the limit a link asks for (1 when it cannot be read).
func sizeOf(link string) int {
	if strings.HasPrefix(link, searchPrefix) {
		if s, err := parseSearch(link); err == nil {
			return s.Limit
		}
		return 1
	}
	if strings.HasPrefix(link, archivedPrefix) {
		if a, err := parseArchived(link); err == nil {
			return sizeOf(a.URL)
		}
		return 1
	}
	m := limitRE.FindStringSubmatch(link)
	if m == nil {
		return 1
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// resizeLink returns link asking for n objects.
func resizeLink(link string, n int) (string, error) {
	switch {
	case strings.HasPrefix(link, searchPrefix):
		s, err := parseSearch(link)
		s.Limit = n
		return s.link(), err
	case strings.HasPrefix(link, archivedPrefix):
		a, err := parseArchived(link)
		if err != nil {
			return "", err
		}
		a.URL, err = resizeLink(a.URL, n)
		return a.link(), err
	}
	if !limitRE.MatchString(link) {
		sep := "?"
		if strings.Contains(link, "?") {
			sep = "&"
		}
		return link + sep + "limit=" + strconv.Itoa(n), nil
	}
	return limitRE.ReplaceAllString(link, "${1}"+strconv.Itoa(n)), nil
}

// The fields of a one-object page that would not decode are found in its
// raw text: the object's id, its modified-date property and paging.next.
var (
	rawIDRE    = regexp.MustCompile(`"id"\s*:\s*"((?:[^"\\]|\\.)*)"`)
	rawAfterRE = regexp.MustCompile(`"after"\s*:\s*"((?:[^"\\]|\\.)*)"`)
	rawLinkRE  = regexp.MustCompile(`"link"\s*:\s*"((?:[^"\\]|\\.)*)"`)
	rawTotalRE = regexp.MustCompile(`"total"\s*:\s*([0-9]+)`)
)

// rawTotal finds a search page's total in its raw text (0 when none).
func rawTotal(raw []byte) int {
	ms := rawTotalRE.FindAllSubmatch(raw, -1)
	if len(ms) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(string(ms[len(ms)-1][1]))
	return n
}

// rawID finds the first id in raw text ("" when none).
func rawID(raw []byte) string {
	return rawString(rawIDRE, raw, false)
}

func rawString(re *regexp.Regexp, raw []byte, last bool) string {
	ms := re.FindAllSubmatch(raw, -1)
	if len(ms) == 0 {
		return ""
	}
	m := ms[0]
	if last {
		m = ms[len(ms)-1]
	}
	s, err := strconv.Unquote(`"` + string(m[1]) + `"`)
	if err != nil {
		return string(m[1])
	}
	return s
}

// salvage quarantines the one object of a page that could not be decoded,
// with the page's raw bytes and the decoder's reason, and returns the link
// past it.
func (e *Extractor) salvage(err error) ([]record.Quarantined, string, error) {
	var u *undecodable
	if !errors.As(err, &u) {
		return nil, "", err
	}
	body := u.ue.Body
	id := rawID(body)
	if id == "" {
		return nil, "", fmt.Errorf("page %s: an undecodable page has no readable id", u.ue.URL)
	}
	bad := []record.Quarantined{{Key: id, Raw: record.Clip(body), Reason: fmt.Sprintf("object %q on %s cannot be decoded: %v", id, u.ue.URL, u.ue.Err)}}
	page := api.Page{After: rawString(rawAfterRE, body, true), Link: rawString(rawLinkRE, body, true)}
	switch {
	case strings.HasPrefix(u.link, searchPrefix):
		return e.salvageSearch(u.link, id, body, page.After, bad)
	case strings.HasPrefix(u.link, archivedPrefix):
		a, perr := parseArchived(u.link)
		if perr != nil {
			return nil, "", perr
		}
		next, nerr := api.NextURL(a.URL, page)
		if next == "" || nerr != nil {
			return bad, "", nerr
		}
		return bad, archived{URL: next, Since: a.Since, At: a.At}.link(), nil
	}
	next, nerr := api.NextURL(u.link, page)
	return bad, next, nerr
}

// salvageSearch moves a search position past its one undecodable object,
// found by its id and its modified-date property in the raw text.
func (e *Extractor) salvageSearch(link, id string, body []byte, after string, bad []record.Quarantined) ([]record.Quarantined, string, error) {
	s, err := parseSearch(link)
	if err != nil {
		return nil, "", err
	}
	t := s.From // a tie paged by id asked for this change time only
	if !s.ByKey {
		re := regexp.MustCompile(`"` + regexp.QuoteMeta(e.m.obj.Modified) + `"\s*:\s*"([^"]*)"`)
		if t, err = ParseTime(rawString(re, body, false)); err != nil {
			return nil, "", fmt.Errorf("undecodable object %q: %s: %w", id, e.m.obj.Modified, err)
		}
	}
	if s.seen(id, t) {
		bad = nil // delivered before this window; only its place counts
	}
	s.deliver(id, t)
	next, err := e.advance(s, 1, after, rawTotal(body))
	return bad, next, err
}
