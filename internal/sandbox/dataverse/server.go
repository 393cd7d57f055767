// Package dataverse emulates the Microsoft Dataverse Web API (Dynamics 365
// CE, PROTOCOLS.md §5 and the OData rules of §4) for one organization, as
// strictly as the documentation allows:
//
//   - POST /{tenant}/oauth2/v2.0/token: Entra ID client credentials (form or
//     Basic), scope exactly "<org URL>/.default", 3599 s tokens (auth.go);
//   - /api/data/v9.2/{accounts,contacts,leads,products,systemusers} with the
//     OData headers required, $select/$filter/$orderby/$top/$count, server
//     paging by Prefer: odata.maxpagesize and a keyset $skiptoken (list.go,
//     query.go, filter.go), change tracking with delta links (delta.go);
//   - create, upsert by key or alternate key, delete, optimistic concurrency
//     (write.go) and multipart $batch with atomic change sets (batch.go);
//   - service protection: a per-user 5-minute sliding window and concurrent
//     requests, 429 with Retry-After (ratelimit.go).
package dataverse

import (
	"encoding/json"
	"net/http"
	"strings"
)

// apiRoot is the versioned service root path.
const apiRoot = "/api/data/v9.2/"

// ServeHTTP serves the token endpoint and the Web API.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.statsMu.Lock()
	e.calls[r.Method+" "+r.URL.Path]++
	e.statsMu.Unlock()
	path := r.URL.EscapedPath()
	if tenant, ok := strings.CutSuffix(strings.TrimPrefix(path, "/"), "/oauth2/v2.0/token"); ok && !strings.Contains(tenant, "/") {
		e.serveToken(w, r, tenant)
		return
	}
	rest, ok := strings.CutPrefix(path, apiRoot)
	if !ok {
		writeError(w, fail(http.StatusNotFound, "0x8006088a", "Resource not found for the segment '"+strings.TrimPrefix(path, "/")+"'."))
		return
	}
	user, ok := e.authenticate(w, r)
	if !ok {
		return
	}
	if err := checkHeaders(r, rest == "$batch"); err != nil {
		writeError(w, err)
		return
	}
	if !e.admit(w, user) {
		return
	}
	defer e.limit.done(user)
	if r.Method != http.MethodGet {
		e.wmu.Lock()
		defer e.wmu.Unlock()
	}
	if rest == "$batch" {
		e.serveBatch(w, r)
		return
	}
	e.api(w, r, rest)
}

// checkHeaders enforces the request headers of PROTOCOLS.md §5.3: OData
// 4.0 on both version headers and a JSON Accept (multipart for $batch too).
func checkHeaders(r *http.Request, batch bool) *apiError {
	for _, h := range []string{"OData-MaxVersion", "OData-Version"} {
		v := r.Header.Get(h)
		if v == "" {
			return fail(http.StatusBadRequest, "", "The request header '"+h+"' is missing; send '"+h+": 4.0'.")
		}
		if v != "4.0" {
			return fail(http.StatusBadRequest, "", "The value '"+v+"' of the "+h+" header is not supported; this service supports 4.0.")
		}
	}
	acc := r.Header.Get("Accept")
	if acc == "" {
		return fail(http.StatusBadRequest, "", "The request header 'Accept' is missing; send 'Accept: application/json'.")
	}
	if !strings.Contains(acc, "application/json") && !strings.Contains(acc, "*/*") &&
		!(batch && strings.Contains(acc, "multipart/mixed")) {
		return fail(http.StatusNotAcceptable, "", "The Accept header '"+acc+"' is not supported; send 'Accept: application/json'.")
	}
	return nil
}

// api routes a request below the service root; rest is still escaped. The
// batch runs its parts through it.
func (e *Emulator) api(w http.ResponseWriter, r *http.Request, rest string) {
	seg, tail, _ := strings.Cut(rest, "/")
	name, key, hasKey := strings.Cut(seg, "(")
	es := sets[name]
	if es == nil {
		writeError(w, fail(http.StatusNotFound, "0x8006088a", "Resource not found for the segment '"+name+"'."))
		return
	}
	switch {
	case hasKey && tail == "" && strings.HasSuffix(key, ")"):
		e.serveKeyed(w, r, es, strings.TrimSuffix(key, ")"))
	case hasKey:
		writeError(w, fail(http.StatusNotFound, "0x8006088a", "Resource not found for the segment '"+rest+"'."))
	case tail == "$count" && r.Method == http.MethodGet:
		e.serveCount(w, r, es)
	case tail != "":
		writeError(w, fail(http.StatusNotFound, "0x8006088a", "Resource not found for the segment '"+tail+"'."))
	case r.Method == http.MethodGet:
		e.serveList(w, r, es)
	case r.Method == http.MethodPost:
		e.serveCreate(w, r, es)
	default:
		writeError(w, fail(http.StatusMethodNotAllowed, "", "The HTTP method '"+r.Method+"' is not allowed on the collection '"+name+"'."))
	}
}

// serveKeyed serves GET, PATCH and DELETE of one row by key.
func (e *Emulator) serveKeyed(w http.ResponseWriter, r *http.Request, es *entitySet, key string) {
	k, err := parseKey(es, key)
	if err != nil {
		writeError(w, err)
		return
	}
	switch r.Method {
	case http.MethodGet:
		e.serveGet(w, r, es, k)
	case http.MethodPatch:
		e.serveUpsert(w, r, es, k)
	case http.MethodDelete:
		e.serveDelete(w, r, es, k)
	default:
		writeError(w, fail(http.StatusMethodNotAllowed, "", "The HTTP method '"+r.Method+"' is not allowed on a single "+es.logical+"."))
	}
}

// writePlain writes JSON without OData headers (the token endpoint).
func writePlain(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
