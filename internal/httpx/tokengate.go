package httpx

import (
	"context"
	"net/http"
	"sync"
)

// refusalMemo remembers a host-guard refusal during one token fetch. The
// oauth2 package probes a second auth style whenever the first attempt fails
// for any reason; after a refusal that second attempt must not be sent, so a
// refusal stays one attempt and keeps its type.
type refusalMemo struct {
	mu  sync.Mutex
	err error
}

type refusalKey struct{}

// withRefusalMemo starts a token fetch with an empty memo.
func withRefusalMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, refusalKey{}, &refusalMemo{})
}

func memoFrom(ctx context.Context) *refusalMemo {
	m, _ := ctx.Value(refusalKey{}).(*refusalMemo)
	return m
}

func (m *refusalMemo) set(err error) {
	if m == nil || err == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err == nil {
		m.err = err
	}
}

func (m *refusalMemo) get() error {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.err
}

// tokenGate sends a token request only while no refusal happened in the same
// fetch, and records refusals of the guard it wraps.
type tokenGate struct{ guard hostGuard }

func (g tokenGate) RoundTrip(req *http.Request) (*http.Response, error) {
	m := memoFrom(req.Context())
	if err := m.get(); err != nil {
		return nil, err
	}
	resp, err := g.guard.RoundTrip(req)
	if err != nil && g.guard.check(req.URL) != nil {
		m.set(err)
	}
	return resp, err
}

func (g tokenGate) checkRedirect(req *http.Request, via []*http.Request) error {
	err := g.guard.checkRedirect(req, via)
	memoFrom(req.Context()).set(err)
	return err
}
