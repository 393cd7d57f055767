// Package sftest is a minimal Salesforce REST fake for the connector's
// tests, written from PROTOCOLS.md section 2: the token endpoint (client
// credentials, JWT bearer), SOQL with nextRecordsUrl locators, the
// deleted-records feed, sObject Collections upsert/update, Bulk API 2.0
// ingest, Sforce-Limit-Info and the REST error array. It is not the sandbox
// emulator.
package sftest

import (
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Version is the API version the fake serves.
const Version = "v59.0"

// Root is the REST root.
const Root = "/services/data/" + Version

// Rec is one record's fields.
type Rec = map[string]any

// Fake is the fake org. Lock Mu to change it while serving.
type Fake struct {
	Mu sync.Mutex
	// Objects holds records by object and Id.
	Objects map[string]map[string]Rec
	// DeletedRecs are the deleted-records feed per object.
	DeletedRecs                      map[string][]Deleted
	ClientID, ClientSecret, Username string
	// PublicKey verifies JWT assertions (nil: the JWT grant is refused).
	PublicKey *rsa.PublicKey
	// InstanceURL is sent as instance_url ("": the server's own URL).
	InstanceURL string
	// Used and Max are the api-usage; Max 0 means 15000.
	Used, Max int
	// Clock is the time writes stamp; it advances 1 ms per write.
	Clock time.Time
	// Mutate runs after each query page is served.
	Mutate func(f *Fake)
	// Log records "METHOD path" of every API request.
	Log []string
	// Bodies are the collection requests' bodies.
	Bodies []string
	// Tokens counts tokens issued.
	Tokens int

	token    string
	nextID   int
	locators map[string]*locator
	jobs     map[string]*job
}

// Deleted is one deleted-records entry.
type Deleted struct {
	ID string    `json:"id"`
	At time.Time `json:"-"`
}

// New returns an empty org with a standard price book.
func New() *Fake {
	f := &Fake{Objects: map[string]map[string]Rec{}, DeletedRecs: map[string][]Deleted{}, ClientID: "cid", ClientSecret: "secret",
		Username: "steward@example.com", Clock: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), locators: map[string]*locator{}, jobs: map[string]*job{}}
	f.Put("Pricebook2", Rec{"Id": "01sSTANDARD000001", "Name": "Standard Price Book", "IsStandard": true})
	return f
}

// Stamp formats t as Salesforce does.
func Stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000+0000") }

// Put stores rec (with its Id) in object; a missing SystemModstamp is the
// clock's.
func (f *Fake) Put(object string, rec Rec) {
	if f.Objects[object] == nil {
		f.Objects[object] = map[string]Rec{}
	}
	if _, ok := rec["SystemModstamp"]; !ok {
		rec["SystemModstamp"] = Stamp(f.Clock)
	}
	f.Objects[object][rec["Id"].(string)] = rec
}

// Delete removes a record and lists it in the deleted feed.
func (f *Fake) Delete(object, id string, at time.Time) {
	delete(f.Objects[object], id)
	f.DeletedRecs[object] = append(f.DeletedRecs[object], Deleted{ID: id, At: at})
}

// ExpireTokens makes the current access token invalid.
func (f *Fake) ExpireTokens() { f.Mu.Lock(); f.token = ""; f.Mu.Unlock() }

// ExpireLocators forgets every query locator.
func (f *Fake) ExpireLocators() { f.Mu.Lock(); f.locators = map[string]*locator{}; f.Mu.Unlock() }

// Count counts logged requests whose line starts with prefix.
func (f *Fake) Count(prefix string) int {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	n := 0
	for _, l := range f.Log {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

func (f *Fake) newID(prefix string) string {
	f.nextID++
	return fmt.Sprintf("%s%015d", prefix, f.nextID)
}

// tick advances the clock for a write.
func (f *Fake) tick() string {
	f.Clock = f.Clock.Add(time.Millisecond)
	return Stamp(f.Clock)
}

// fail writes Salesforce's error array.
func fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode([]map[string]string{{"message": msg, "errorCode": code}})
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ServeHTTP routes a request.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/services/oauth2/token" {
		f.tokenEndpoint(w, r)
		return
	}
	f.Mu.Lock()
	defer f.Mu.Unlock()
	if f.token == "" || r.Header.Get("Authorization") != "Bearer "+f.token {
		fail(w, http.StatusUnauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
		return
	}
	max := f.max()
	if f.Used >= max {
		w.Header().Set("Sforce-Limit-Info", fmt.Sprintf("api-usage=%d/%d", f.Used, max))
		fail(w, http.StatusForbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
		return
	}
	f.Used++
	f.Log = append(f.Log, r.Method+" "+strings.TrimPrefix(r.URL.Path, Root))
	w.Header().Set("Sforce-Limit-Info", fmt.Sprintf("api-usage=%d/%d", f.Used, max))
	f.route(w, r)
}

// max is the allocation (Max, or 15000 when unset).
func (f *Fake) max() int {
	if f.Max == 0 {
		return 15000
	}
	return f.Max
}

func (f *Fake) route(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, Root)
	switch {
	case !strings.HasPrefix(r.URL.Path, Root+"/"):
		fail(w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
	case p == "/limits" && r.Method == http.MethodGet:
		reply(w, http.StatusOK, map[string]any{"DailyApiRequests": map[string]int{"Max": f.max(), "Remaining": f.max() - f.Used}})
	case p == "/query" && r.Method == http.MethodGet:
		f.query(w, r)
	case strings.HasPrefix(p, "/query/") && r.Method == http.MethodGet:
		f.more(w, r, strings.TrimPrefix(p, "/query/"))
	case strings.HasPrefix(p, "/sobjects/") && strings.HasSuffix(p, "/deleted/"):
		f.deleted(w, r, strings.TrimSuffix(strings.TrimPrefix(p, "/sobjects/"), "/deleted/"))
	case strings.HasPrefix(p, "/composite/sobjects") && r.Method == http.MethodPatch:
		f.collection(w, r, strings.TrimPrefix(p, "/composite/sobjects"))
	case strings.HasPrefix(p, "/jobs/ingest"):
		f.ingest(w, r, strings.TrimPrefix(p, "/jobs/ingest"))
	default:
		fail(w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
	}
}
