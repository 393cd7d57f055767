package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/record"
)

// QuotaKey is the key of a private app's daily allocation in the system's
// state (record.SystemState), as JSON {"used", "max", "at", "zone"}, zone
// being the IANA time zone at whose midnight the count resets: the shape of
// Salesforce's salesforce.quota, which the metrics (steward_quota_remaining)
// and the alert watcher (alerts.quota_below) read for any "<kind>.quota".
const QuotaKey = "hubspot.quota"

// Daily-limit headers (PROTOCOLS.md section 3.6); HubSpot sends them to
// private apps only: OAuth apps have no daily limit.
const (
	hdrDaily          = "X-HubSpot-RateLimit-Daily"
	hdrDailyRemaining = "X-HubSpot-RateLimit-Daily-Remaining"
)

// Quota is a private app's daily request allocation as HubSpot announced
// it: Used of Max requests, announced At (UTC), for the day of Zone (the
// account's time zone, Settings.TimeZone; "" is UTC).
type Quota struct {
	Used int       `json:"used"`
	Max  int       `json:"max"`
	At   time.Time `json:"at"`
	Zone string    `json:"zone,omitempty"`
}

// ParseQuota reads the daily figure of an answer's headers, at the answer's
// Date header or else at now (in UTC). ok is false when a daily header is
// missing (an OAuth app) or the pair is not a count of a positive limit.
func ParseQuota(h http.Header, now func() time.Time) (Quota, bool) {
	limit, ok1 := header(h, hdrDaily)
	left, ok2 := header(h, hdrDailyRemaining)
	if !ok1 || !ok2 || limit <= 0 || left < 0 || left > limit {
		return Quota{}, false
	}
	at, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		at = now()
	}
	return Quota{Used: limit - left, Max: limit, At: at.UTC()}, true
}

// SaveQuota keeps q in the system's state under QuotaKey; a nil state keeps
// nothing. The save outlives ctx's cancellation (a run stopping still keeps
// its last figure).
func SaveQuota(ctx context.Context, state record.SystemState, q Quota) error {
	if state == nil {
		return nil
	}
	b, err := json.Marshal(q)
	if err == nil {
		err = state.Save(context.WithoutCancel(ctx), QuotaKey, string(b))
	}
	if err != nil {
		return fmt.Errorf("keep the HubSpot daily quota in the system state: %w", err)
	}
	return nil
}

// Pacing of the kept figure: a figure is kept when none was, when the
// allocation changed, when quotaEvery has passed since the last one kept, or
// when the count moved by quotaStep percent of the allocation; the newest
// is kept by Client.FlushQuota at the end of a run.
const (
	quotaEvery = time.Minute
	quotaStep  = 1
)

// quotaLog paces the keeping of the figures answers announce. One is shared
// by every client of one HTTP client, like the limiter: the figure is the
// token's.
type quotaLog struct {
	mu sync.Mutex
	// seen is the newest figure; tried the last one a save was due for;
	// dirty says seen is not kept yet.
	seen, tried Quota
	dirty       bool
	// saving lets one save run at a time, so an older figure never
	// overwrites a newer one.
	saving sync.Mutex
}

// note takes an answer's figure and reports whether keeping it is due. An
// answer older than the newest seen (concurrent requests) is ignored.
func (l *quotaLog) note(q Quota) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.seen
	if q.At.Before(s.At) || q.At.Equal(s.At) && q.Max == s.Max && q.Used <= s.Used && s.Max > 0 {
		return false
	}
	l.seen, l.dirty = q, true
	t := l.tried
	due := t.Max != q.Max || q.At.Sub(t.At) >= quotaEvery || 100*abs(q.Used-t.Used) >= quotaStep*q.Max
	if due {
		l.tried = q
	}
	return due
}

// save keeps the newest figure when it is not kept yet.
func (l *quotaLog) save(ctx context.Context, state record.SystemState) error {
	if state == nil {
		return nil
	}
	l.saving.Lock()
	defer l.saving.Unlock()
	l.mu.Lock()
	q, dirty := l.seen, l.dirty
	l.mu.Unlock()
	if !dirty {
		return nil
	}
	if err := SaveQuota(ctx, state, q); err != nil {
		return err // still dirty: the next save tries again
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen.At.Equal(q.At) && l.seen.Used == q.Used && l.seen.Max == q.Max {
		l.dirty = false
	}
	return nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// keepQuota notes an answer's daily figure and keeps it when that is due.
// A failed save stays due: FlushQuota tries it again and reports it.
func (c *Client) keepQuota(ctx context.Context, h http.Header) {
	q, ok := ParseQuota(h, c.lim.cfg.Now)
	q.Zone = c.s.TimeZone
	if ok && c.lim.quota.note(q) {
		_ = c.lim.quota.save(ctx, c.state)
	}
}

// FlushQuota keeps the newest daily figure an answer announced, when it is
// not kept yet, in the system's state (Options.State); call it at the end of
// a pass or a run. Without a state or a figure it does nothing; it is safe to
// call any number of times and from several goroutines.
func (c *Client) FlushQuota(ctx context.Context) error {
	return c.lim.quota.save(ctx, c.state)
}
