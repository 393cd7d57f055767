// Package salesforce emulates a Salesforce org's REST API (PROTOCOLS.md §2)
// as strictly as the documentation allows: the OAuth token endpoint (client
// credentials, JWT bearer), /services/data/vNN.0 with SOQL query/queryAll
// and opaque query locators, the replication resources (updated/deleted),
// sObject rows, sObject Collections (create, update, upsert by external id),
// Bulk API 2.0 ingest and query jobs and the daily request allocation with
// Sforce-Limit-Info. Errors are Salesforce's JSON arrays
// [{"message","errorCode"}]; see the files per resource for what each
// rejects.
package salesforce

import (
	"net/http"
	"strconv"
	"strings"
)

// Supported API versions: v31.0 to v68.0 (the newest the REST guide
// shows, PROTOCOLS.md §2.1); sObject Collections upsert needs v46.0 or later.
const (
	minVersion    = 31
	maxVersion    = 68
	upsertVersion = 46
)

const dataPrefix = "/services/data/"

// ServeHTTP routes the token endpoint and the REST API. Every answer's
// Date header is the emulator's own clock, as a real org's is its own.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.log.add(r)
	e.mu.Lock()
	w.Header().Set("Date", e.clock().Format(http.TimeFormat))
	e.mu.Unlock()
	path := r.URL.EscapedPath()
	switch {
	case path == "/services/oauth2/token":
		e.token(w, r)
	case path == "/services/data" || path == dataPrefix:
		e.versions(w, r)
	case strings.HasPrefix(path, dataPrefix):
		e.data(w, r, path[len(dataPrefix):])
	default:
		notFound(w)
	}
}

// data serves /services/data/vNN.0/...: version, session, allocation, route.
// Every answer carries Sforce-Limit-Info; only authenticated requests count.
func (e *Emulator) data(w http.ResponseWriter, r *http.Request, path string) {
	ver, rest, _ := strings.Cut(path, "/")
	v, ok := parseVersion(ver)
	if !ok {
		e.limitHeader(w)
		notFound(w)
		return
	}
	sess := e.authorize(r)
	if sess == nil {
		e.limitHeader(w)
		writeErr(w, http.StatusUnauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
		return
	}
	if !e.admit(w) {
		return
	}
	c := &call{e: e, w: w, r: r, ver: ver, v: v, user: sess.user}
	c.route(strings.Split(rest, "/"))
}

// parseVersion reads "vNN.0" within the supported range.
func parseVersion(s string) (int, bool) {
	num, ok := strings.CutPrefix(s, "v")
	if !ok || !strings.HasSuffix(num, ".0") {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(num, ".0"))
	if err != nil || strconv.Itoa(n) != strings.TrimSuffix(num, ".0") || n < minVersion || n > maxVersion {
		return 0, false
	}
	return n, true
}

// versions answers GET /services/data with the served versions (no session
// needed, as Salesforce's).
func (e *Emulator) versions(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		methodNotAllowed(w, r, "GET,HEAD")
		return
	}
	type version struct {
		Label   string `json:"label"`
		URL     string `json:"url"`
		Version string `json:"version"`
	}
	var out []version
	for n := minVersion; n <= maxVersion; n++ {
		v := strconv.Itoa(n) + ".0"
		out = append(out, version{Label: "v" + v, URL: dataPrefix + "v" + v, Version: v})
	}
	writeJSON(w, http.StatusOK, out)
}

// call is one authenticated API request.
type call struct {
	e    *Emulator
	w    http.ResponseWriter
	r    *http.Request
	ver  string // "v59.0"
	v    int
	user string
}

// route dispatches on the path segments after the version.
func (c *call) route(seg []string) {
	switch {
	case len(seg) == 1 && seg[0] == "limits":
		c.e.limits(c.w, c.r)
	case seg[0] == "query" || seg[0] == "queryAll":
		c.query(seg)
	case seg[0] == "sobjects" && len(seg) >= 2:
		c.sobjects(seg[1:])
	case seg[0] == "composite" && len(seg) >= 2 && seg[1] == "sobjects":
		c.collections(seg[2:])
	case seg[0] == "jobs" && len(seg) >= 2 && seg[1] == "ingest":
		c.ingest(seg[2:])
	case seg[0] == "jobs" && len(seg) >= 2 && seg[1] == "query":
		c.queryJobs(seg[2:])
	default:
		notFound(c.w)
	}
}

// sobjects dispatches /sobjects/{Obj}/...
func (c *call) sobjects(seg []string) {
	o, ok := c.e.schema.lookup(seg[0])
	if !ok {
		writeErr(c.w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
		return
	}
	rest := seg[1:]
	if len(rest) > 0 && rest[len(rest)-1] == "" {
		rest = rest[:len(rest)-1] // trailing slash
	}
	switch {
	case len(rest) == 0:
		c.createOne(o)
	case len(rest) == 1 && rest[0] == "updated":
		c.replicated(o, false)
	case len(rest) == 1 && rest[0] == "deleted":
		c.replicated(o, true)
	case len(rest) == 1:
		c.row(o, rest[0])
	case len(rest) == 2:
		c.upsertOne(o, rest[0], rest[1])
	default:
		notFound(c.w)
	}
}

// instanceURL is the emulator's own base URL as the request reached it.
func instanceURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
