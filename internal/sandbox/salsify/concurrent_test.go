package salsify

import (
	"strconv"
	"sync"
	"testing"
)

// TestConcurrentReadsAndWrites serves listings, single reads and upserts at
// the same time (run with -race); every write lands and the count adds up.
func TestConcurrentReadsAndWrites(t *testing.T) {
	s, srv := start(t, 300)
	filter := "&filter=" + escape("='salsify:updated_at':gt('2000-01-01T00:00:00Z')")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 5 {
				if g%2 == 0 {
					call(t, srv, "GET", base+"/products?per_page=50&page="+strconv.Itoa(k+1)+filter, "")
					continue
				}
				id := "C-" + strconv.Itoa(g) + "-" + strconv.Itoa(k)
				expect(t, call(t, srv, "PUT", base+"/products/_upsert", `[{"Product ID":"`+id+`"},{"Product ID":"SKU-0000001","Color":"c`+id+`"}]`), 200, "")
				call(t, srv, "GET", base+"/products/"+id, "")
			}
		})
	}
	wg.Wait()
	if s.Count() != 310 || s.Writes()["SKU-0000001"] != 10 {
		t.Errorf("count %d, writes to SKU-0000001 %d; want 310 and 10", s.Count(), s.Writes()["SKU-0000001"])
	}
}
