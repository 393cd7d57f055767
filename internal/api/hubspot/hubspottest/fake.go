// Package hubspottest is a small strict fake of the HubSpot CRM objects API
// for the connector's tests (not the sandbox emulator), written from
// PROTOCOLS.md section 3: bearer auth, list with limit/after/archived and
// paging.next {after, link}, search with GTE/LT filters sorted ascending and
// the 10,000-result cap, batch read/upsert/update with unknown properties
// refused, and a burst window announced in X-HubSpot-RateLimit-* headers.
package hubspottest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Object is one stored object.
type Object struct {
	ID         string
	Props      map[string]string
	Modified   time.Time
	Archived   bool
	ArchivedAt time.Time
}

// Fake is one account's objects by type.
type Fake struct {
	Token string
	// Known lists each type's properties; others are refused.
	Known map[string][]string
	// ModProp is each type's modified-date property.
	ModProp map[string]string
	// Burst, when > 0, is the window's request count (Interval long),
	// announced and enforced with 429 SECONDLY.
	Burst    int
	Interval time.Duration
	// Now is the fake's clock for the window (default time.Now).
	Now func() time.Time
	// Daily, when set, is sent as X-HubSpot-RateLimit-Daily-Remaining.
	Daily *int
	// Reject maps an id (object id or unique value) to the message an
	// upsert or update of it draws in a 207.
	Reject map[string]string
	// Rewrite, when set, rewrites every answer body.
	Rewrite func(r *http.Request, body []byte) []byte

	mu       sync.Mutex
	objs     map[string]map[string]*Object
	nextID   int
	winStart time.Time
	winCount int
	// Got429 counts the 429s served; Requests the requests by "METHOD path".
	Got429   int
	Requests []string
	Bodies   []string
}

// New returns an empty fake with the default schemas' properties.
func New(token string) *Fake {
	return &Fake{Token: token, objs: map[string]map[string]*Object{}, nextID: 1000, Interval: 10 * time.Second,
		Known: map[string][]string{
			"companies": {"steward_external_id", "name", "vat_id", "address", "zip", "city", "country", "phone", "hubspot_owner_id", "hs_lastmodifieddate", "hs_object_id"},
			"contacts": {"email", "firstname", "lastname", "phone", "company", "website", "country", "message", "product_interest", "hubspot_owner_id",
				"lastmodifieddate", "steward_score", "steward_score_model", "steward_score_reasons", "steward_matched_products", "steward_next_steps", "hs_object_id"},
			"products": {"hs_sku", "name", "description", "price", "hs_lastmodifieddate", "hs_object_id"},
		},
		ModProp: map[string]string{"companies": "hs_lastmodifieddate", "contacts": "lastmodifieddate", "products": "hs_lastmodifieddate"},
		Reject:  map[string]string{}}
}

// Put stores an object of type t with id, properties and change time.
func (f *Fake) Put(t, id string, props map[string]string, mod time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.put(t, &Object{ID: id, Props: props, Modified: mod.UTC()})
}

func (f *Fake) put(t string, o *Object) {
	if f.objs[t] == nil {
		f.objs[t] = map[string]*Object{}
	}
	o.Props[f.ModProp[t]] = o.Modified.Format("2006-01-02T15:04:05.000Z")
	o.Props["hs_object_id"] = o.ID
	f.objs[t][o.ID] = o
}

// Archive archives an object at time at.
func (f *Fake) Archive(t, id string, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o := f.objs[t][id]; o != nil {
		o.Archived, o.ArchivedAt = true, at.UTC()
	}
}

// Get returns a copy of an object's properties (nil when absent).
func (f *Fake) Get(t, id string) map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.objs[t][id]
	if o == nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range o.Props {
		out[k] = v
	}
	return out
}

// Count returns how many objects of t are stored (archived included).
func (f *Fake) Count(t string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.objs[t])
}

// sorted returns the objects of t that match keep, by id (numeric when ids
// are numbers of equal length, else text).
func (f *Fake) sorted(t string, keep func(*Object) bool, less func(a, b *Object) bool) []*Object {
	var out []*Object
	for _, o := range f.objs[t] {
		if keep(o) {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

func byID(a, b *Object) bool { return a.ID < b.ID }

func (f *Fake) view(o *Object, props []string) map[string]any {
	p := map[string]any{}
	for _, k := range props {
		if v, ok := o.Props[k]; ok {
			p[k] = v
		} else {
			p[k] = nil
		}
	}
	m := map[string]any{"id": o.ID, "properties": p, "createdAt": "2024-01-01T00:00:00.000Z",
		"updatedAt": o.Modified.Format("2006-01-02T15:04:05.000Z"), "archived": o.Archived}
	if o.Archived {
		m["archivedAt"] = o.ArchivedAt.Format("2006-01-02T15:04:05.000Z")
	}
	return m
}

// ServeHTTP implements http.Handler.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Requests = append(f.Requests, r.Method+" "+r.URL.Path)
	if r.Header.Get("Authorization") != "Bearer "+f.Token {
		f.fail(w, r, 401, "INVALID_AUTHENTICATION", "Authentication credentials not found.")
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/crm/v3/objects/")
	if !ok {
		f.fail(w, r, 404, "OBJECT_NOT_FOUND", "no such path "+r.URL.Path)
		return
	}
	typ, op, _ := strings.Cut(rest, "/")
	if _, ok := f.Known[typ]; !ok {
		f.fail(w, r, 400, "VALIDATION_ERROR", "Unable to infer object type from: "+typ)
		return
	}
	search := op == "search"
	if !search && !f.admit(w, r) {
		return
	}
	switch {
	case r.Method == http.MethodGet && op == "":
		f.list(w, r, typ)
	case r.Method == http.MethodPost && search:
		f.search(w, r, typ)
	case r.Method == http.MethodPost && op == "batch/read":
		f.batchRead(w, r, typ)
	case r.Method == http.MethodPost && (op == "batch/upsert" || op == "batch/update"):
		f.batchWrite(w, r, typ, op == "batch/upsert")
	default:
		f.fail(w, r, 405, "VALIDATION_ERROR", r.Method+" "+r.URL.Path+" is not served")
	}
}

// admit counts a request in the burst window and sends the headers, or a
// 429 SECONDLY when the window is spent.
func (f *Fake) admit(w http.ResponseWriter, r *http.Request) bool {
	if f.Daily != nil {
		w.Header().Set("X-HubSpot-RateLimit-Daily-Remaining", strconv.Itoa(*f.Daily))
	}
	if f.Burst <= 0 {
		return true
	}
	now := time.Now()
	if f.Now != nil {
		now = f.Now()
	}
	if f.winStart.IsZero() || now.Sub(f.winStart) >= f.Interval {
		f.winStart, f.winCount = now, 0
	}
	f.winCount++
	h := w.Header()
	h.Set("X-HubSpot-RateLimit-Max", strconv.Itoa(f.Burst))
	h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.Itoa(int(f.Interval/time.Millisecond)))
	h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(max(f.Burst-f.winCount, 0)))
	if f.winCount > f.Burst {
		f.Got429++
		f.write(w, r, 429, map[string]any{"status": "error", "message": "You have reached your secondly limit.", "errorType": "RATE_LIMIT",
			"correlationId": "c-1", "policyName": "SECONDLY", "requestId": "r-1"})
		return false
	}
	return true
}

func (f *Fake) fail(w http.ResponseWriter, r *http.Request, status int, category, msg string) {
	f.write(w, r, status, map[string]any{"status": "error", "message": msg, "correlationId": "c-1", "category": category})
}

func (f *Fake) write(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, _ := json.Marshal(v)
	if f.Rewrite != nil {
		b = f.Rewrite(r, b)
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (f *Fake) unknown(typ string, props []string) string {
	for _, p := range props {
		found := false
		for _, k := range f.Known[typ] {
			found = found || k == p
		}
		if !found {
			return p
		}
	}
	return ""
}

func errorf(format string, a ...any) string { return fmt.Sprintf(format, a...) }
