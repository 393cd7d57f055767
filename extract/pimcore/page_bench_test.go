package pimcore_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/pimcore"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/pimcore"
)

// firstPage is the position of a full pass's first page of 100 objects.
const firstPage = "after_id=0&first=100&from=0&to=9999999999"

// BenchmarkPageDecode is the extractor's CPU per record once a page's
// answer has arrived: a page of 100 products of the sandbox emulator's
// realistic profile (localized fields in en, de and fr, variants with
// their parent and children), read with the variants setting. "listing"
// decodes the answer to its totalCount and nodes; "records" also maps the
// nodes to canonical records and finds the next position, as a page fetch
// does. cpu-ns/record is the process's CPU time (garbage collection
// included), steadier than the wall time on a shared machine.
//
//	go test -run '^$' -bench PageDecode -benchmem -count 5 ./extract/pimcore
func BenchmarkPageDecode(b *testing.B) {
	x, body := realisticPage(b)
	b.Run("listing", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		cpu0 := cpuTime()
		for b.Loop() {
			if _, n, err := pimcore.PageNodes(x, body); err != nil || n != 100 {
				b.Fatalf("%d nodes, err %v", n, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(100*b.N), "ns/record")
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(100*b.N), "cpu-ns/record")
	})
	b.Run("records", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		cpu0 := cpuTime()
		for b.Loop() {
			recs, bad, _, err := pimcore.ReadPage(b.Context(), x, firstPage, body)
			if err != nil || len(recs) != 100 || len(bad) != 0 {
				b.Fatalf("%d records, %d quarantined, err %v", len(recs), len(bad), err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(100*b.N), "ns/record")
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(100*b.N), "cpu-ns/record")
	})
}

// realisticPage returns an extractor of the realistic class with variants
// and the emulator's answer to its first page of 100 products.
func realisticPage(tb testing.TB) (extract.Extractor, []byte) {
	tb.Helper()
	cat, err := catalog.NewProfile(catalog.Realistic, 150, seed)
	if err != nil {
		tb.Fatal(err)
	}
	rec := &recorder{h: emulator.New(cat, sandboxKey)}
	hs := httptest.NewServer(rec)
	defer hs.Close()
	text := strings.Replace(variantsConfig(hs.URL), "page_size: 25", "page_size: 100", 1)
	x := extractorFromText(tb, text)
	for p, err := range x.Extract(tb.Context(), record.Cursor{}) {
		if err != nil {
			tb.Fatal(err)
		}
		if len(p.Records) != 100 {
			tb.Fatalf("the first page holds %d products, want 100", len(p.Records))
		}
		break
	}
	return x, rec.largest()
}

// cpuTime is the process's CPU time (user+sys) in nanoseconds: on a shared
// machine it is steadier than the wall time.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// recorder keeps the answers of an endpoint.
type recorder struct {
	h      http.Handler
	mu     sync.Mutex
	bodies [][]byte
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	rw := httptest.NewRecorder()
	r.h.ServeHTTP(rw, req)
	r.mu.Lock()
	r.bodies = append(r.bodies, rw.Body.Bytes())
	r.mu.Unlock()
	for k, v := range rw.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rw.Code)
	_, _ = io.Copy(w, bytes.NewReader(rw.Body.Bytes()))
}

func (r *recorder) largest() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	var big []byte
	for _, b := range r.bodies {
		if len(b) > len(big) {
			big = b
		}
	}
	return big
}
