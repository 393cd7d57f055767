package akeneo

import (
	"context"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/akeneo"
)

// aheadKey carries a chain's *ahead in its context.
type aheadKey struct{}

// call fetches one page while holding one of the calls ctx allows
// (extract.WithCalls); the call is freed as soon as the answer has arrived,
// before decoding.
func call(ctx context.Context, c *api.Client, link string) (api.Page, error) {
	var body []byte
	var where string
	err := extract.Call(ctx, func() (err error) {
		body, where, err = c.GetBody(ctx, link)
		return err
	})
	if err != nil {
		return api.Page{}, err
	}
	return api.DecodeListing(body, where)
}

// ahead is the speculative fetch of a chain's next page, started as soon as
// the current page's next link is known, so that mapping a page overlaps the
// latency of the next one. A chain still has at most one call in flight: the
// next page is asked for while the current one is already in hand.
type ahead struct {
	link string
	done chan struct{}
	page api.Page
	err  error
	stop context.CancelFunc
}

// withLookahead returns ctx carrying a lookahead for one chain, and the
// function that abandons the chain's speculative fetch and waits for it.
func withLookahead(ctx context.Context) (context.Context, func()) {
	a := &ahead{}
	return context.WithValue(ctx, aheadKey{}, a), func() { a.drop() }
}

// get fetches the page at link, taking the speculative fetch's answer when it
// was for link, and starts fetching the page's next link when ctx carries a
// lookahead.
func (e *Extractor) get(ctx context.Context, link string) (api.Page, error) {
	a, _ := ctx.Value(aheadKey{}).(*ahead)
	if a == nil {
		return call(ctx, e.api, link)
	}
	page, err, ok := a.take(ctx, link)
	if !ok {
		page, err = call(ctx, e.api, link)
	}
	if next := page.NextLink(); err == nil && next != "" {
		a.start(ctx, e.api, next)
	}
	return page, err
}

// start fetches link in the background.
func (a *ahead) start(ctx context.Context, c *api.Client, link string) {
	ctx, stop := context.WithCancel(ctx)
	a.link, a.done, a.stop = link, make(chan struct{}), stop
	go func() {
		defer close(a.done)
		a.page, a.err = call(ctx, c, link)
	}()
}

// take returns the speculative answer for link (ok false when none was
// asked for link; another one is abandoned). An answer is taken once, so a
// page asked for again is fetched again.
func (a *ahead) take(ctx context.Context, link string) (api.Page, error, bool) {
	if a.done == nil {
		return api.Page{}, nil, false
	}
	if a.link != link {
		a.drop()
		return api.Page{}, nil, false
	}
	select {
	case <-a.done:
	case <-ctx.Done():
		a.drop()
		return api.Page{}, ctx.Err(), true
	}
	page, err := a.page, a.err
	a.stop()
	a.link, a.done, a.page, a.err = "", nil, api.Page{}, nil
	return page, err, true
}

// drop abandons the speculative fetch, if any, and waits for it.
func (a *ahead) drop() {
	if a.done == nil {
		return
	}
	a.stop()
	<-a.done
	a.link, a.done, a.page, a.err = "", nil, api.Page{}, nil
}
