package pimcore

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// rangeOps are the comparisons a random range filter draws from.
var rangeOps = []string{"$gt", "$gte", "$lt", "$lte"}

// randomRangeFilter builds a filter bounding id and/or modificationDate,
// alone or inside a top-level $and, sometimes with a condition the bounds
// cannot use (an $or, a list, a decimal, a quoted number).
func randomRangeFilter(r *rand.Rand, n int, mods []int64) string {
	lit := func(col string) any {
		var v int64
		if col == "id" {
			v = int64(r.IntN(n+4) - 2)
		} else {
			v = mods[r.IntN(len(mods))] + int64(r.IntN(5)-2)
		}
		switch r.IntN(8) {
		case 0:
			return fmt.Sprint(v) // Datahub quotes values
		case 1:
			return json.Number(fmt.Sprintf("%d.5", v))
		case 2:
			return []any{json.Number(fmt.Sprint(v)), json.Number(fmt.Sprint(v + 3))}
		}
		return json.Number(fmt.Sprint(v))
	}
	var conds []any
	for range 1 + r.IntN(4) {
		col := []string{"id", "modificationDate"}[r.IntN(2)]
		conds = append(conds, map[string]any{col: map[string]any{rangeOps[r.IntN(4)]: lit(col)}})
	}
	if r.IntN(6) == 0 {
		conds = append(conds, map[string]any{"$or": []any{map[string]any{"id": map[string]any{"$lt": lit("id")}},
			map[string]any{"modificationDate": map[string]any{"$gt": lit("modificationDate")}}}})
	}
	var f any = map[string]any{"$and": conds}
	if len(conds) == 1 && r.IntN(2) == 0 {
		f = conds[0]
	}
	b, _ := json.Marshal(f)
	return string(b)
}

// randomWrite changes one object as an editor or a loader would: a touch
// (onto a shared second: ties), an unpublish, a delete, an old date.
func randomWrite(t *testing.T, r *rand.Rand, s *Server, n int, clock *time.Time) {
	t.Helper()
	id := 1 + r.IntN(n)
	switch r.IntN(5) {
	case 0:
		*clock = clock.Add(time.Duration(r.IntN(2)) * time.Second)
		s.Touch(id)
	case 1:
		s.Unpublish(id)
	case 2:
		s.Delete(id)
	case 3:
		mod := s.cat.Updated(r.IntN(n)).Unix()
		s.mutate(id, func(o *object) { o.Modified = mod })
	default:
		s.mutate(id, func(o *object) { o.Published = true })
	}
}

// narrowedAndFull lists filter both ways: through the indexes, and reading
// every object; both sorted alike.
func narrowedAndFull(t *testing.T, s *Server, args map[string]any) ([]int, []int) {
	t.Helper()
	l, err := s.listingArgs(args, "en")
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	full := l
	full.rng = boundsOf(nil)
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, b := s.matching(l), s.matching(full)
	if len(l.sortBy) > 0 {
		s.sortRows(a, l, 1)
		s.sortRows(b, full, 1)
	}
	return a, b
}

// A listing narrowed by the id and modificationDate indexes selects, counts
// and orders exactly the objects the whole catalog's scan selects, over
// random ranges and random writes (deletes, unpublished objects, ties on
// modificationDate, a LoadState now and then).
func TestRangeNarrowingEqualsFullScan(t *testing.T) {
	const n = 300
	f := newFixture(t, n)
	s := f.srv
	clock := testNow
	s.SetClock(func() time.Time { return clock })
	r := rand.New(rand.NewPCG(7, 11))
	mods := make([]int64, n)
	for i := range n {
		mods[i] = s.cat.Updated(i).Unix()
	}
	mods = append(mods, testNow.Unix())
	for step := range 400 {
		for range r.IntN(4) {
			randomWrite(t, r, s, n, &clock)
		}
		if step%97 == 96 {
			reload(t, s)
		}
		args := map[string]any{"filter": randomRangeFilter(r, n, mods), "published": r.IntN(2) == 0}
		if r.IntN(2) == 0 {
			args["sortBy"] = []any{"modificationDate", "id"}
			args["sortOrder"] = []any{[]string{"ASC", "DESC"}[r.IntN(2)]}
		}
		got, want := narrowedAndFull(t, s, args)
		if !slices.Equal(got, want) {
			t.Fatalf("step %d, %v: narrowed %v, full scan %v", step, args, got, want)
		}
	}
}

// reload saves the state and loads it back, which forgets the indexes.
func reload(t *testing.T, s *Server) {
	t.Helper()
	b, err := s.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LoadState(b); err != nil {
		t.Fatal(err)
	}
}

// modIDs lists the objects (published or not) whose modificationDate is
// in [from, to), in id order.
func modIDs(t *testing.T, f *fixture, from, to int64) []int {
	t.Helper()
	filter := fmt.Sprintf(`{"$and":[{"modificationDate":{"$gte":%d}},{"modificationDate":{"$lt":%d}}]}`, from, to)
	p := f.list(t, map[string]any{"filter": filter, "published": false, "sortBy": []string{"id"}})
	if p.TotalCount != len(p.Edges) {
		t.Fatalf("window %d..%d: total %d, %d edges", from, to, p.TotalCount, len(p.Edges))
	}
	var ids []int
	for _, id := range p.ids() {
		var n int
		_, _ = fmt.Sscan(id, &n)
		ids = append(ids, n)
	}
	return ids
}

// The modificationDate index is built by the first bounded listing and
// follows every later write: a touched object leaves its old second for the
// clock's, a deleted one is gone, and LoadState's objects replace the ones
// the index was built on.
func TestRangeIndexFollowsWrites(t *testing.T) {
	f := newFixture(t, 40)
	old := f.cat.Updated(6).Unix()
	now := testNow.Unix()
	if got := modIDs(t, f, old, old+1); !slices.Contains(got, 7) {
		t.Fatalf("second %d: ids %v, want 7 among them", old, got)
	}
	f.srv.Touch(7)
	f.srv.Unpublish(9)
	if got := modIDs(t, f, old, old+1); slices.Contains(got, 7) {
		t.Errorf("after the touch, second %d still lists 7: %v", old, got)
	}
	if got := modIDs(t, f, now, now+1); !slices.Equal(got, []int{7, 9}) {
		t.Errorf("after the touch, second %d: ids %v, want [7 9]", now, got)
	}
	f.srv.Delete(7)
	if got := modIDs(t, f, now, now+1); !slices.Equal(got, []int{9}) {
		t.Errorf("after deleting 7, second %d: ids %v, want [9]", now, got)
	}
	other := New(f.cat, testKey)
	other.SetClock(func() time.Time { return testNow.Add(time.Hour) })
	other.Touch(3)
	saved, err := other.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.srv.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	if got := modIDs(t, f, now, now+3601); !slices.Equal(got, []int{3}) {
		t.Errorf("after loading, seconds %d..%d: ids %v, want [3]", now, now+3600, got)
	}
	if got := modIDs(t, f, old, old+1); !slices.Contains(got, 7) {
		t.Errorf("after loading, second %d: ids %v, want 7 back", old, got)
	}
}

// A connector's keyset page and a window probe read only the objects in
// their ranges, not the whole catalog; a bound the index cannot use (an
// $or) reads every object.
func TestRangeScopeNarrowsTheObjectsRead(t *testing.T) {
	const n = 400
	f := newFixture(t, n)
	base := f.cat.Base.Unix()
	inWindow := func(from, to int64, afterID int) int {
		c := 0
		for i := afterID; i < n; i++ {
			if m := f.cat.Updated(i).Unix(); m >= from && m < to {
				c++
			}
		}
		return c
	}
	page := `{"$and":[{"modificationDate":{"$gte":%d}},{"modificationDate":{"$lt":%d}},{"id":{"$gt":%d}}]}`
	for _, c := range []struct {
		filter string
		want   int
	}{
		{fmt.Sprintf(page, base, base+30, 0), inWindow(base, base+30, 0)},
		{fmt.Sprintf(page, base, base+n, 390), n - 390},
		{fmt.Sprintf(page, base+20, base+25, 200), inWindow(base+20, base+25, 200)},
		{fmt.Sprintf(`{"modificationDate":{"$gte":%d,"$lt":%d}}`, base+50, base+60), inWindow(base+50, base+60, 0)},
		{`{"id":{"$gt":"350"}}`, 50},
		{`{"id":{"$lte":0}}`, 0},
		{`{"$or":[{"id":{"$gt":350}}]}`, n},
	} {
		l, err := f.srv.listingArgs(map[string]any{"filter": c.filter}, "en")
		if err != nil {
			t.Fatal(err)
		}
		f.srv.mu.RLock()
		got := len(f.srv.scope(l))
		f.srv.mu.RUnlock()
		if got != c.want {
			t.Errorf("%s: reads %d objects, want %d", c.filter, got, c.want)
		}
	}
}

// Bounded listings build and read the modificationDate index while touches
// move objects in it (run with -race); afterwards the index agrees with a
// full scan.
func TestRangeIndexUnderConcurrentRequests(t *testing.T) {
	f := newFixture(t, 60)
	base := f.cat.Base.Unix()
	done := make(chan string, 30)
	for k := range 30 {
		go func() {
			filter := fmt.Sprintf(`{"$and":[{"modificationDate":{"$gte":%d}},{"id":{"$gt":%d}}]}`, base+int64(k%7), k)
			q := `{ getProductListing(filter: ` + show(filter) + `, sortBy: ["id"]) { totalCount } }`
			if k%3 == 2 {
				q = `mutation { updateProduct(id: ` + itoa(k%20+1) + `, input: {sku: "T-` + itoa(k) + `"}) { success } }`
			}
			status, body, _ := f.post(t, `{"query":`+show(q)+`}`)
			if status != 200 || strings.Contains(string(body), "errors") {
				done <- string(body)
				return
			}
			done <- ""
		}()
	}
	for range 30 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
	got, want := narrowedAndFull(t, f.srv, map[string]any{"filter": fmt.Sprintf(`{"modificationDate":{"$gte":%d}}`, testNow.Unix())})
	if !slices.Equal(got, want) || len(want) != 10 {
		t.Errorf("written objects: narrowed %v, full scan %v, want 10 of them", got, want)
	}
}
