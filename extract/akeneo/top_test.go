package akeneo_test

import (
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

// A serial pass has a top too: product A, read on the chain's first page,
// is edited mid-pass; an hour later product B, further down the chain, is.
// Without a top the chain reads B's edit, the watermark rises to it, and
// the next pass (overlap 1 s) starts past A's edit. With it, both edits are
// left to the next pass, which reads them.
func TestSerialPassHasATop(t *testing.T) {
	const n = 200
	cat := catalog.New(n, 3)
	em := emulator.New(cat, emulator.SandboxCredentials)
	var mu sync.Mutex
	now := cat.Base.Add(2 * time.Hour)
	em.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	srv := httptest.NewServer(em)
	defer srv.Close()
	x := partitionedExtractor(t, srv.URL, 20, 1)

	keys, cur, pages := pass(t, x, record.Cursor{}, 2)
	if len(pages[0].Cursor.Partitions) > 0 || !cur.InPass() {
		t.Fatal("the pass is not serial, or finished early")
	}
	link, _ := url.Parse(cur.Next)
	if search := link.Query().Get("search"); !strings.Contains(search, `"<"`) && !strings.Contains(search, `"\u003c"`) {
		t.Errorf("the serial chain has no top: %s", link.Query().Get("search"))
	}
	read := map[string]bool{}
	for _, k := range keys {
		read[k] = true
	}
	a, b := cat.UUID(0), ""
	for i := n - 1; i >= 0 && b == ""; i-- {
		if !read[cat.UUID(i)] {
			b = cat.UUID(i) // edited an hour after A, below
		}
	}
	if !read[a] {
		a = keys[0]
	}
	ia, _ := cat.IndexOfUUID(a)
	t1 := now
	em.Plant(cat.SKU(ia), "sku", cat.SKU(ia))
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	ib, _ := cat.IndexOfUUID(b)
	em.Plant(cat.SKU(ib), "sku", cat.SKU(ib))

	_, last, rest := pass(t, x, cur, 0)
	_, _, next := pass(t, x, last, 0)
	for _, p := range append(rest, next...) {
		for _, r := range p.Records {
			if r.Key == a && r.Updated.Equal(t1) {
				return
			}
		}
	}
	t.Fatalf("product %s edited at %s mid-pass was never delivered with the edit (watermark after the pass %s)", a, t1, last.Watermark)
}
