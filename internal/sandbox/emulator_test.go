package sandbox

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// echo is an emulator of no real system: it answers 200, counts token
// expiries and keeps its state as given.
type echo struct {
	name    string
	expired atomic.Int32
	state   []byte
}

func (e *echo) ServeHTTP(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }
func (e *echo) Name() string                                     { return e.name }
func (e *echo) ExpireTokens()                                    { e.expired.Add(1) }
func (e *echo) SetClock(func() time.Time)                        {}
func (e *echo) SaveState() ([]byte, error)                       { return e.state, nil }
func (e *echo) LoadState(b []byte) error                         { e.state = b; return nil }

func echoes(names ...string) []Factory {
	var fs []Factory
	for _, n := range names {
		fs = append(fs, func(*catalog.Catalog) Emulator { return &echo{name: n, state: []byte(`"` + n + `"`)} })
	}
	return fs
}

func post(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(`{"storm_429": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestSandboxServesRegisteredEmulators: the sandbox serves whatever emulators
// it is given, each on its own URL behind its own fault set and control
// endpoints, and refuses two of one name.
func TestSandboxServesRegisteredEmulators(t *testing.T) {
	sb, err := Start(Options{Products: 3, Emulators: echoes("one", "two")})
	if err != nil {
		t.Fatal(err)
	}
	closeSandbox(t, sb)
	if got := strings.Join(sb.Names(), ","); got != "one,two" || sb.URL("one") == sb.URL("two") || sb.URL("three") != "" || sb.Faults("three") != nil {
		t.Fatalf("names %s, URLs %q and %q", got, sb.URL("one"), sb.URL("two"))
	}
	if s := post(t, sb.URL("two")+"/_sandbox/faults"); s != http.StatusNoContent {
		t.Fatalf("set faults: %d", s)
	}
	if s := post(t, sb.URL("two")+"/x"); s != http.StatusTooManyRequests {
		t.Errorf("two after a 429 storm of one: %d", s)
	}
	if s := post(t, sb.URL("one")+"/x"); s != http.StatusOK {
		t.Errorf("one, with no fault set: %d", s)
	}
	post(t, sb.URL("one")+"/_sandbox/expire-tokens")
	if n := sb.Emulator("one").(*echo).expired.Load(); n != 1 {
		t.Errorf("one's tokens expired %d times, want 1", n)
	}
	if sb.Faults("two").Injected()["429"] != 1 {
		t.Errorf("injected faults of two: %v", sb.Faults("two").Injected())
	}
	if _, err := Start(Options{Emulators: echoes("one", "one")}); err == nil || !strings.Contains(err.Error(), `"one"`) {
		t.Errorf("two emulators called one: %v", err)
	}
}
