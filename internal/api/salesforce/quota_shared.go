package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"
	"weak"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// quotas holds one allocation guard per HTTP client: the runner builds one
// client per system, so every job, extractor and loader of a Salesforce org
// in this process counts against the same daily budget.
var quotas sync.Map // weak.Pointer[httpx.Client] → *Quota

// SharedQuota returns the guard of h's system, made on first use from seed
// (a state stored in a cursor) and otherwise brought up to date with it
// when seed's figure is the newer one. A nil h gets a guard of its own.
func SharedQuota(h *httpx.Client, seed QuotaState, reserve func(max int) int, now func() time.Time) *Quota {
	if h == nil {
		return NewQuota(seed, reserve, now)
	}
	key := weak.Make(h)
	if q, ok := quotas.Load(key); ok {
		q.(*Quota).adopt(seed)
		return q.(*Quota)
	}
	q, loaded := quotas.LoadOrStore(key, NewQuota(seed, reserve, now))
	if loaded {
		q.(*Quota).adopt(seed)
	} else {
		runtime.AddCleanup(h, func(k weak.Pointer[httpx.Client]) { quotas.Delete(k) }, key)
	}
	return q.(*Quota)
}

// adopt takes a stored state's figure when it is newer than the guard's,
// and the larger count of steward's own requests of the same day; the new
// pass or loader may ask about a stale figure once more.
func (q *Quota) adopt(st QuotaState) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.checked = false
	if st.At.After(q.st.At) && q.now().Sub(st.At) <= 24*time.Hour {
		q.st.Used, q.st.Max, q.st.At = st.Used, st.Max, st.At
	}
	if st.Day == q.st.Day && st.Own > q.st.Own {
		q.st.Own = st.Own
	}
	if q.st.Day == "" {
		q.st.Day, q.st.Own = st.Day, st.Own
	}
}

// quotaKey is the key of the org's budget in the system's state.
const quotaKey = "salesforce.quota"

// LoadQuota brings q up to date with the budget kept in the system's state
// (by another job or process); a nil state keeps nothing.
func LoadQuota(ctx context.Context, q *Quota, state record.SystemState) error {
	if state == nil {
		return nil
	}
	v, err := state.Load(ctx, quotaKey)
	if err != nil || v == "" {
		return err
	}
	var st QuotaState
	if err := json.Unmarshal([]byte(v), &st); err != nil {
		return fmt.Errorf("read the Salesforce budget kept in the state: %w", err)
	}
	q.adopt(st)
	return nil
}

// SaveQuota keeps q's budget in the system's state for every job and the
// next process; a nil state keeps nothing.
func SaveQuota(ctx context.Context, q *Quota, state record.SystemState) error {
	if state == nil {
		return nil
	}
	return state.Save(context.WithoutCancel(ctx), quotaKey, string(q.MarshalState()))
}
