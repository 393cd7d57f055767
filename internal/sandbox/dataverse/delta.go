package dataverse

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// deltaLink is the link to the changes after version: the request's query
// without paging, plus $deltatoken.
func (e *Emulator) deltaLink(r *http.Request, es *entitySet, version int64) string {
	raw := withoutOption(withoutOption(r.URL.RawQuery, "$skiptoken"), "$deltatoken")
	return link(e.baseURL(r), es, raw, "$deltatoken", deltaToken(version, e.clock()))
}

// readDelta checks a $deltatoken: its form, that it is not from the future,
// and that it has not expired (Options.ChangeTrackingDays).
func (e *Emulator) readDelta(tok string) (int64, *apiError) {
	v, at, ok := strings.Cut(tok, "!")
	version, err := strconv.ParseInt(v, 10, 64)
	when, terr := time.Parse("01/02/2006 15:04:05", at)
	e.mu.RLock()
	current := e.st.Version
	e.mu.RUnlock()
	if !ok || err != nil || terr != nil || version < 0 || version > current {
		return 0, badQuery("The $deltatoken '" + tok + "' is not valid.")
	}
	if when.Before(e.clock().AddDate(0, 0, -e.opts.ChangeTrackingDays)) {
		return 0, fail(http.StatusBadRequest, codeDeltaExpired, "ChangeTrackingTokenExpired: the version stamp associated with the $deltatoken has expired "+
			"(older than "+strconv.Itoa(e.opts.ChangeTrackingDays)+" days). Start a new full synchronization without the token.")
	}
	return version, nil
}

// change is one entry of a delta: a changed row, or a deletion (row nil).
type change struct {
	row  *row
	gone tomb
}

// key orders the changes of a delta: changed rows by version, then
// deletions by version (as Dataverse returns them).
func (c change) key() (int, int64) {
	if c.row != nil {
		return 0, c.row.Version
	}
	return 1, c.gone.Version
}

// changes are the rows of es changed after version from up to through, then
// the rows deleted in that span (and not there again), both in version
// order.
func (e *Emulator) changes(es *entitySet, from, through int64) []change {
	e.mu.RLock()
	defer e.mu.RUnlock()
	t := e.st.Tables[es.name]
	var rows, gone []change
	for _, r := range t.Rows {
		if r.Version > from && r.Version <= through {
			rows = append(rows, change{row: r})
		}
	}
	slices.SortFunc(rows, func(a, b change) int { return cmp.Compare(a.row.Version, b.row.Version) })
	for _, d := range t.Tombs {
		if d.Version > from && d.Version <= through && t.Rows[d.ID] == nil {
			gone = append(gone, change{gone: d})
		}
	}
	return append(rows, gone...)
}

// current returns the store's version.
func (e *Emulator) current() int64 {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.st.Version
}

// serveDelta answers GET of a delta link (PROTOCOLS.md §5.3): changed rows as
// entities, deleted rows as $deletedEntity. More changes than the page size
// (odata.maxpagesize, else 5000) are paged by @odata.nextLink; the last page
// carries the next delta link.
func (e *Emulator) serveDelta(w http.ResponseWriter, r *http.Request, es *entitySet, q *query) *apiError {
	if q.filter != nil || q.order != nil || q.top >= 0 {
		return badQuery("$filter, $orderby, $expand and $top are not supported with change tracking (odata.track-changes).")
	}
	from, err := e.readDelta(q.delta)
	if err != nil {
		return err
	}
	prefs := prefer(r)
	size, err := e.pageSize(prefs)
	if err != nil {
		return err
	}
	c, err := e.deltaCursor(q, size)
	if err != nil {
		return err
	}
	all := e.changes(es, from, c.Delta)
	base := e.baseURL(r)
	out := map[string]any{"@odata.context": contextURL(base, es, q.sel, "/$delta")}
	if q.count {
		out["@odata.count"] = len(all)
	}
	items := e.deltaPage(r, es, q, all, c, size, out)
	value := make([]any, 0, len(items))
	for _, ch := range items {
		if ch.row != nil {
			value = append(value, entity(es, ch.row, q.sel))
			continue
		}
		value = append(value, map[string]any{"@odata.context": base + apiRoot + "$metadata#" + es.name + "/$deletedEntity",
			"id": ch.gone.ID, "reason": "deleted"})
	}
	out["value"] = value
	applied := "odata.track-changes"
	if size > 0 {
		applied = "odata.maxpagesize=" + strconv.Itoa(size) + "," + applied
	}
	w.Header().Set("Preference-Applied", applied)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// serveCount answers GET /{set}/$count as text: the rows, or with
// $deltatoken the changes since the token.
func (e *Emulator) serveCount(w http.ResponseWriter, r *http.Request, es *entitySet) {
	q, err := parseQuery(es, r.URL.RawQuery)
	n := 0
	if err == nil && q.delta != "" {
		var version int64
		if version, err = e.readDelta(q.delta); err == nil {
			n = len(e.changes(es, version, e.current()))
		}
	} else if err == nil {
		rows, _ := e.matching(es, q)
		n = min(len(rows), countLimit)
	}
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("OData-Version", "4.0")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(strconv.Itoa(n)))
}
