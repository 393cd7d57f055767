package salesforce

import (
	"net/http"
	"strconv"
	"time"
)

// usage is the org's 24 h rolling request count, in minute buckets.
type usage struct {
	max     int
	buckets map[int64]int // unix minute -> requests
}

const window = 24 * time.Hour

// used returns the requests of the 24 h before now, dropping older buckets.
func (u *usage) used(now time.Time) int {
	from := now.Add(-window).Unix() / 60
	n := 0
	for m, c := range u.buckets {
		if m <= from {
			delete(u.buckets, m)
			continue
		}
		n += c
	}
	return n
}

func (u *usage) add(now time.Time) {
	if u.buckets == nil {
		u.buckets = map[int64]int{}
	}
	u.buckets[now.Unix()/60]++
}

func (u *usage) set(now time.Time, n int) {
	u.buckets = map[int64]int{now.Unix() / 60: n}
}

// admit counts an authenticated request against the daily allocation and
// sets Sforce-Limit-Info; past the allocation it answers 403
// REQUEST_LIMIT_EXCEEDED (not counted) and returns false.
func (e *Emulator) admit(w http.ResponseWriter) bool {
	e.mu.Lock()
	now := e.clock()
	used := e.usage.used(now)
	ok := used < e.usage.max
	if ok {
		e.usage.add(now)
		e.requests++
		used++
	}
	max := e.usage.max
	e.mu.Unlock()
	w.Header().Set("Sforce-Limit-Info", "api-usage="+strconv.Itoa(used)+"/"+strconv.Itoa(max))
	if !ok {
		writeErr(w, http.StatusForbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
	}
	return ok
}

// limitHeader sets Sforce-Limit-Info without counting a request.
func (e *Emulator) limitHeader(w http.ResponseWriter) {
	e.mu.Lock()
	used, max := e.usage.used(e.clock()), e.usage.max
	e.mu.Unlock()
	w.Header().Set("Sforce-Limit-Info", "api-usage="+strconv.Itoa(used)+"/"+strconv.Itoa(max))
}

// limits answers GET /limits.
func (e *Emulator) limits(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		methodNotAllowed(w, r, "GET,HEAD")
		return
	}
	e.mu.Lock()
	used, max := e.usage.used(e.clock()), e.usage.max
	e.mu.Unlock()
	type pair struct{ Max, Remaining int }
	writeJSON(w, http.StatusOK, map[string]pair{
		"DailyApiRequests":     {Max: max, Remaining: max - min(used, max)},
		"DailyBulkV2QueryJobs": {Max: 10000, Remaining: 10000},
		"DailyBulkApiBatches":  {Max: 15000, Remaining: 15000},
	})
}
