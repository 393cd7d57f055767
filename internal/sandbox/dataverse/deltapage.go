package dataverse

import (
	"net/http"
	"strconv"
)

// deltaCursor reads the $skiptoken of a delta page: the version the delta
// runs up to (fixed on its first page) and the last change answered. Without
// one, the delta runs up to the current version.
func (e *Emulator) deltaCursor(q *query, size int) (cookie, *apiError) {
	c := cookie{Page: 1, Size: size, Query: queryHash(q, true) + "-" + q.delta, Delta: e.current()}
	if q.skiptoken == "" {
		return c, nil
	}
	prev, ok := readCookie(q.skiptoken)
	if !ok || prev.Query != c.Query || len(prev.Last) != 2 {
		return c, badQuery("The $skiptoken '" + q.skiptoken + "' is not valid for this query; follow @odata.nextLink verbatim.")
	}
	if prev.Size != size {
		return c, badQuery("The odata.maxpagesize preference must be the same on every page of a query (" + strconv.Itoa(prev.Size) + ").")
	}
	prev.Page++
	return prev, nil
}

// deltaPage cuts the page of all after c.Last and sets the next link (more
// changes follow) or the delta link (the last page).
func (e *Emulator) deltaPage(r *http.Request, es *entitySet, q *query, all []change, c cookie, size int, out map[string]any) []change {
	if size == 0 {
		size = e.opts.MaxPageSize
	}
	start := 0
	if len(c.Last) == 2 {
		phase, _ := strconv.Atoi(textOf(c.Last[0]))
		version, _ := strconv.ParseInt(textOf(c.Last[1]), 10, 64)
		for start < len(all) {
			p, v := all[start].key()
			if p > phase || p == phase && v > version {
				break
			}
			start++
		}
	}
	page := all[start:]
	if len(page) <= size {
		out["@odata.deltaLink"] = e.deltaLink(r, es, c.Delta)
		return page
	}
	page = page[:size]
	phase, version := page[size-1].key()
	c.Last = []any{phase, version}
	out["@odata.nextLink"] = link(e.baseURL(r), es, r.URL.RawQuery, "$skiptoken", c.token())
	return page
}
