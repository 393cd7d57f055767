package hubspot

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Rate-limit headers (PROTOCOLS.md §3.6) and 429 policies.
const (
	hdrMax            = "X-HubSpot-RateLimit-Max"
	hdrRemaining      = "X-HubSpot-RateLimit-Remaining"
	hdrInterval       = "X-HubSpot-RateLimit-Interval-Milliseconds"
	hdrDaily          = "X-HubSpot-RateLimit-Daily"
	hdrDailyRemaining = "X-HubSpot-RateLimit-Daily-Remaining"
	policySecondly    = "SECONDLY"             // search's per-second limit
	policyBurst       = "TEN_SECONDLY_ROLLING" // the rolling window per token
	policyDaily       = "DAILY"
)

// limits are the portal's rate limits: a rolling window per token, a daily
// count for private app tokens (reset at midnight in the account's time
// zone) and search's
// per-second window.
type limits struct {
	mu        sync.Mutex
	burstMax  int
	interval  time.Duration
	dailyMax  int
	searchMax int
	burst     map[string][]time.Time
	zone      *time.Location
	day       string
	daily     int
	search    []time.Time
}

func newLimits(o Options) *limits {
	zone := o.Zone
	if zone == nil {
		zone = time.UTC
	}
	return &limits{burstMax: o.BurstMax, interval: o.Interval, dailyMax: o.DailyMax, searchMax: o.SearchPerSecond, zone: zone, burst: map[string][]time.Time{}}
}

// SetQuota changes the limits: burst requests per interval per token, daily
// requests per day and searches per second (0 keeps one); tests reach the
// limits quickly with it. Counts so far are kept.
func (e *Emulator) SetQuota(burst int, interval time.Duration, daily, searchPerSecond int) {
	l := e.limits
	l.mu.Lock()
	defer l.mu.Unlock()
	if burst > 0 {
		l.burstMax = burst
	}
	if interval > 0 {
		l.interval = interval
	}
	if daily > 0 {
		l.dailyMax = daily
	}
	if searchPerSecond > 0 {
		l.searchMax = searchPerSecond
	}
}

// figures returns the burst limit and its interval.
func (l *limits) figures() (int, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.burstMax, l.interval
}

// rollDay starts a fresh daily count when now is on another day; the
// caller holds l.mu.
func (l *limits) rollDay(now time.Time) {
	if d := now.In(l.zone).Format(time.DateOnly); d != l.day {
		l.day, l.daily = d, 0
	}
}

// prune drops the times before cutoff.
func prune(ts []time.Time, cutoff time.Time) []time.Time {
	k := 0
	for k < len(ts) && !ts[k].After(cutoff) {
		k++
	}
	return ts[k:]
}

// admit counts a (non-search) request of token and sets the headers; it
// returns "" or the policy that refuses it. OAuth tokens have no daily
// limit and get no daily headers.
func (l *limits) admit(h http.Header, token string, oauth bool, now time.Time) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rollDay(now)
	ts := prune(l.burst[token], now.Add(-l.interval))
	l.burst[token] = ts
	policy := ""
	switch {
	case !oauth && l.daily >= l.dailyMax:
		policy = policyDaily
	case len(ts) >= l.burstMax:
		policy = policyBurst
	default:
		l.burst[token] = append(ts, now)
		if !oauth {
			l.daily++
		}
	}
	h.Set(hdrMax, strconv.Itoa(l.burstMax))
	h.Set(hdrRemaining, strconv.Itoa(max(l.burstMax-len(l.burst[token]), 0)))
	h.Set(hdrInterval, strconv.FormatInt(l.interval.Milliseconds(), 10))
	if !oauth {
		h.Set(hdrDaily, strconv.Itoa(l.dailyMax))
		h.Set(hdrDailyRemaining, strconv.Itoa(max(l.dailyMax-l.daily, 0)))
	}
	return policy
}

// admitSearch counts a search; it returns "" or the policy that refuses
// it. Search answers carry no rate-limit headers.
func (l *limits) admitSearch(oauth bool, now time.Time) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.rollDay(now)
	l.search = prune(l.search, now.Add(-time.Second))
	switch {
	case !oauth && l.daily >= l.dailyMax:
		return policyDaily
	case len(l.search) >= l.searchMax:
		return policySecondly
	}
	l.search = append(l.search, now)
	if !oauth {
		l.daily++
	}
	return ""
}
