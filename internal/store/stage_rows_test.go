package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
)

// stagedPage is a page of n changed records keyed prefix0.., of two data
// types and sources where mixed is set.
func stagedPage(run int64, prefix string, n int, mixed bool) PageCommit {
	p := PageCommit{RunID: run, Job: "products", Cursor: record.Cursor{Next: prefix}, Counts: Counts{Pages: 1}}
	for i := range n {
		dt, src := "products", "pim"
		if mixed && i%7 == 3 {
			dt, src = "prices", "erp"
		}
		r := record.Record{Key: fmt.Sprintf("%s%03d", prefix, i), Updated: time.Date(2026, 1, 5, 8, 0, i, 0, time.UTC),
			Payload: fmt.Appendf(nil, `{"id":"%s%03d","v":%d}`, prefix, i, i)}
		p.Changed = append(p.Changed, Staged{DataType: dt, Source: src, Record: r, Hash: r.Hash()})
	}
	return p
}

// Pages of more than one statement's rows, of mixed data types, and rows
// staged again: every row is stored with its own hash, payload and time, and
// Hashes reads them back for a full page of keys and for other counts.
func TestStageRowsInChunks(t *testing.T) {
	s, ctx := open(t), t.Context()
	run, err := s.BeginRun(ctx, "products", TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	page := stagedPage(run, "k", 250, true)
	for range 2 { // the second commit updates every row in place
		if err := s.CommitPage(ctx, page); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CommitPage(ctx, stagedPage(run, "m", 100, false)); err != nil {
		t.Fatal(err)
	}
	var products, prices []string
	for _, r := range page.Changed {
		if r.DataType == "products" {
			products = append(products, r.Record.Key)
		} else {
			prices = append(prices, r.Record.Key)
		}
	}
	if n, _ := s.CountStaged(ctx, "products"); n != len(products)+100 {
		t.Fatalf("%d products staged, want %d", n, len(products)+100)
	}
	for _, keys := range [][]string{products[:100], products, prices, {"k000", "nope"}} {
		hashes, err := s.Hashes(ctx, "products", "pim", keys)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Changed {
			if want := r.DataType == "products" && contains(keys, r.Record.Key); (hashes[r.Record.Key] == r.Hash) != want {
				t.Fatalf("%d keys: hash of %s %q, staged %q (want found: %v)", len(keys), r.Record.Key, hashes[r.Record.Key], r.Hash, want)
			}
		}
	}
	got, ok, err := s.StagedPayload(ctx, "prices", "erp", "k003")
	if err != nil || !ok || string(got) != `{"id":"k003","v":3}` {
		t.Fatalf("payload of k003: %s %v %v", got, ok, err)
	}
}

func contains(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}
