// Package dvtest is a minimal fake of the Dataverse Web API written from
// PROTOCOLS.md sections 4 and 5 for the connector's own tests: the Entra
// token endpoint, collection reads with server paging and change tracking,
// filtered reads by key, and the multipart $batch with upserts. The sandbox
// emulator is the full one; this fake only has what the tests need.
package dvtest

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

// Root is the Web API root the fake serves.
const Root = "/api/data/v9.2"

// Fake is one environment. Its fields may be set before the first request.
type Fake struct {
	// Secret is the client secret the token endpoint accepts.
	Secret string
	// Columns are the columns each entity set knows; others are refused.
	Columns map[string][]string
	// Keys are each entity set's primary key column.
	Keys map[string]string
	// ReadOnly are columns a write may not set.
	ReadOnly map[string]bool
	// Mutate runs after each collection page is served.
	Mutate func(f *Fake)

	mu      sync.Mutex
	rows    map[string]map[string]*entry
	gone    map[string][]tomb
	version int
	tokens  int
	// Requests counts requests by method and path.
	Requests map[string]int
	// Issuer, when set, is the fake whose token endpoint issues the tokens
	// this one accepts (a token host apart from the API host).
	Issuer *Fake
	// Revoked is the last token number refused.
	Revoked int
	// Expire makes every delta token older than this version invalid.
	Expire int
}

type entry struct {
	cols    map[string]any
	version int
}

type tomb struct {
	id      string
	version int
}

// New returns an empty fake.
func New(secret string) *Fake {
	return &Fake{Secret: secret, Columns: map[string][]string{}, Keys: map[string]string{}, ReadOnly: map[string]bool{},
		rows: map[string]map[string]*entry{}, gone: map[string][]tomb{}, Requests: map[string]int{}}
}

// Put stores a row (its key column names it), as a change.
func (f *Fake) Put(set string, cols map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.put(set, cols)
}

func (f *Fake) put(set string, cols map[string]any) {
	if f.rows[set] == nil {
		f.rows[set] = map[string]*entry{}
	}
	f.version++
	id := fmt.Sprint(cols[f.Keys[set]])
	f.rows[set][id] = &entry{cols: cols, version: f.version}
}

// Delete removes a row, as a change.
func (f *Fake) Delete(set, id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.rows[set], id)
	f.version++
	f.gone[set] = append(f.gone[set], tomb{id: id, version: f.version})
}

// Row returns a copy of a stored row.
func (f *Fake) Row(set, id string) (map[string]any, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.rows[set][id]
	if !ok {
		return nil, false
	}
	out := map[string]any{}
	for k, v := range e.cols {
		out[k] = v
	}
	return out, true
}

// Tokens is how many tokens the fake issued.
func (f *Fake) Tokens() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokens
}

// ServeHTTP implements http.Handler.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.Requests[r.Method+" "+r.URL.Path]++
	f.mu.Unlock()
	if r.URL.Path == "/token" {
		f.token(w, r)
		return
	}
	if !f.authorized(r) {
		Error(w, 401, "0x80072560", "The user is not a member of the organization.")
		return
	}
	for _, h := range [][2]string{{"OData-Version", "4.0"}, {"OData-MaxVersion", "4.0"}, {"Accept", "application/json"}} {
		if r.Header.Get(h[0]) != h[1] {
			Error(w, 400, "", fmt.Sprintf("header %s must be %s", h[0], h[1]))
			return
		}
	}
	if strings.Contains(r.URL.RawQuery, "+") {
		Error(w, 400, "0x80060888", `Syntax error: character '+' is not valid`)
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == Root+"/$batch":
		f.batch(w, r)
	case r.Method == http.MethodGet:
		f.list(w, r)
	default:
		Error(w, 405, "", "method not allowed")
	}
}

func (f *Fake) token(w http.ResponseWriter, r *http.Request) {
	if r.ParseForm() != nil || r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_secret") != f.Secret {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}`))
		return
	}
	f.mu.Lock()
	f.tokens++
	n := f.tokens
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": fmt.Sprintf("tok-%d", n)})
}

func (f *Fake) authorized(r *http.Request) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer tok-"))
	src := f
	if f.Issuer != nil {
		src = f.Issuer
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	return err == nil && n > src.Revoked && n <= src.tokens
}

// Revoke makes every token issued so far invalid (401). On a fake with an
// Issuer, revoke the issuer's tokens.
func (f *Fake) Revoke() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Revoked = f.tokens
}

// Error writes a Dataverse error body.
func Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json; odata.metadata=minimal")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

// sorted returns a set's rows ordered by modifiedon and key.
func (f *Fake) sorted(set string) []*entry {
	var out []*entry
	for _, e := range f.rows[set] {
		out = append(out, e)
	}
	key := f.Keys[set]
	sort.Slice(out, func(i, j int) bool {
		a, b := fmt.Sprint(out[i].cols["modifiedon"]), fmt.Sprint(out[j].cols["modifiedon"])
		if a != b {
			return a < b
		}
		return fmt.Sprint(out[i].cols[key]) < fmt.Sprint(out[j].cols[key])
	})
	return out
}

// Stamp formats a modifiedon value as Dataverse does.
func Stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
