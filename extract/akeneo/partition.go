package akeneo

import (
	"context"
	"iter"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/record"
)

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

// partitioned reads every unfinished partition of cur concurrently, each
// with its own chain (poison isolation and lookahead included), with at most
// settings.Partitions calls in flight (extract.Partitioned: a page's cursor
// is true once that page is stored; the watermark moves only with the page
// that finishes the last partition).
func (e *Extractor) partitioned(ctx context.Context, cur record.Cursor) iter.Seq2[record.Page, error] {
	return extract.Partitioned(extract.WithCalls(ctx, e.settings.Partitions), cur, e.chain)
}

// chain follows one partition's search_after chain from link, fetching each
// page's successor while the page is mapped.
func (e *Extractor) chain(ctx context.Context, link string) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		ctx, release := withLookahead(ctx)
		defer release()
		for p, err := range e.serial(ctx, record.Cursor{}, link) {
			if !yield(p, err) {
				return
			}
		}
	}
}
