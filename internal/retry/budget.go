package retry

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrBudgetExhausted reports that a run spent its whole waiting budget; the run
// ends "partial" with its state intact.
var ErrBudgetExhausted = errors.New("retry budget for this run is used up")

// ErrQuotaReserve reports that a system's API quota (a daily request
// allocation) is spent or down to the reserve steward must leave for
// others: a stop, never a retry; the run ends "partial" with its state
// intact and the next run after the quota window continues.
var ErrQuotaReserve = errors.New("the system's API quota is down to its reserve")

// Budget is the total time one run may spend waiting between retries.
type Budget struct {
	mu   sync.Mutex
	left time.Duration
}

// NewBudget returns a budget of d.
func NewBudget(d time.Duration) *Budget { return &Budget{left: d} }

// Take reserves d of waiting; false when the budget cannot afford it.
func (b *Budget) Take(d time.Duration) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if d > b.left {
		b.left = 0
		return false
	}
	b.left -= d
	return true
}

type budgetKey struct{}

// WithBudget attaches a run's budget to ctx.
func WithBudget(ctx context.Context, b *Budget) context.Context {
	return context.WithValue(ctx, budgetKey{}, b)
}

// BudgetFrom returns the budget attached to ctx, or nil (unlimited).
func BudgetFrom(ctx context.Context) *Budget {
	b, _ := ctx.Value(budgetKey{}).(*Budget)
	return b
}
