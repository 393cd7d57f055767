package akeneo_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
)

// TestPartitionedPassReadsWhatASerialPassReads: for a live pass from a
// watermark, a backfill window and a window from a watermark, the partitions
// together read exactly the products one serial chain reads.
func TestPartitionedPassReadsWhatASerialPassReads(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(harness.Emulator(4000))
	t.Cleanup(srv.Close) // after the parallel subtests
	serial, parts := partitionedExtractor(t, srv.URL, 20, 1), partitionedExtractor(t, srv.URL, 20, 4)
	base := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC) // the catalog's dates span 1,000 s from here
	for _, from := range []record.Cursor{
		{Watermark: base.Add(200 * time.Second)},
		{Until: base.Add(700 * time.Second)},
		{Watermark: base.Add(100 * time.Second), Until: base.Add(800 * time.Second)},
	} {
		t.Run(fmt.Sprintf("from %s until %s", from.Watermark.Format(time.TimeOnly), from.Until.Format(time.TimeOnly)), func(t *testing.T) {
			t.Parallel() // passes only read the emulator; the extractors are safe for concurrent passes
			want, _, _ := pass(t, serial, from, 0)
			got, last, pages := pass(t, parts, from, 0)
			if len(pages[0].Cursor.Partitions) == 0 {
				t.Fatalf("the pass of %d products was not partitioned", len(want))
			}
			assertOnce(t, got, len(want))
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("partitions read %d products, the serial chain %d, and not the same ones", len(got), len(want))
			}
			if last.InPass() || !last.Until.Equal(from.Until) {
				t.Errorf("last cursor %+v", last)
			}
		})
	}
}

// TestPartitionedPassIsolatesAPoisonedProduct: a product that makes its page
// undecodable is isolated inside its partition's chain and quarantined; every
// other product is read once.
func TestPartitionedPassIsolatesAPoisonedProduct(t *testing.T) {
	const n = 2000
	inner := harness.Emulator(n)
	var poison atomic.Pointer[string]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		b := rec.Body.Bytes()
		if p := poison.Load(); p != nil && r.URL.Query().Get("pagination_type") == "search_after" {
			poisoned := *p
			b = bytes.ReplaceAll(b, []byte(`"uuid":"`+poisoned+`"`), []byte(`"uuid":"`+poisoned+`","note":"a`+"\x00"+`b"`))
		}
		_, _ = w.Write(b)
	}))
	defer srv.Close()
	x := partitionedExtractor(t, srv.URL, 20, 4)
	clean, _, _ := pass(t, x, record.Cursor{}, 0)
	poisoned := clean[777]
	poison.Store(&poisoned)
	var keys []string
	var bad []record.Quarantined
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Cursor.Partitions) == 0 && p.Cursor.InPass() {
			t.Fatal("the pass was not partitioned")
		}
		for _, r := range p.Records {
			keys = append(keys, r.Key)
		}
		bad = append(bad, p.Quarantined...)
	}
	assertOnce(t, append(keys, poisoned), n)
	if len(bad) != 1 || bad[0].Key != poisoned || !strings.Contains(bad[0].Reason, `\x00`) {
		t.Fatalf("quarantined %+v; want %s for its NUL byte", bad, poisoned)
	}
}
