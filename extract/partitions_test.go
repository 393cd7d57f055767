package extract

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
)

// numbered is a Chain over links "P:K": partition P's page K of pages
// pages, each holding one record updated at minute 10×P+K; fail, when set,
// is the link that fails.
func numbered(pages int, fail string) Chain {
	return func(ctx context.Context, link string) iter.Seq2[record.Page, error] {
		return func(yield func(record.Page, error) bool) {
			p, k, _ := strings.Cut(link, ":")
			part, _ := strconv.Atoi(p)
			for n, _ := strconv.Atoi(k); n < pages; n++ {
				here := fmt.Sprintf("%d:%d", part, n)
				if here == fail {
					yield(record.Page{URL: here}, errors.New("page failed"))
					return
				}
				cur := record.Cursor{Next: fmt.Sprintf("%d:%d", part, n+1)}
				if n == pages-1 {
					cur.Next = ""
				}
				at := time.Date(2024, 5, 1, 0, 10*part+n, 0, 0, time.UTC)
				if !yield(record.Page{Records: []record.Record{{Key: here, Updated: at}}, Cursor: cur, URL: here}, nil) {
					return
				}
			}
		}
	}
}

// Each page's cursor holds every partition's position after the pages
// yielded so far, the pass's highest change time rises, and the watermark
// moves only with the page that finishes the last partition.
func TestPartitionedCursors(t *testing.T) {
	cur := record.Cursor{Partitions: []record.Partition{{Next: "0:0"}, {Next: "1:0"}, {}, {Next: "3:2"}}}
	read := map[string]int{}
	var pages []record.Page
	for p, err := range Partitioned(t.Context(), cur, numbered(4, "")) {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
		part, k, _ := strings.Cut(p.Records[0].Key, ":")
		n, _ := strconv.Atoi(k)
		read[part] = n + 1
		for i, pp := range p.Cursor.Partitions {
			want := fmt.Sprintf("%d:%d", i, read[strconv.Itoa(i)])
			switch {
			case i == 2 || read[strconv.Itoa(i)] == 4:
				want = ""
			case read[strconv.Itoa(i)] == 0:
				want = cur.Partitions[i].Next
			}
			if !p.Cursor.InPass() {
				break
			}
			if pp.Next != want {
				t.Fatalf("after %s: partition %d at %q, want %q", p.Records[0].Key, i, pp.Next, want)
			}
		}
	}
	if len(pages) != 4+4+2 {
		t.Fatalf("%d pages, want 10", len(pages))
	}
	for _, p := range pages[:len(pages)-1] {
		if !p.Cursor.InPass() || !p.Cursor.Watermark.IsZero() {
			t.Fatalf("cursor %+v before the last page: want inside the pass, no watermark", p.Cursor)
		}
	}
	end := pages[len(pages)-1].Cursor
	if end.InPass() || !end.Watermark.Equal(time.Date(2024, 5, 1, 0, 33, 0, 0, time.UTC)) {
		t.Fatalf("last cursor %+v: want the pass finished at the highest change time 00:33", end)
	}
}

// A failing page ends the pass with its error; breaking out stops every
// chain.
func TestPartitionedErrorsAndBreak(t *testing.T) {
	cur := record.Cursor{Partitions: []record.Partition{{Next: "0:0"}, {Next: "1:0"}}}
	var err error
	for _, perr := range Partitioned(t.Context(), cur, numbered(50, "1:3")) {
		if perr != nil {
			err = perr
		}
	}
	if err == nil || !strings.Contains(err.Error(), "page failed") {
		t.Fatalf("err %v; want the failing page's error", err)
	}
	n := 0
	for range Partitioned(t.Context(), cur, numbered(1000, "")) {
		if n++; n == 3 {
			break
		}
	}
}

// Once the caller's context is canceled, no page fetched before it (and
// waiting in the buffer) is yielded: the pass ends with context.Canceled.
func TestPartitionedStopsYieldingAfterCancel(t *testing.T) {
	cur := record.Cursor{Partitions: []record.Partition{{Next: "0:0"}, {Next: "1:0"}, {Next: "2:0"}, {Next: "3:0"}}}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pages, after := 0, 0
	var err error
	for _, perr := range Partitioned(ctx, cur, numbered(50, "")) {
		if perr != nil {
			err = perr
			break
		}
		if pages++; pages == 1 {
			time.Sleep(20 * time.Millisecond) // let every chain fill the buffer
			cancel()
			continue
		}
		after++
	}
	if after != 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancel: %d more pages, err %v; want none and context.Canceled", after, err)
	}
}

// Call holds one of the calls ctx allows: never more at once. Each call
// waits (at most 2 s) until 3 are running, so that a loaded machine cannot
// keep the goroutines from overlapping, then holds its call a while longer.
func TestCallLimit(t *testing.T) {
	ctx := WithCalls(t.Context(), 3)
	var now, peak atomic.Int32
	var once sync.Once
	three := make(chan struct{})
	done := make(chan struct{})
	for range 12 {
		go func() {
			_ = Call(ctx, func() error {
				n := now.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				if n >= 3 {
					once.Do(func() { close(three) })
				}
				select {
				case <-three:
				case <-time.After(2 * time.Second):
				}
				time.Sleep(5 * time.Millisecond)
				now.Add(-1)
				return nil
			})
			done <- struct{}{}
		}()
	}
	for range 12 {
		<-done
	}
	if peak.Load() != 3 {
		t.Errorf("%d calls at once, want 3", peak.Load())
	}
	if err := Call(t.Context(), func() error { return errors.New("x") }); err == nil {
		t.Error("Call without a limit did not run the call")
	}
}
