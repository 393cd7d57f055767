package salesforce

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/retry"
)

// QuotaState is the daily allocation as last seen, and steward's own use of
// it, kept across runs (the extractor stores it in its cursor's State).
type QuotaState struct {
	// Used and Max are the org's api-usage as the last response announced.
	Used int       `json:"used,omitempty"`
	Max  int       `json:"max,omitempty"`
	At   time.Time `json:"at,omitzero"`
	// Own counts the requests steward itself sent on Day (UTC date).
	Own int    `json:"own,omitempty"`
	Day string `json:"day,omitempty"`
}

// Quota guards the daily request allocation: it reads Sforce-Limit-Info on
// every response and refuses a request that would eat into the reserve.
type Quota struct {
	mu      sync.Mutex
	st      QuotaState
	reserve func(max int) int
	now     func() time.Time
	// checked is set once the stale figure has been asked about (one
	// GET /limits per guard).
	checked bool
}

// staleAfter is the age past which a figure at the reserve is asked about
// again (one GET /limits) rather than believed for the rest of the 24 h.
const staleAfter = time.Hour

// NewQuota returns a guard leaving reserve(max) requests for others, starting
// from a stored state (zero: nothing known until the first response).
func NewQuota(st QuotaState, reserve func(max int) int, now func() time.Time) *Quota {
	if now == nil {
		now = time.Now
	}
	if !st.At.IsZero() && now().Sub(st.At) > 24*time.Hour {
		// The allocation is a 24 h rolling window: an older figure says
		// nothing about today; the first answer tells.
		st.Used, st.Max = 0, 0
	}
	return &Quota{st: st, reserve: reserve, now: now}
}

var usageRE = regexp.MustCompile(`(?:^|[;,\s])api-usage=(\d+)/(\d+)`)

// ParseLimitInfo reads "api-usage=25/5000" from a Sforce-Limit-Info value.
func ParseLimitInfo(v string) (used, max int, ok bool) {
	m := usageRE.FindStringSubmatch(v)
	if m == nil {
		return 0, 0, false
	}
	used, err1 := strconv.Atoi(m[1])
	max, err2 := strconv.Atoi(m[2])
	return used, max, err1 == nil && err2 == nil && max > 0
}

// take counts one request about to be sent, or refuses it with an error
// wrapping retry.ErrQuotaReserve when it would go past the reserve.
func (q *Quota) take(what string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.st.Max > 0 {
		left := q.st.Max - q.st.Used
		if res := q.reserve(q.st.Max); left <= res {
			return retry.Final(fmt.Errorf("%s: api-usage %d/%d leaves %d, at the reserve of %d: %w", what, q.st.Used, q.st.Max, left, res, retry.ErrQuotaReserve))
		}
	}
	q.countOwn()
	q.st.Used++ // counted until the answer tells the real figure
	return nil
}

// countOwn counts one of steward's own requests on today's UTC date; the
// caller holds q.mu.
func (q *Quota) countOwn() {
	day := q.now().UTC().Format(time.DateOnly)
	if q.st.Day != day {
		q.st.Day, q.st.Own = day, 0
	}
	q.st.Own++
}

// claimCheck reports whether the figure is at the reserve, older than
// staleAfter and not yet asked about; it claims the one check.
func (q *Quota) claimCheck() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.checked || q.st.Max == 0 || q.st.Max-q.st.Used > q.reserve(q.st.Max) {
		return false
	}
	if q.now().Sub(q.st.At) <= staleAfter {
		return false
	}
	q.checked = true
	return true
}

// countCheck counts the GET /limits sent by a check (never refused: it is
// the one request that asks the org).
func (q *Quota) countCheck() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.countOwn()
}

// set records a figure read from GET /limits.
func (q *Quota) set(used, max int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.st.Used, q.st.Max, q.st.At = used, max, q.now().UTC()
}

// observe reads Sforce-Limit-Info from an answer's headers.
func (q *Quota) observe(h http.Header) {
	used, max, ok := ParseLimitInfo(h.Get("Sforce-Limit-Info"))
	if !ok {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.st.Used, q.st.Max, q.st.At = used, max, q.now().UTC()
}

// State returns the state to store.
func (q *Quota) State() QuotaState {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.st
}

// MarshalState encodes the state for a cursor.
func (q *Quota) MarshalState() json.RawMessage {
	b, _ := json.Marshal(q.State())
	return b
}
