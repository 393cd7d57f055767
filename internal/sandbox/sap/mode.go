package sap

import (
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Mode switches the emulator to harder behaviour that real servers show
// (PROTOCOLS.md §4, TESTING.md rows 33 and 34). Whatever the mode, the emulator
// answers 400 to a '+' in a query string, sends Edm.Decimal values as JSON
// numbers unless the client asks for IEEE754Compatible=true, and keeps change
// times to milliseconds, as the real server tried did.
type Mode struct {
	// OffsetSkiptoken makes $skiptoken a plain row offset into the result.
	OffsetSkiptoken bool `json:"offset_skiptoken"`
	// ShiftEachPage removes one row already served from the result set after
	// every page: the first row of the page is deleted, or, on every second
	// page, its change time moves to the emulator's clock (past a backfill
	// window's upper bound).
	ShiftEachPage bool `json:"shift_each_page"`
	// PageSize is the server's own page size; it ignores Prefer:
	// odata.maxpagesize and caps $top when set.
	PageSize int `json:"page_size"`
	// NullChangeEvery gives every n-th entity (catalog index 0, n, 2n, …, until
	// changed through the API) a null LastChangeDateTime, as records migrated
	// into SAP have; 0: none.
	NullChangeEvery int `json:"null_change_every"`
	// Query must be on every request (e.g. sap-client=100); next links leave it
	// out, as the real server's do.
	Query string `json:"query"`
}

// Strict is the mode the acceptance tests use: offset skiptokens, rows
// leaving the result set during a pass, a page size of 350 and sap-client=100.
var Strict = Mode{OffsetSkiptoken: true, ShiftEachPage: true, PageSize: 350, Query: "sap-client=100"}

// SetMode switches the emulator's mode.
func (s *Server) SetMode(m Mode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mode = m
}

func (s *Server) currentMode() Mode {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.mode
}

// checkQuery answers 400 as the real server does to a '+' (a sign in OData,
// never whitespace) and to a request without the mode's required query.
func (s *Server) checkQuery(w http.ResponseWriter, r *http.Request) bool {
	odataError := odataError
	if strings.HasPrefix(r.URL.Path, BPService) {
		odataError = v2Error
	}
	if i := strings.IndexByte(r.URL.RawQuery, '+'); i >= 0 {
		odataError(w, http.StatusBadRequest, "400", `Expected "(", "/", or a whitespace but "+" found in the query at offset `+itoa(i))
		return false
	}
	m := s.currentMode()
	if m.Query == "" {
		return true
	}
	want, _ := url.ParseQuery(m.Query)
	have := r.URL.Query()
	for k := range want {
		if have.Get(k) != want.Get(k) {
			odataError(w, http.StatusBadRequest, "/IWFND/CM_BEC/026", "Query parameter "+k+"="+want.Get(k)+" is required on every request")
			return false
		}
	}
	return true
}

// ieee754 reports whether the request asks for decimals as strings.
func ieee754(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		_, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		for k, v := range params {
			if strings.EqualFold(k, "IEEE754Compatible") && strings.EqualFold(v, "true") {
				return true
			}
		}
	}
	return false
}

// Delete removes an entity of set by key; false when there is none.
func (s *Server) Delete(set, key string) bool {
	es, ok := setNamed(set)
	if !ok {
		return false
	}
	i, ok := s.indexOf(es, key)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !ok || s.deleted[set][i] {
		return false
	}
	s.deleteLocked(set, i)
	return true
}

func (s *Server) deleteLocked(set string, i int) {
	if s.deleted[set] == nil {
		s.deleted[set] = map[int]bool{}
	}
	s.deleted[set][i] = true
}

// touchLocked moves entity i's change time to t.
func (s *Server) touchLocked(set entitySet, i int, t time.Time) {
	e := s.at(set, i)
	props := make(map[string]any, len(e.props))
	for k, v := range e.props {
		props[k] = v
	}
	props["LastChangeDateTime"] = t.UTC().Format(odataTime)
	if s.changed[set.name] == nil {
		s.changed[set.name] = map[int]entity{}
	}
	s.changed[set.name][i] = entity{keys: e.keys, props: props}
}

// Shifted returns the keys of set that ShiftEachPage deleted or moved, in order.
func (s *Server) Shifted(set string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.shifted[set]...)
}

// shift applies ShiftEachPage after a page whose first row is index first.
func (s *Server) shift(set entitySet, first int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[set.name]++
	key := s.at(set, first).props[set.keyProp].(string)
	s.shifted[set.name] = append(s.shifted[set.name], key)
	if s.pages[set.name]%2 == 0 {
		s.touchLocked(set, first, s.now())
		return
	}
	s.deleteLocked(set.name, first)
}

func setNamed(name string) (entitySet, bool) {
	for _, s := range sets {
		if s.name == name {
			return s, true
		}
	}
	return entitySet{}, false
}

func itoa(i int) string { return strconv.Itoa(i) }
