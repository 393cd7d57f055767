package akeneo

import (
	"context"
	"errors"
	"iter"
	"slices"
	"sync"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/record"
)

// errUnfinished reports partitions that all stopped without finishing and
// without an error: a bug, never a finished pass.
var errUnfinished = errors.New("the partitions of the products pass stopped before their end")

// planned plans a new pass and reads it partitioned, or serially from link
// when the plan says so. A live pass first fixes its top (see top), and
// every window, the serial chain's included, stops below it.
func (e *Extractor) planned(ctx context.Context, cur record.Cursor, link string) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		links, link, err := e.layout(ctx, cur, link)
		if err != nil {
			yield(record.Page{URL: link}, err)
			return
		}
		pages := e.serial(ctx, cur, link)
		if links != nil {
			cur.Partitions = make([]record.Partition, len(links))
			for i, l := range links {
				cur.Partitions[i].Next = l
			}
			pages = e.partitioned(ctx, cur)
		}
		for p, err := range pages {
			if !yield(p, err) {
				return
			}
		}
	}
}

// serial follows one search_after chain from link.
func (e *Extractor) serial(ctx context.Context, cur record.Cursor, link string) iter.Seq2[record.Page, error] {
	return extract.PagesWith(ctx, cur, link, e.page, extract.Options{Narrowing: e.narrowing()})
}

// partPage is one page of one partition, with the partition's next link
// ("" after its last page).
type partPage struct {
	part int
	page record.Page
	next string
	err  error
}

// partitioned reads every unfinished partition of cur concurrently, each
// with its own chain (poison isolation included), with at most
// settings.Partitions calls in flight, and yields their pages one at a time
// as they arrive. A page's cursor holds each partition's position
// after the pages yielded so far, so it is true once that page is stored; the
// watermark moves only with the page that finishes the last partition.
func (e *Extractor) partitioned(ctx context.Context, cur record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		ctx = withCalls(ctx, max(e.settings.Partitions, 1))
		pages := make(chan partPage, len(cur.Partitions))
		var wg sync.WaitGroup
		for i, p := range cur.Partitions {
			if p.Next != "" {
				wg.Go(func() { e.readPartition(ctx, i, p.Next, pages) })
			}
		}
		go func() { wg.Wait(); close(pages) }()
		defer func() {
			cancel()
			for range pages { // let every reader stop
			}
		}()
		for pp := range pages {
			if pp.err != nil {
				yield(record.Page{URL: pp.page.URL}, pp.err)
				return
			}
			cur = advance(cur, pp)
			if !yield(record.Page{Records: pp.page.Records, Quarantined: pp.page.Quarantined, Cursor: cur, URL: pp.page.URL}, nil) {
				return
			}
			if !cur.InPass() {
				return
			}
		}
		err := ctx.Err()
		if err == nil {
			err = errUnfinished
		}
		yield(record.Page{}, err)
	}
}

// readPartition sends the pages of one partition's chain from link, in
// order, until its end, an error or cancellation; each page's successor is
// fetched while the page is mapped.
func (e *Extractor) readPartition(ctx context.Context, part int, link string, out chan<- partPage) {
	ctx, release := withLookahead(ctx)
	defer release()
	for p, err := range e.serial(ctx, record.Cursor{}, link) {
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

// advance returns cur after storing pp: the partition's position moved, the
// pass's highest change time raised, and the pass finished once no partition
// has a next page. Earlier cursors are left untouched.
func advance(cur record.Cursor, pp partPage) record.Cursor {
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
