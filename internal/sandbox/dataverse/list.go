package dataverse

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// countLimit is the most @odata.count reports.
const countLimit = 5000

// cookie is what the $skiptoken carries, inside a paging cookie shaped like
// Dataverse's: the page number, the page size the client must keep, the
// query it belongs to, the last row's sort key and, when tracking changes,
// the version the delta link will start from.
type cookie struct {
	Page  int    `json:"p"`
	Size  int    `json:"s"`
	Query string `json:"q"`
	Last  []any  `json:"k"`
	Delta int64  `json:"d,omitempty"`
}

var cookieRE = regexp.MustCompile(`^<cookie pagenumber="\d+" pagingcookie="([A-Za-z0-9_-]+)" istracking="(True|False)" />$`)

func (c cookie) token() string {
	b, _ := json.Marshal(c)
	return `<cookie pagenumber="` + strconv.Itoa(c.Page) + `" pagingcookie="` + base64.RawURLEncoding.EncodeToString(b) +
		`" istracking="` + map[bool]string{true: "True", false: "False"}[c.Delta > 0] + `" />`
}

func readCookie(tok string) (cookie, bool) {
	var c cookie
	m := cookieRE.FindStringSubmatch(tok)
	if m == nil {
		return c, false
	}
	b, err := base64.RawURLEncoding.DecodeString(m[1])
	if err != nil {
		return c, false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return c, dec.Decode(&c) == nil && len(c.Last) > 0
}

// queryHash identifies the options a skiptoken was issued for.
func queryHash(q *query, track bool) string {
	h := sha1.Sum([]byte(q.raw["$select"] + "\x00" + q.raw["$filter"] + "\x00" + q.raw["$orderby"] + "\x00" + q.raw["$count"] + strconv.FormatBool(track)))
	return hex.EncodeToString(h[:8])
}

// serveList answers GET /{set}: a query, a page of it, or a delta.
func (e *Emulator) serveList(w http.ResponseWriter, r *http.Request, es *entitySet) {
	q, err := parseQuery(es, r.URL.RawQuery)
	if err == nil && q.delta != "" {
		err = e.serveDelta(w, r, es, q)
	} else if err == nil {
		err = e.servePage(w, r, es, q)
	}
	if err != nil {
		writeError(w, err)
	}
}

// pageSize reads Prefer: odata.maxpagesize; 0 when absent.
func (e *Emulator) pageSize(prefs map[string]string) (int, *apiError) {
	v, ok := prefs["odata.maxpagesize"]
	if !ok {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > e.opts.MaxPageSize {
		return 0, badQuery("The odata.maxpagesize preference '" + v + "' is not valid: it must be a whole number from 1 to " + strconv.Itoa(e.opts.MaxPageSize) + ".")
	}
	return n, nil
}

// matching returns the rows of es matching q, in q's order.
func (e *Emulator) matching(es *entitySet, q *query) ([]*row, int64) {
	rows, version := e.filtered(es, q)
	slices.SortFunc(rows, func(a, b *row) int {
		return keyCmp(es, q.order, sortKey(es, a, q.order), sortKey(es, b, q.order))
	})
	return rows, version
}

// filtered returns the rows of es that q's filter admits, unordered, and
// the store's version; the read lock is released even if a filter panics.
func (e *Emulator) filtered(es *entitySet, q *query) ([]*row, int64) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	rows := make([]*row, 0, len(e.st.Tables[es.name].Rows))
	for _, r := range e.st.Tables[es.name].Rows {
		if q.filter == nil || q.filter.match(es, r) {
			rows = append(rows, r)
		}
	}
	return rows, e.st.Version
}

// servePage answers one page of a query, with its next or delta link.
func (e *Emulator) servePage(w http.ResponseWriter, r *http.Request, es *entitySet, q *query) *apiError {
	prefs := prefer(r)
	_, track := prefs["odata.track-changes"]
	if c, ok := readCookie(q.skiptoken); ok && c.Delta > 0 {
		track = true // the paging cookie of a tracked read keeps tracking
	}
	if track && (q.filter != nil || q.order != nil || q.top >= 0) {
		return badQuery("$filter, $orderby, $expand and $top are not supported with change tracking (odata.track-changes).")
	}
	size, err := e.pageSize(prefs)
	if err != nil {
		return err
	}
	rows, version := e.matching(es, q)
	out := map[string]any{"@odata.context": contextURL(e.baseURL(r), es, q.sel, "")}
	if q.count {
		out["@odata.count"] = min(len(rows), countLimit)
		if len(rows) > countLimit {
			out["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] = true
		}
	}
	var applied []string
	if q.top >= 0 {
		rows = rows[:min(q.top, len(rows))]
	} else if rows, err = e.pageOf(w, r, es, q, rows, pageArgs{size: size, track: track, version: version}, out); err != nil {
		return err
	}
	if size > 0 && q.top < 0 {
		applied = append(applied, "odata.maxpagesize="+strconv.Itoa(size))
	}
	if track {
		applied = append(applied, "odata.track-changes")
	}
	if len(applied) > 0 {
		w.Header().Set("Preference-Applied", join(applied))
	}
	out["value"] = entities(es, rows, q.sel)
	writeJSON(w, http.StatusOK, out)
	return nil
}

type pageArgs struct {
	size    int
	track   bool
	version int64
}

// pageOf cuts the page a skiptoken asks for and sets the next or delta link.
func (e *Emulator) pageOf(w http.ResponseWriter, r *http.Request, es *entitySet, q *query, rows []*row, a pageArgs, out map[string]any) ([]*row, *apiError) {
	size := a.size
	if size == 0 {
		size = e.opts.MaxPageSize
	}
	c := cookie{Page: 1, Size: a.size, Query: queryHash(q, a.track)}
	if a.track {
		c.Delta = a.version
	}
	if q.skiptoken != "" {
		prev, ok := readCookie(q.skiptoken)
		if !ok || prev.Query != c.Query {
			return nil, badQuery("The $skiptoken '" + q.skiptoken + "' is not valid for this query; follow @odata.nextLink verbatim.")
		}
		if prev.Size != a.size {
			return nil, badQuery("The odata.maxpagesize preference must be the same on every page of a query (" + strconv.Itoa(prev.Size) + ").")
		}
		c.Page, c.Delta = prev.Page+1, prev.Delta
		start, _ := slices.BinarySearchFunc(rows, prev.Last, func(x *row, last []any) int {
			if keyCmp(es, q.order, sortKey(es, x, q.order), last) <= 0 {
				return -1
			}
			return 1
		})
		rows = rows[start:]
	}
	if len(rows) > size {
		rows = rows[:size]
		c.Last = jsonKey(sortKey(es, rows[size-1], q.order))
		out["@odata.nextLink"] = link(e.baseURL(r), es, r.URL.RawQuery, "$skiptoken", c.token())
	} else if a.track {
		out["@odata.deltaLink"] = e.deltaLink(r, es, c.Delta)
	}
	return rows, nil
}

// jsonKey round-trips a sort key through JSON so that it compares as a
// decoded cookie's does.
func jsonKey(k []any) []any {
	b, _ := json.Marshal(k)
	var out []any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
}

func entities(es *entitySet, rows []*row, sel []string) []map[string]any {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		out[i] = entity(es, r, sel)
	}
	return out
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}

// deltaToken is "<version>!<MM/dd/yyyy HH:mm:ss>", as Dataverse writes it.
func deltaToken(version int64, at time.Time) string {
	return strconv.FormatInt(version, 10) + "!" + at.UTC().Format("01/02/2006 15:04:05")
}
