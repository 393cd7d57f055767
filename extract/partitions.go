package extract

import (
	"context"
	"errors"
	"iter"
	"slices"
	"sync"

	"github.com/stewardhq/steward/internal/record"
)

// ErrPartitionsUnfinished reports partitions that all stopped without
// finishing and without an error: a bug, never a finished pass.
var ErrPartitionsUnfinished = errors.New("the partitions of the pass stopped before their end")

// Chain reads one partition of a pass from link as a fresh chain of pages
// (Pages or PagesWith over record.Cursor{}): each page's Cursor.Next is the
// partition's next link, empty after its last page.
type Chain func(ctx context.Context, link string) iter.Seq2[record.Page, error]

// Partitioned reads every unfinished partition of cur concurrently, each as
// its own chain, and yields their pages one at a time as they arrive. A
// page's cursor holds each partition's position after the pages yielded so
// far (pages fetched but not yet yielded are not in it), so it is true once
// that page is stored; the pass's highest change time rises with every
// page, and the watermark moves only with the page that finishes the last
// partition. How many calls the chains keep in flight is the chain's
// business (WithCalls, a shared rate limiter). An error of any chain ends
// the pass with that error; breaking out of the loop stops every chain, and
// once ctx is canceled no page fetched before is yielded.
func Partitioned(ctx context.Context, cur record.Cursor, chain Chain) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		pages := make(chan partPage, len(cur.Partitions))
		var wg sync.WaitGroup
		for i, p := range cur.Partitions {
			if p.Next != "" {
				wg.Go(func() { readChain(ctx, chain, i, p.Next, pages) })
			}
		}
		go func() { wg.Wait(); close(pages) }()
		defer func() {
			cancel()
			for range pages { // let every chain stop
			}
		}()
		for pp := range pages {
			if err := ctx.Err(); err != nil { // fetched before a cancel: not yielded
				yield(record.Page{}, err)
				return
			}
			if pp.err != nil {
				yield(record.Page{URL: pp.page.URL}, pp.err)
				return
			}
			cur = advancePartition(cur, pp)
			if !yield(record.Page{Records: pp.page.Records, Quarantined: pp.page.Quarantined, Cursor: cur, URL: pp.page.URL}, nil) {
				return
			}
			if !cur.InPass() {
				return
			}
		}
		err := ctx.Err()
		if err == nil {
			err = ErrPartitionsUnfinished
		}
		yield(record.Page{}, err)
	}
}

// partPage is one page of one partition, with the partition's next link
// ("" after its last page).
type partPage struct {
	part int
	page record.Page
	next string
	err  error
}

// readChain sends the pages of one partition, in order, until its end, an
// error or cancellation.
func readChain(ctx context.Context, chain Chain, part int, link string, out chan<- partPage) {
	for p, err := range chain(ctx, link) {
		pp := partPage{part: part, page: p, err: err}
		if err == nil && p.Cursor.InPass() {
			pp.next = p.Cursor.Next
		}
		select {
		case out <- pp:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}

// advancePartition returns cur after storing pp: the partition's position
// moved, the pass's highest change time raised, and the pass finished once
// no partition has a next page. Earlier cursors are left untouched.
func advancePartition(cur record.Cursor, pp partPage) record.Cursor {
	cur.Partitions = slices.Clone(cur.Partitions)
	cur.Partitions[pp.part].Next = pp.next
	for _, r := range pp.page.Records {
		cur.Observe(r.Updated)
	}
	for _, p := range cur.Partitions {
		if p.Next != "" {
			return cur
		}
	}
	return cur.Finish()
}

// callsKey carries the semaphore of calls the chains of a pass share.
type callsKey struct{}

// WithCalls returns ctx allowing n concurrent calls to the chains that
// share it (see Call).
func WithCalls(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, callsKey{}, make(chan struct{}, max(n, 1)))
}

// Call runs do while holding one of the calls ctx allows (at once when ctx
// allows any number): a connector wraps only the request in it, so that a
// page is decoded and mapped while another chain's request holds the call.
func Call(ctx context.Context, do func() error) error {
	slots, ok := ctx.Value(callsKey{}).(chan struct{})
	if !ok {
		return do()
	}
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-slots }()
	return do()
}
