package hubspot

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// caller is an authenticated request's token.
type caller struct {
	token string
	oauth bool
}

// ServeHTTP authenticates, applies the rate limits and routes. Every
// answer's Date header is the emulator's own clock, as a real portal's is
// its own.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Date", e.clock().Format(http.TimeFormat))
	e.statsMu.Lock()
	e.calls[r.Method+" "+r.URL.Path]++
	e.statsMu.Unlock()
	if r.URL.Path == "/oauth/v1/token" {
		e.tokenEndpoint(w, r)
		return
	}
	c, ok := e.authenticate(w, r)
	if !ok {
		return
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(r.URL.EscapedPath(), "/crm/v3/"), "/"), "/")
	if !strings.HasPrefix(r.URL.Path, "/crm/v3/") {
		e.fail(w, http.StatusNotFound, catNotFound, "Not Found")
		return
	}
	if isSearch(parts, r.Method) {
		if policy := e.limits.admitSearch(c.oauth, e.clock()); policy != "" {
			e.tooMany(w, policy)
			return
		}
		e.withType(w, parts[1], func(t *table) { e.search(w, r, t) })
		return
	}
	if policy := e.limits.admit(w.Header(), c.token, c.oauth, e.clock()); policy != "" {
		e.tooMany(w, policy)
		return
	}
	e.route(w, r, parts)
}

func isSearch(parts []string, method string) bool {
	return len(parts) == 3 && parts[0] == "objects" && parts[2] == "search" && method == http.MethodPost
}

// route dispatches a request below /crm/v3/.
func (e *Emulator) route(w http.ResponseWriter, r *http.Request, parts []string) {
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	switch {
	case len(parts) == 1 && parts[0] == "owners" && get:
		e.owners(w, r)
	case len(parts) == 2 && parts[0] == "properties" && get:
		e.withType(w, parts[1], func(t *table) { e.properties(w, t) })
	case len(parts) == 2 && parts[0] == "objects" && get:
		e.withType(w, parts[1], func(t *table) { e.list(w, r, t) })
	case len(parts) == 2 && parts[0] == "objects" && post:
		e.withType(w, parts[1], func(t *table) { e.createSingle(w, r, t) })
	case len(parts) == 3 && parts[0] == "objects" && parts[2] != "search" && parts[2] != "batch":
		e.withType(w, parts[1], func(t *table) { e.single(w, r, t, parts[2]) })
	case len(parts) == 4 && parts[0] == "objects" && parts[2] == "batch" && post:
		e.withType(w, parts[1], func(t *table) { e.batch(w, r, t, parts[3]) })
	case len(parts) >= 2 && (parts[0] == "objects" || parts[0] == "properties") || len(parts) == 1 && parts[0] == "owners":
		e.fail(w, http.StatusMethodNotAllowed, catValidation, "HTTP method "+r.Method+" is not supported by this URL")
	default:
		e.fail(w, http.StatusNotFound, catNotFound, "Not Found")
	}
}

// single serves GET, PATCH and DELETE of one object.
func (e *Emulator) single(w http.ResponseWriter, r *http.Request, t *table, id string) {
	switch r.Method {
	case http.MethodGet:
		e.getOne(w, r, t, id)
	case http.MethodPatch:
		e.updateSingle(w, r, t, id)
	case http.MethodDelete:
		e.archiveSingle(w, t, id)
	default:
		e.fail(w, http.StatusMethodNotAllowed, catValidation, "HTTP method "+r.Method+" is not supported by this URL")
	}
}

// withType runs f on the table of an object type; an unknown type is 400.
func (e *Emulator) withType(w http.ResponseWriter, typ string, f func(*table)) {
	e.mu.RLock()
	t := e.tables[typ]
	e.mu.RUnlock()
	if t == nil {
		e.invalid(w, "Unable to infer object type from: "+typ)
		return
	}
	f(t)
}

// authenticate checks the bearer token: a private app token or an OAuth
// access token that has not expired.
func (e *Emulator) authenticate(w http.ResponseWriter, r *http.Request) (caller, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if ok && tok != "" {
		for _, t := range e.opt.Tokens {
			if t == tok {
				return caller{token: tok}, true
			}
		}
		e.mu.RLock()
		exp, known := e.oauth[tok]
		e.mu.RUnlock()
		if known && e.clock().Before(exp) {
			return caller{token: tok, oauth: true}, true
		}
		if known {
			e.fail(w, http.StatusUnauthorized, catExpired, "The OAuth token used to make this call expired "+e.clock().Sub(exp).Round(1e9).String()+" ago.")
			return caller{}, false
		}
	}
	e.fail(w, http.StatusUnauthorized, catAuth, authMessage)
	return caller{}, false
}

// maxBody caps a request body.
const maxBody = 8 << 20

// readJSON decodes a JSON request body strictly into v: Content-Type must be
// application/json (415 otherwise), unknown fields and trailing data are
// 400 "Invalid input JSON ...".
func (e *Emulator) readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		e.fail(w, http.StatusUnsupportedMediaType, catValidation, fmt.Sprintf("Content type '%s' not supported; send application/json", r.Header.Get("Content-Type")))
		return false
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		e.invalid(w, "Invalid input JSON: "+err.Error())
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		e.invalid(w, "Invalid input JSON on line 1: "+err.Error())
		return false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		e.invalid(w, "Invalid input JSON on line 1: data after the JSON value")
		return false
	}
	return true
}
