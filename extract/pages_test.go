package extract

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
)

// fakePaging serves records 0..n-1 through links "from=K&size=S"; a page
// holding a poisoned record cannot be decoded.
type fakePaging struct {
	n        int
	poisoned map[int]bool
	requests []string
}

func parse(link string) (from, size int) {
	for _, kv := range strings.Split(link, "&") {
		k, v, _ := strings.Cut(kv, "=")
		n, _ := strconv.Atoi(v)
		if k == "from" {
			from = n
		} else {
			size = n
		}
	}
	return from, size
}

func link(from, size int) string { return fmt.Sprintf("from=%d&size=%d", from, size) }

func (f *fakePaging) fetch(_ context.Context, l string) ([]record.Record, []record.Quarantined, string, error) {
	f.requests = append(f.requests, l)
	from, size := parse(l)
	var recs []record.Record
	for i := from; i < min(from+size, f.n); i++ {
		if f.poisoned[i] {
			return nil, nil, "", fmt.Errorf("decode page: %w", ErrUndecodablePage)
		}
		recs = append(recs, record.Record{Key: strconv.Itoa(i), Updated: time.Unix(int64(i), 0)})
	}
	next := ""
	if from+size < f.n {
		next = link(from+size, size)
	}
	return recs, nil, next, nil
}

func (f *fakePaging) narrowing(size int) *Narrowing {
	return &Narrowing{
		PageSize: size,
		Size:     func(l string) int { _, s := parse(l); return s },
		Resize:   func(l string, n int) (string, error) { from, _ := parse(l); return link(from, n), nil },
		Salvage: func(err error) ([]record.Quarantined, string, error) {
			// The failing one-record page is the last request.
			from, _ := parse(f.requests[len(f.requests)-1])
			next := ""
			if from+1 < f.n {
				next = link(from+1, 1)
			}
			return []record.Quarantined{{Key: strconv.Itoa(from), Raw: []byte("raw"), Reason: err.Error()}}, next, nil
		},
	}
}

func TestNarrowingIsolatesPoisonedRecords(t *testing.T) {
	f := &fakePaging{n: 100, poisoned: map[int]bool{13: true, 14: true, 77: true}}
	var keys, bad []string
	var last record.Cursor
	for p, err := range PagesWith(t.Context(), record.Cursor{}, link(0, 10), f.fetch, Options{Narrowing: f.narrowing(10)}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			keys = append(keys, r.Key)
		}
		for _, q := range p.Quarantined {
			bad = append(bad, q.Key)
		}
		last = p.Cursor
	}
	if len(keys) != 97 || strings.Join(bad, ",") != "13,14,77" || last.InPass() {
		t.Fatalf("%d records, quarantined %v, last cursor %+v", len(keys), bad, last)
	}
	prev := -1
	for _, k := range keys {
		n, _ := strconv.Atoi(k)
		if n <= prev {
			t.Fatalf("records out of order or repeated: %v", keys)
		}
		prev = n
	}
	t.Logf("%d requests for 100 records, 3 poisoned, page size 10 (10 without poison)", len(f.requests))
	// Pages widen back to the regular size after the poison.
	if got := f.requests[len(f.requests)-1]; !strings.HasSuffix(got, "&size=10") {
		t.Errorf("last request %q; want the regular page size again", got)
	}
	if len(f.requests) > 40 {
		t.Errorf("%d requests for 100 records with 3 poisoned: %v", len(f.requests), f.requests)
	}
}

func TestWithoutNarrowingAnUndecodablePageFails(t *testing.T) {
	f := &fakePaging{n: 30, poisoned: map[int]bool{15: true}}
	var err error
	for _, perr := range Pages(t.Context(), record.Cursor{}, link(0, 10), f.fetch) {
		err = perr
	}
	if !errors.Is(err, ErrUndecodablePage) {
		t.Fatalf("err %v; want ErrUndecodablePage", err)
	}
}

func TestMalformedPageIsAskedAgainThenFails(t *testing.T) {
	for _, c := range []struct {
		bad     int
		wantErr bool
	}{{1, false}, {MalformedRetries, false}, {MalformedRetries + 1, true}} {
		calls := 0
		fetch := func(_ context.Context, l string) ([]record.Record, []record.Quarantined, string, error) {
			calls++
			if calls <= c.bad {
				return nil, nil, "", fmt.Errorf("page %s: %w", l, ErrMalformedPage)
			}
			return []record.Record{{Key: "a"}}, nil, "", nil
		}
		var waits []time.Duration
		sleep := func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
		var err error
		pages := 0
		for _, perr := range PagesWith(t.Context(), record.Cursor{}, "p", fetch, Options{Sleep: sleep}) {
			if perr != nil {
				err = perr
				break
			}
			pages++
		}
		if (err != nil) != c.wantErr || (err != nil && !errors.Is(err, ErrMalformedPage)) || (err == nil && pages != 1) {
			t.Errorf("%d bad answers: err %v, %d pages", c.bad, err, pages)
		}
		if len(waits) != min(c.bad, MalformedRetries) {
			t.Errorf("%d bad answers: waited %v", c.bad, waits)
		}
	}
}
