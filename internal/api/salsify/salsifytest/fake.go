// Package salsifytest is a small strict fake of the Salsify products API for
// the connector's tests (not the sandbox emulator): bearer auth, listing with
// filter/page/per_page and the 10,000 result window, single reads, the bulk
// upsert with per-item error arrays, and x-ratelimit-* headers.
package salsifytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fake is one organization's products.
type Fake struct {
	Org, Token string

	mu       sync.Mutex
	docs     map[string]map[string]json.RawMessage
	order    []entry // docs in listing order; nil after a change
	clock    time.Time
	requests []string
	upserts  [][]map[string]json.RawMessage
	// Reject maps a product id to the messages an upsert of it draws.
	Reject map[string][]string
	// RateLimit, when set, is announced on every answer and counted down.
	RateLimit *RateLimit
	// Descending serves the listing newest first, as a server that does not
	// order by salsify:updated_at would.
	Descending bool
	// Mutate, when set, runs after every listing page is served.
	Mutate func(f *Fake)
}

// RateLimit is the announced hourly budget.
type RateLimit struct {
	Limit, Remaining int
	// Reset is sent verbatim as x-ratelimit-reset.
	Reset string
}

// New returns an empty fake for org, accepting token.
func New(org, token string) *Fake {
	return &Fake{Org: org, Token: token, docs: map[string]map[string]json.RawMessage{},
		clock: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Reject: map[string][]string{}}
}

// Put stores a product document (JSON object text with salsify:id and
// salsify:updated_at), replacing any with the same id.
func (f *Fake) Put(doc string) {
	var d map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		panic(fmt.Sprintf("salsifytest: bad doc %s: %v", doc, err))
	}
	var id string
	_ = json.Unmarshal(d["salsify:id"], &id)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docs[id] = d
	f.order = nil
}

// Delete removes a product.
func (f *Fake) Delete(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.docs, id)
	f.order = nil
}

// Doc returns a stored product's property as JSON text ("" when absent).
func (f *Fake) Doc(id, prop string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return string(f.docs[id][prop])
}

// Requests returns every request's method, path and raw query so far.
func (f *Fake) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// Upserts returns the items of every bulk upsert call so far, in order.
func (f *Fake) Upserts() [][]map[string]json.RawMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]map[string]json.RawMessage(nil), f.upserts...)
}

// ServeHTTP implements http.Handler.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
	f.mu.Unlock()
	if f.limited(w) {
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+f.Token {
		fail(w, http.StatusUnauthorized, "Invalid or missing API token")
		return
	}
	base := "/api/v1/orgs/" + f.Org + "/products"
	switch {
	case r.Method == http.MethodGet && r.URL.Path == base:
		f.list(w, r)
	case r.Method == http.MethodPut && r.URL.Path == base+"/_upsert":
		f.upsert(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, base+"/"):
		f.get(w, strings.TrimPrefix(r.URL.Path, base+"/"))
	default:
		fail(w, http.StatusNotFound, "Not found")
	}
}

// limited announces the budget and answers 429 when it is spent.
func (f *Fake) limited(w http.ResponseWriter) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	rl := f.RateLimit
	if rl == nil {
		return false
	}
	if rl.Remaining > 0 {
		rl.Remaining--
	}
	w.Header().Set("X-Ratelimit-Limit", strconv.Itoa(rl.Limit))
	w.Header().Set("X-Ratelimit-Remaining", strconv.Itoa(rl.Remaining))
	w.Header().Set("X-Ratelimit-Reset", rl.Reset)
	if rl.Remaining == 0 {
		w.Header().Set("Retry-After", "60")
		fail(w, http.StatusTooManyRequests, "Rate limit exceeded")
		return true
	}
	return false
}

func fail(w http.ResponseWriter, status int, msgs ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": msgs})
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *Fake) get(w http.ResponseWriter, id string) {
	f.mu.Lock()
	d, ok := f.docs[id]
	f.mu.Unlock()
	if !ok {
		fail(w, http.StatusNotFound, "Product "+id+" not found")
		return
	}
	reply(w, http.StatusOK, d)
}

var condRE = regexp.MustCompile(`^'salsify:updated_at':(gte|lte)\('(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)'\)$`)

// matcher parses the filter; only gte/lte on salsify:updated_at are known.
func matcher(filter string) (func(time.Time) bool, error) {
	if filter == "" {
		return func(time.Time) bool { return true }, nil
	}
	body, ok := strings.CutPrefix(strings.TrimSuffix(filter, ":product_type:all"), "=")
	if !ok {
		return nil, fmt.Errorf("filter must start with =")
	}
	var lo, hi *time.Time
	for _, c := range strings.Split(body, ",") {
		m := condRE.FindStringSubmatch(c)
		if m == nil {
			return nil, fmt.Errorf("unsupported filter condition %s", c)
		}
		t, _ := time.Parse(time.RFC3339Nano, m[2])
		if m[1] == "gte" {
			lo = &t
		} else {
			hi = &t
		}
	}
	return func(t time.Time) bool {
		return (lo == nil || !t.Before(*lo)) && (hi == nil || !t.After(*hi))
	}, nil
}

func updatedOf(d map[string]json.RawMessage) time.Time {
	var s string
	_ = json.Unmarshal(d["salsify:updated_at"], &s)
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func idOf(d map[string]json.RawMessage) string {
	var s string
	_ = json.Unmarshal(d["salsify:id"], &s)
	return s
}

type entry struct {
	id      string
	updated time.Time
	doc     map[string]json.RawMessage
}

// sorted returns the matching documents by salsify:updated_at then salsify:id.
func (f *Fake) sorted(match func(time.Time) bool) []map[string]json.RawMessage {
	if f.order == nil {
		f.order = make([]entry, 0, len(f.docs))
		for id, d := range f.docs {
			f.order = append(f.order, entry{id: id, updated: updatedOf(d), doc: d})
		}
		sort.Slice(f.order, func(i, j int) bool {
			a, b := f.order[i], f.order[j]
			if !a.updated.Equal(b.updated) {
				return a.updated.Before(b.updated)
			}
			return a.id < b.id
		})
	}
	var out []map[string]json.RawMessage
	for _, e := range f.order {
		if match(e.updated) {
			out = append(out, e.doc)
		}
	}
	if f.Descending {
		slices.Reverse(out)
	}
	return out
}
