package dataverse

import (
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

// changes are the rows of es changed after version and the rows deleted
// after it (and not there again), both in version order.
func (e *Emulator) changes(es *entitySet, version int64) ([]*row, []tomb, int64) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	t := e.st.Tables[es.name]
	var rows []*row
	for _, r := range t.Rows {
		if r.Version > version {
			rows = append(rows, r)
		}
	}
	slices.SortFunc(rows, func(a, b *row) int { return int(a.Version - b.Version) })
	var gone []tomb
	for _, d := range t.Tombs {
		if d.Version > version && t.Rows[d.ID] == nil {
			gone = append(gone, d)
		}
	}
	return rows, gone, e.st.Version
}

// serveDelta answers GET of a delta link (PROTOCOLS.md §5.3): changed rows as
// entities, deleted rows as $deletedEntity, and the next delta link.
func (e *Emulator) serveDelta(w http.ResponseWriter, r *http.Request, es *entitySet, q *query) *apiError {
	if q.filter != nil || q.order != nil || q.top >= 0 || q.skiptoken != "" {
		return badQuery("$filter, $orderby, $expand and $top are not supported with change tracking (odata.track-changes).")
	}
	version, err := e.readDelta(q.delta)
	if err != nil {
		return err
	}
	rows, gone, now := e.changes(es, version)
	base := e.baseURL(r)
	value := make([]any, 0, len(rows)+len(gone))
	for _, row := range rows {
		value = append(value, entity(es, row, q.sel))
	}
	for _, d := range gone {
		value = append(value, map[string]any{"@odata.context": base + apiRoot + "$metadata#" + es.name + "/$deletedEntity",
			"id": d.ID, "reason": "deleted"})
	}
	out := map[string]any{"@odata.context": contextURL(base, es, q.sel, "/$delta"), "value": value,
		"@odata.deltaLink": e.deltaLink(r, es, now)}
	if q.count {
		out["@odata.count"] = len(value)
	}
	w.Header().Set("Preference-Applied", "odata.track-changes")
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
			rows, gone, _ := e.changes(es, version)
			n = len(rows) + len(gone)
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
