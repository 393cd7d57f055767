package trigger

import (
	"sync"
	"time"
)

// Refusal is why a webhook request was turned away, with the HTTP status it
// is answered with. Its text never holds a secret.
type Refusal struct {
	Status int
	Reason string
}

func (e *Refusal) Error() string { return "refuse webhook: " + e.Reason }

func refuse(status int, reason string) error { return &Refusal{Status: status, Reason: reason} }

// MaxSeen bounds the signatures remembered against replays; beyond it new
// requests are refused until old ones expire.
const MaxSeen = 100_000

// replays remembers accepted signatures until their timestamp leaves the
// tolerance, so a captured request cannot trigger again.
type replays struct {
	mu   sync.Mutex
	seen map[string]time.Time // key → forget after
	next time.Time            // next sweep of expired keys
}

// first records key until until; false when it was seen already or the
// memory is full.
func (r *replays) first(key string, now, until time.Time) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]time.Time{}
	}
	if now.After(r.next) || len(r.seen) >= MaxSeen {
		for k, t := range r.seen {
			if now.After(t) {
				delete(r.seen, k)
			}
		}
		r.next = now.Add(time.Minute)
	}
	if t, ok := r.seen[key]; ok && !now.After(t) {
		return false, nil
	}
	if len(r.seen) >= MaxSeen {
		return false, refuse(429, "too many webhook requests in the last 5 minutes")
	}
	r.seen[key] = until
	return true, nil
}
