package akeneo_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	emulator "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// Review (issue 7): in a partitioned pass, a product not yet read in an
// inner update-date window that is edited mid-pass leaves its window (its
// update date is now past the window's upper bound) and joins the last
// window, whose search_after chain (by uuid) may already be past it: the
// pass never reads it. A serial chain would, since the product stays in its
// filter. The watermark then rises with later edits the last window does
// read, past the missed product's update date plus the overlap, and the
// next pass does not read it either.
func TestReviewPartitionedPassLosesProductEditedMidPass(t *testing.T) {
	t.Parallel()
	for stop := 20; stop < 200; stop += 10 {
		t.Run(fmt.Sprintf("edits after page %d", stop), func(t *testing.T) {
			t.Parallel() // each case has its own catalog, emulator and clock
			editedMidPass(t, stop)
		})
	}
}

func editedMidPass(t *testing.T, stop int) {
	const n = 4000
	cat := catalog.New(n, 3)
	em := emulator.New(cat, emulator.SandboxCredentials)
	base := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := base.Add(2 * time.Hour)
	em.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	srv := httptest.NewServer(em)
	defer srv.Close()
	x := partitionedExtractor(t, srv.URL, 20, 4)

	read := map[string]bool{}
	keys, cur, pages := pass(t, x, record.Cursor{}, stop)
	if len(pages[0].Cursor.Partitions) == 0 {
		t.Fatal("not partitioned")
	}
	for _, k := range keys {
		read[k] = true
	}
	if !cur.InPass() || cur.Partitions[len(cur.Partitions)-1].Next == "" {
		t.Skip("the last window is read to its end")
	}
	// Wave 1 at T1: the products not read yet, outside the last window,
	// whose uuid the last window's chain has already passed.
	lastLink, _ := url.Parse(cur.Partitions[len(cur.Partitions)-1].Next)
	lastPos, _ := cat.IndexOfUUID(uuidOfToken(lastLink.Query().Get("search_after")))
	lastLower := lowerOf(t, lastLink.Query().Get("search"))
	t1 := now
	var wave1 []int
	inWave1 := map[int]bool{}
	for i := range lastPos {
		if !read[cat.UUID(i)] && !cat.Updated(i).After(lastLower) {
			em.Plant(cat.SKU(i), "sku", cat.SKU(i))
			wave1, inWave1[i] = append(wave1, i), true
		}
	}
	if len(wave1) == 0 {
		t.Skip("no product behind the last window's chain is unread; the schedule did not reach the case")
	}
	// Wave 2, an hour later: the rest not read yet (not wave 1's products:
	// an edit overwritten before any pass reads it cannot be delivered).
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	for i := range n {
		if !read[cat.UUID(i)] && !inWave1[i] && !cat.Updated(i).Before(base.Add(500*time.Second)) {
			em.Plant(cat.SKU(i), "sku", cat.SKU(i))
		}
	}
	got := map[string]bool{} // products delivered with their T1 edit
	_, last, rest := pass(t, x, cur, 0)
	_, _, next := pass(t, x, last, 0)
	for _, p := range append(rest, next...) {
		for _, r := range p.Records {
			if r.Updated.Equal(t1) {
				got[r.Key] = true
			}
		}
	}
	lost := 0
	for _, i := range wave1 {
		if !got[cat.UUID(i)] {
			lost++
		}
	}
	t.Logf("wave 1: %d products, lost %d, watermark %s", len(wave1), lost, last.Watermark)
	if lost > 0 {
		t.Fatalf("%d of %d products edited mid-pass never delivered with the edit (watermark after the pass %s)", lost, len(wave1), last.Watermark)
	}
}

func uuidOfToken(tok string) string {
	if len(tok) != 32 {
		return ""
	}
	return tok[0:8] + "-" + tok[8:12] + "-" + tok[12:16] + "-" + tok[16:20] + "-" + tok[20:]
}

func lowerOf(t *testing.T, search string) time.Time {
	var f map[string][]struct {
		Operator string `json:"operator"`
		Value    string `json:"value"`
	}
	if err := json.Unmarshal([]byte(search), &f); err != nil {
		t.Fatal(err)
	}
	for _, c := range f["updated"] {
		if c.Operator == ">" {
			at, err := time.Parse(time.DateTime, strings.TrimSpace(c.Value))
			if err != nil {
				t.Fatal(err)
			}
			return at
		}
	}
	t.Fatal("the last window has no lower bound")
	return time.Time{}
}
