package salesforce

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Query batch sizes (Sforce-Query-Options: batchSize=N) and locator rules.
const (
	defaultBatch  = 2000
	minBatch      = 200
	locatorIdle   = 15 * time.Minute
	locatorsOpen  = 10
	locatorPrefix = "01g"
)

// locator is an open query cursor: the result set as it was at query time.
type locator struct {
	id       string
	resource string // query or queryAll
	user     string
	rows     []json.RawMessage
	batch    int
	issued   map[int]bool // offsets handed out in nextRecordsUrl
	lastUsed time.Time
}

// page is one answer of query, queryAll or a locator.
type page struct {
	TotalSize      int               `json:"totalSize"`
	Done           bool              `json:"done"`
	NextRecordsURL string            `json:"nextRecordsUrl,omitempty"`
	Records        []json.RawMessage `json:"records"`
}

// query serves GET /query?q=, /queryAll?q= and /query/{locator}-{offset}.
func (c *call) query(seg []string) {
	if c.r.Method != http.MethodGet {
		methodNotAllowed(c.w, c.r, "GET,HEAD")
		return
	}
	switch len(seg) {
	case 1:
		c.runQuery(seg[0])
	case 2:
		c.follow(seg[0], seg[1])
	default:
		notFound(c.w)
	}
}

// runQuery parses and runs a query, answering its first page.
func (c *call) runQuery(resource string) {
	q := c.r.URL.Query().Get("q")
	if strings.TrimSpace(q) == "" {
		writeErr(c.w, http.StatusBadRequest, "MALFORMED_QUERY", "A query string has to be specified")
		return
	}
	s, err := parseSOQL(q, c.e.schema)
	if err != nil {
		writeErr(c.w, http.StatusBadRequest, err.code, err.message(q))
		return
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	c.e.purgeDeleted(c.e.clock())
	recs := s.run(c.e.tables[s.obj.Name].sorted(), resource == "queryAll")
	rows := make([]json.RawMessage, len(recs))
	for i, r := range recs {
		rows[i] = render(r, s.fields, c.ver)
	}
	l := &locator{resource: resource, user: c.user, rows: rows, batch: c.batchSize(), issued: map[int]bool{}}
	writeJSON(c.w, http.StatusOK, c.e.pageOf(l, 0, c.ver))
}

// batchSize reads Sforce-Query-Options: batchSize=N (200..2000, clamped;
// the default 2000), then applies the emulator's page cap.
func (c *call) batchSize() int {
	n := defaultBatch
	for _, opt := range strings.Split(c.r.Header.Get("Sforce-Query-Options"), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(opt), "=")
		if b, err := strconv.Atoi(strings.TrimSpace(v)); strings.EqualFold(k, "batchSize") && err == nil {
			n = min(max(b, minBatch), defaultBatch)
		}
	}
	if c.e.opts.PageCap > 0 {
		n = min(n, c.e.opts.PageCap)
	}
	return n
}

// pageOf returns the page of l at offset, opening the locator when more
// rows follow; the caller holds e.mu.
func (e *Emulator) pageOf(l *locator, offset int, ver string) page {
	end := min(offset+l.batch, len(l.rows))
	p := page{TotalSize: len(l.rows), Done: end == len(l.rows), Records: l.rows[offset:end]}
	if p.Records == nil {
		p.Records = []json.RawMessage{}
	}
	if p.Done {
		return p
	}
	if l.id == "" {
		e.open(l)
	}
	l.issued[end] = true
	// A queryAll's nextRecordsUrl says query too (REST API guide, "QueryAll
	// More Results"); follow takes it under either resource.
	p.NextRecordsURL = dataPrefix + ver + "/query/" + l.id + "-" + strconv.Itoa(end)
	return p
}

// open registers a locator; a user's eleventh open locator closes the
// least recently used one. The caller holds e.mu.
func (e *Emulator) open(l *locator) {
	now := e.clock()
	e.expireLocators(now)
	var oldest *locator
	n := 0
	for _, o := range e.locators {
		if o.user == l.user {
			n++
			if oldest == nil || o.lastUsed.Before(oldest.lastUsed) {
				oldest = o
			}
		}
	}
	if n >= locatorsOpen {
		delete(e.locators, oldest.id)
	}
	e.seq++
	l.id = makeID(locatorPrefix, e.seq)
	l.lastUsed = now
	e.locators[l.id] = l
}

func (e *Emulator) expireLocators(now time.Time) {
	for id, l := range e.locators {
		if now.Sub(l.lastUsed) > locatorIdle {
			delete(e.locators, id)
		}
	}
}

// follow serves a nextRecordsUrl: exactly as handed out, without
// parameters, before the locator expires; a queryAll locator under /query/
// or /queryAll/, a query locator only under /query/.
func (c *call) follow(resource, ref string) {
	if c.r.URL.RawQuery != "" {
		writeErr(c.w, http.StatusBadRequest, "MALFORMED_QUERY", "a query locator URL takes no parameters")
		return
	}
	id, off, _ := strings.Cut(ref, "-")
	offset, err := strconv.Atoi(off)
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	c.e.expireLocators(c.e.clock())
	l := c.e.locators[id]
	if err != nil || l == nil || (resource == "queryAll" && l.resource != resource) || l.user != c.user || !l.issued[offset] {
		writeErr(c.w, http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator")
		return
	}
	l.lastUsed = c.e.clock()
	// A locator read to its end stays until it idles out, so that a page
	// lost in transit can be fetched again.
	writeJSON(c.w, http.StatusOK, c.e.pageOf(l, offset, c.ver))
}
