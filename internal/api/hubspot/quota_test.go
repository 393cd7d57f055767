package hubspot_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
)

// dailyPortal answers every list with the daily headers of a private app
// (limit 1000, one request each, plus others' use) dated by its clock, or
// without them (an OAuth app).
type dailyPortal struct {
	mu      sync.Mutex
	c       *clock
	used    int
	private bool
}

func (p *dailyPortal) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	p.mu.Lock()
	p.used++
	left := 1000 - p.used
	p.mu.Unlock()
	w.Header().Set("Date", p.c.Now().Format(http.TimeFormat))
	w.Header().Set("Content-Type", "application/json")
	if p.private {
		w.Header().Set("X-HubSpot-RateLimit-Daily", "1000")
		w.Header().Set("X-HubSpot-RateLimit-Daily-Remaining", strconv.Itoa(left))
	}
	_, _ = w.Write([]byte(`{"results":[]}`))
}

func (p *dailyPortal) othersUse(n int) { p.mu.Lock(); defer p.mu.Unlock(); p.used += n }

func list(t *testing.T, cl *api.Client, n int) {
	t.Helper()
	for range n {
		if _, err := cl.List(t.Context(), cl.ListURL("companies", nil, 1, false)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestQuotaKeptPaced: a private app's daily figure is kept in the system
// state as {used, max, at} at the answer's Date: the first one, then once a
// minute or when it moved by 1 % of the limit (never on every answer), and
// the newest on FlushQuota (the end of a run), once.
func TestQuotaKeptPaced(t *testing.T) {
	c := newClock()
	p := &dailyPortal{c: c, private: true}
	st := &hubspottest.MemState{}
	cl, _ := setupWith(t, p, "", api.Options{Pacing: api.Pacing{Now: c.Now, Sleep: c.Sleep}, State: st})
	steps := []struct {
		name  string
		do    func()
		saves int
		used  int
	}{
		{"first answer", func() { list(t, cl, 1) }, 1, 1},
		{"four more within the minute, under 1 %", func() { list(t, cl, 4) }, 1, 1},
		{"end of the run", func() { flush(t, cl) }, 2, 5},
		{"end again, nothing new", func() { flush(t, cl) }, 2, 5},
		{"a minute later", func() { c.Sleep(t.Context(), time.Minute); list(t, cl, 1) }, 3, 6},
		{"others use 1 % in the same minute", func() { p.othersUse(9); list(t, cl, 1) }, 4, 16},
		{"next answer", func() { list(t, cl, 1) }, 4, 16},
	}
	for _, s := range steps {
		s.do()
		if got := st.Saves(); got != s.saves {
			t.Fatalf("%s: %d saves, want %d", s.name, got, s.saves)
		}
		if q := st.Quota(t); q.Used != s.used || q.Max != 1000 || !q.At.Equal(c.Now().Truncate(time.Second)) || q.At.Location() != time.UTC {
			t.Fatalf("%s: kept %+v, want used %d of 1000 at %s UTC", s.name, q, s.used, c.Now())
		}
	}
}

func flush(t *testing.T, cl *api.Client) {
	t.Helper()
	if err := cl.FlushQuota(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestQuotaNotKeptForOAuthApps: answers without the daily headers (an
// OAuth app has no daily limit) keep nothing, not even at the end.
func TestQuotaNotKeptForOAuthApps(t *testing.T) {
	c := newClock()
	st := &hubspottest.MemState{}
	cl, _ := setupWith(t, &dailyPortal{c: c}, "", api.Options{Pacing: api.Pacing{Now: c.Now, Sleep: c.Sleep}, State: st})
	list(t, cl, 3)
	flush(t, cl)
	if st.Saves() != 0 {
		t.Fatalf("%d saves for an app without a daily limit: %v", st.Saves(), st)
	}
}

// TestQuotaSaveFailureReported: a save the state refuses is not lost: the
// end of the run tries again and reports the failure, then keeps the figure
// once the state takes it.
func TestQuotaSaveFailureReported(t *testing.T) {
	c := newClock()
	st := &hubspottest.MemState{}
	st.SetFailing(true)
	cl, _ := setupWith(t, &dailyPortal{c: c, private: true}, "", api.Options{Pacing: api.Pacing{Now: c.Now, Sleep: c.Sleep}, State: st})
	list(t, cl, 2) // the page reads succeed although the save fails
	err := cl.FlushQuota(t.Context())
	if err == nil || !strings.Contains(err.Error(), "keep the HubSpot daily quota in the system state: disk I/O error") {
		t.Fatalf("flush error %v", err)
	}
	st.SetFailing(false)
	flush(t, cl)
	if q := st.Quota(t); q.Used != 2 || q.Max != 1000 {
		t.Fatalf("kept %+v, want 2 of 1000", q)
	}
}

// TestParseQuota reads the daily pair at the Date header or the clock, and
// refuses a pair that is missing or not a count.
func TestParseQuota(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	dated := time.Date(2026, 11, 27, 7, 59, 58, 0, time.UTC)
	cases := []struct {
		name      string
		max, left string
		date      string
		want      api.Quota
		ok        bool
	}{
		{"dated", "250000", "249000", dated.Format(http.TimeFormat), api.Quota{Used: 1000, Max: 250000, At: dated}, true},
		{"no date: the clock in UTC", "500", "0", "", api.Quota{Used: 500, Max: 500, At: now.UTC()}, true},
		{"unreadable date: the clock", "500", "499", "yesterday", api.Quota{Used: 1, Max: 500, At: now.UTC()}, true},
		{"oauth: none", "", "", "", api.Quota{}, false},
		{"remaining only", "", "10", "", api.Quota{}, false},
		{"not a number", "many", "10", "", api.Quota{}, false},
		{"more left than the limit", "10", "11", "", api.Quota{}, false},
		{"negative left", "10", "-1", "", api.Quota{}, false},
		{"zero limit", "0", "0", "", api.Quota{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range map[string]string{"X-HubSpot-RateLimit-Daily": tc.max, "X-HubSpot-RateLimit-Daily-Remaining": tc.left, "Date": tc.date} {
				if v != "" {
					h.Set(k, v)
				}
			}
			q, ok := api.ParseQuota(h, func() time.Time { return now })
			if ok != tc.ok || q.Used != tc.want.Used || q.Max != tc.want.Max || !q.At.Equal(tc.want.At) || ok && q.At.Location() != time.UTC {
				t.Errorf("ParseQuota = %+v, %v; want %+v, %v", q, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestQuotaOlderAnswerIgnored: an answer dated before the newest one seen
// (concurrent requests answered out of order) does not replace its figure.
func TestQuotaOlderAnswerIgnored(t *testing.T) {
	c := newClock()
	answers := []struct {
		at   time.Duration
		left string
	}{{10 * time.Second, "995"}, {0, "997"}}
	n := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		a := answers[min(n, len(answers)-1)]
		n++
		w.Header().Set("Date", c.Now().Add(a.at).Format(http.TimeFormat))
		w.Header().Set("X-HubSpot-RateLimit-Daily", "1000")
		w.Header().Set("X-HubSpot-RateLimit-Daily-Remaining", a.left)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"results":[]}`))
	})
	st := &hubspottest.MemState{}
	cl, _ := setupWith(t, h, "", api.Options{Pacing: api.Pacing{Now: c.Now, Sleep: c.Sleep}, State: st})
	list(t, cl, 2)
	flush(t, cl)
	if q := st.Quota(t); q.Used != 5 || !q.At.Equal(c.Now().Add(10*time.Second)) {
		t.Fatalf("kept %+v, want the newer answer's 5 used", q)
	}
}
