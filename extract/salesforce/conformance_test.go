package salesforce_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	emulator "github.com/stewardhq/steward/internal/sandbox/salesforce"
)

// emuPageCap is the page the emulator serves whatever batchSize asks (the
// protocol's minimum batch is 200; the cap stands for a server paging
// smaller, which the protocol allows).
const emuPageCap = 7

// newEmulator returns an org holding n accounts, three to a SystemModstamp.
func newEmulator(t testing.TB, n int) *emulator.Emulator {
	e := emulator.New(emulator.Options{ClientID: "cid", ClientSecret: "secret", PageCap: emuPageCap})
	for i := range n {
		at := epoch.Add(time.Duration(i/3) * time.Second)
		e.SetClock(func() time.Time { return at })
		if _, err := e.Put("Account", map[string]any{"Name": fmt.Sprintf("Company %d", i), "External_ID__c": fmt.Sprintf("C-%06d", i), "BillingCity": "Berlin"}); err != nil {
			t.Fatal(err)
		}
	}
	e.SetClock(time.Now)
	return e
}

// shifting wraps an emulator: after each query page it takes the next
// record it served out of the result set, deleted or moved a day later.
func shifting(t testing.TB, n int) http.Handler {
	e := newEmulator(t, n)
	var mu sync.Mutex
	var served []string
	taken := 0
	idRE := regexp.MustCompile(`"Id":"([^"]+)"`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		if !bytes.Contains(rec.Body.Bytes(), []byte(`"totalSize"`)) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, m := range idRE.FindAllSubmatch(rec.Body.Bytes(), -1) {
			served = append(served, string(m[1]))
		}
		if taken < len(served) {
			id := served[taken]
			if taken%2 == 0 {
				_ = e.Delete("Account", id)
			} else {
				e.SetClock(func() time.Time { return epoch.Add(24 * time.Hour) })
				_ = e.Update("Account", id, map[string]any{"BillingCity": "Moved"})
				e.SetClock(time.Now)
			}
			taken++
		}
	})
}

var emulatorHarness = func() extracttest.Harness {
	h := fakeHarness
	h.Emulator = func(n int) http.Handler { return newEmulator(&testing.T{}, n) }
	h.Shape = func(em http.Handler) fault.Responder {
		if e, ok := em.(*emulator.Emulator); ok {
			return e.FaultShape()
		}
		return nil
	}
	h.Shifts = &extracttest.Shifts{Emulator: func(n int) http.Handler { return shifting(&testing.T{}, n) }, Until: epoch.Add(time.Hour)}
	return h
}()

// TestConformance runs the conformance suite against the Salesforce
// emulator (internal/sandbox/salesforce).
func TestConformance(t *testing.T) { extracttest.Run(t, emulatorHarness) }
