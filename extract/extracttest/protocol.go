package extracttest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// testMissingItems serves pages without their items array: never an empty
// page ending the pass, but a page asked for again, then a failed pass.
func testMissingItems(t *testing.T, h Harness) {
	if h.DropItems == nil {
		t.Skip("the harness has no DropItems")
	}
	// The suite checks that the page is asked for again, not how long
	// steward waits before asking (seconds in all, per way).
	ctx := retry.WithSleeper(t.Context(), noSleep)
	for way := 0; h.DropItems([]byte("{}"), way) != nil; way++ {
		// Once: the page is asked for again and the pass completes.
		e := h.start(t, 30)
		x := e.extractor(t, 10)
		e.dropItems(way, 2, 1)
		keys, cursors, err := drain(ctx, x, record.Cursor{}, 0)
		if err != nil {
			t.Fatalf("way %d, one bad page: %v", way, err)
		}
		assertAllOnce(t, keys, 30)
		if last := cursors[len(cursors)-1]; last.InPass() {
			t.Fatalf("way %d: the pass did not finish", way)
		}
		// Every time: the pass fails at that page, with nothing after it.
		e.dropItems(way, 2, 1000)
		keys, cursors, err = drain(ctx, x, record.Cursor{}, 0)
		if !errors.Is(err, extract.ErrMalformedPage) {
			t.Fatalf("way %d, a page without items every time: err %v after %d keys; want ErrMalformedPage", way, err, len(keys))
		}
		for _, c := range cursors {
			if !c.InPass() {
				t.Fatalf("way %d: a pass with a page lacking its items finished: %+v", way, c)
			}
		}
	}
}

// dropItems rewrites the list pages after the first skip into pages without
// items, n times.
func (e *env) dropItems(way, skip, n int) {
	var seen, done atomic.Int32
	rw := func(b []byte) []byte {
		if !e.h.listPage(b) || seen.Add(1) <= int32(skip) || done.Add(1) > int32(n) {
			return b
		}
		return e.h.DropItems(b, way)
	}
	e.rewrite.Store(&rw)
}

// testPoison plants two poisoned records: each is quarantined with its raw
// bytes and the reason, every other record is read once, and a pass resumed
// at any page before them gets past them too.
func testPoison(t *testing.T, h Harness) {
	if h.Poison == nil {
		t.Skip("the harness has no Poison")
	}
	e := h.start(t, 60)
	x := e.extractor(t, 10)
	clean, _, err := drain(t.Context(), x, record.Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	nul, deep := clean[13], clean[37]
	rw := func(b []byte) []byte { return h.Poison(h.Poison(b, nul, false), deep, true) }
	e.rewrite.Store(&rw)
	res := drainAll(t.Context(), x, record.Cursor{})
	if res.err != nil {
		t.Fatalf("a pass over two poisoned records failed: %v", res.err)
	}
	assertAllOnce(t, res.keys, 58)
	assertQuarantined(t, res.bad, nul, deep)
	for i, c := range res.cursors {
		if c.InPass() {
			again := drainAll(t.Context(), x, c)
			if again.err != nil || len(again.keys)+len(res.keys[:res.upTo[i]]) != 58 {
				t.Fatalf("resumed after page %d: %d keys, err %v", i+1, len(again.keys), again.err)
			}
		}
	}
}

type drained struct {
	keys    []string
	bad     []record.Quarantined
	cursors []record.Cursor
	upTo    []int // keys read up to each page
	err     error
}

func drainAll(ctx context.Context, x extract.Extractor, cur record.Cursor) drained {
	var d drained
	for p, err := range x.Extract(ctx, cur) {
		if err != nil {
			d.err = err
			return d
		}
		for _, r := range p.Records {
			d.keys = append(d.keys, r.Key)
		}
		d.bad = append(d.bad, p.Quarantined...)
		d.cursors = append(d.cursors, p.Cursor)
		d.upTo = append(d.upTo, len(d.keys))
	}
	return d
}

func assertQuarantined(t *testing.T, bad []record.Quarantined, nul, deep string) {
	t.Helper()
	if len(bad) != 2 {
		t.Fatalf("quarantined %d records, want 2: %+v", len(bad), bad)
	}
	byKey := map[string]record.Quarantined{}
	for _, q := range bad {
		if q.Reason == "" {
			t.Errorf("quarantined %q without a reason", q.Key)
		}
		byKey[q.Key] = q
	}
	if q, ok := byKey[nul]; !ok || !bytes.Contains(q.Raw, []byte{0}) || !bytes.Contains(q.Raw, []byte(nul)) {
		t.Errorf("the record with a NUL byte: %+v", byKey[nul].Reason)
	}
	if q, ok := byKey[deep]; !ok || !bytes.Contains(q.Raw, []byte(strings.Repeat("[", 1000))) {
		t.Errorf("the record nested 10,000 deep: %q", byKey[deep].Reason)
	}
}
