package pimcore_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	pimextract "github.com/stewardhq/steward/extract/pimcore"
	"github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/api/pimcore/pimcorefake"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

func serve(t *testing.T, f *pimcorefake.Server) string {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL
}

// A full pass pages until the page holds every object totalCount announces,
// always sorted by id, unpublished objects included.
func TestPagingUntilTotalCount(t *testing.T) {
	fake := pimcorefake.New(pimcorefake.Catalog(25, base))
	p := run(t, newExtractor(t, serve(t, fake), 7), record.Cursor{}, 0)
	once(t, p.keys, 25)
	if len(p.cursors) != 4 || p.cursors[3].InPass() || !p.cursors[2].InPass() {
		t.Fatalf("%d pages, cursors %+v", len(p.cursors), p.cursors)
	}
	if got, want := p.cursors[3].Watermark, time.Unix(base+6, 0).UTC(); !got.Equal(want) {
		t.Errorf("watermark %v, want %v", got, want)
	}
	for _, r := range fake.Requests() {
		if !strings.Contains(r.Query, "published: false") || !strings.Contains(r.Query, "sortBy: [") || r.Variables["after"] != float64(0) {
			t.Errorf("request %s %v", r.Query, r.Variables)
		}
	}
	disabled := 0
	for _, r := range p.recs {
		if strings.Contains(string(r.Payload), `"enabled":false`) {
			disabled++
		}
	}
	if disabled != 5 {
		t.Errorf("%d unpublished products, want 5 (every fifth)", disabled)
	}
}

// Many objects share one modificationDate second: split across page
// boundaries and resumed after every page, each is delivered once.
func TestTieAcrossPageBoundary(t *testing.T) {
	objs := pimcorefake.Catalog(10, base)
	for i := range objs {
		objs[i].Mod = base
	}
	x := newExtractor(t, serve(t, pimcorefake.New(objs)), 3)
	once(t, resumeEach(t, x, record.Cursor{}), 10)
	// The next incremental pass starts inclusively at the tied second.
	again := run(t, x, record.Cursor{Watermark: time.Unix(base, 0)}, 0)
	once(t, again.keys, 10)
}

// An incremental pass starts at the watermark less the overlap, inclusive.
func TestIncrementalWindow(t *testing.T) {
	objs := pimcorefake.Catalog(10, base)
	for i := range objs {
		objs[i].Mod = base + int64(i)
	}
	fake := pimcorefake.New(objs)
	p := run(t, newExtractor(t, serve(t, fake), 4), record.Cursor{Watermark: time.Unix(base+5, 0)}, 0)
	if strings.Join(p.keys, ",") != "5,6,7,8,9,10" {
		t.Fatalf("keys %v, want 5..10 (watermark 6th second less 1s overlap, inclusive)", p.keys)
	}
	if f, _ := fake.Requests()[1].Variables["filter"].(string); !strings.Contains(f, `{"modificationDate":{"$gte":`+strconv.Itoa(base+4)+`}}`) {
		t.Errorf("filter %q", f)
	}
}

// Rows deleted or updated mid-pass make no other record skip: the pass
// pages by id, and an object moved past the window's top is read by the
// next pass.
func TestChangesMidPass(t *testing.T) {
	fake := pimcorefake.New(pimcorefake.Catalog(30, base))
	listings := 0
	fake.AfterListing = func(s *pimcorefake.Server, _ []int64) {
		if listings++; listings == 2 { // after the first page of objects
			s.Delete(3)            // read: an offset would now skip one
			s.Touch(2, base+9000)  // read, updated again
			s.Touch(20, base+9000) // not yet read, moves out of the window
			s.Delete(25)           // not yet read, gone
		}
	}
	x := newExtractor(t, serve(t, fake), 5)
	first := run(t, x, record.Cursor{}, 0)
	seen := map[string]bool{}
	for _, k := range first.keys {
		seen[k] = true
	}
	for id := 1; id <= 30; id++ {
		if k := strconv.Itoa(id); !seen[k] && id != 20 && id != 25 {
			t.Errorf("object %d was skipped", id)
		}
	}
	last := first.cursors[len(first.cursors)-1]
	next := run(t, x, last, 0)
	if strings.Join(next.keys, ",") != "2,20" {
		t.Errorf("next pass read %v, want the two objects updated during the first (2,20)", next.keys)
	}
}

// A pass stopped after two pages resumes after the last stored id.
func TestResumeInsidePass(t *testing.T) {
	fake := pimcorefake.New(pimcorefake.Catalog(23, base))
	x := newExtractor(t, serve(t, fake), 5)
	head := run(t, x, record.Cursor{}, 2)
	n := len(fake.Requests())
	tail := run(t, x, head.cursors[1], 0)
	once(t, append(head.keys, tail.keys...), 23)
	if f, _ := fake.Requests()[n].Variables["filter"].(string); !strings.Contains(f, `{"id":{"$gt":10}}`) {
		t.Errorf("resumed filter %q, want after id 10", f)
	}
	_, err := drainErr(t, x, record.Cursor{Next: "from=x"})
	if !errors.Is(err, record.ErrCorruptCursor) {
		t.Errorf("corrupt position: %v", err)
	}
}

// A listing answer with errors[] fails the pass even though data came back.
func TestPartialDataFailsThePass(t *testing.T) {
	objs := pimcorefake.Catalog(12, base)
	objs[7].Fail = true
	keys, err := drainErr(t, newExtractor(t, serve(t, pimcorefake.New(objs)), 5), record.Cursor{})
	var ee *pimcore.ErrorsError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "Internal server error") {
		t.Fatalf("err %v after %d keys; want the GraphQL errors", err, len(keys))
	}
	if len(keys) != 5 {
		t.Errorf("%d keys staged before the failing page, want 5", len(keys))
	}
}

func TestCount(t *testing.T) {
	x := newExtractor(t, serve(t, pimcorefake.New(pimcorefake.Catalog(40, base))), 5)
	n, err := x.(extract.Counter).Count(t.Context(), record.Cursor{Watermark: time.Unix(base+8, 0), Until: time.Unix(base+9, 0)})
	if err != nil || n != 4 {
		t.Fatalf("count %d, %v; want the 4 objects of second 8", n, err)
	}
}

func drainErr(t *testing.T, x extract.Extractor, cur record.Cursor) ([]string, error) {
	var keys []string
	for p, err := range x.Extract(t.Context(), cur) {
		if err != nil {
			return keys, err
		}
		for _, r := range p.Records {
			keys = append(keys, r.Key)
		}
	}
	return keys, nil
}

// The newest object, read to fix the window's top, may be the poisoned one:
// it is read leniently there and quarantined by its page.
func TestPoisonedNewestObject(t *testing.T) {
	fake := pimcorefake.New(pimcorefake.Catalog(12, base))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		fake.ServeHTTP(rec, r)
		w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
		_, _ = w.Write(bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"id":"12"`), []byte(`"id":"12","poison":"a`+"\x00"+`b"`)))
	}))
	defer srv.Close()
	p := run(t, newExtractor(t, srv.URL, 5), record.Cursor{}, 0)
	once(t, p.keys, 11)
	if len(p.bad) != 1 || p.bad[0].Key != "12" || !bytes.Contains(p.bad[0].Raw, []byte{0}) {
		t.Fatalf("quarantined %+v", p.bad)
	}
}

func TestReadSchema(t *testing.T) {
	f, err := config.Parse("pimcore.yaml", []byte(configText(serve(t, pimcorefake.New(pimcorefake.Catalog(3, base))), 5)), nil, lookup)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := pimcore.DecodeSettings(f, "src")
	h, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := pimextract.ReadSchema(t.Context(), pimcore.New(h, s))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sc.Attributes, sc.Locales, sc.Channels) != "[color description description_draft ean name price weight] [de_DE en_US] [ecommerce]" || sc.Families != nil {
		t.Errorf("schema %v", sc)
	}
	s.Fields["material"] = pimcore.Field{Attribute: "material", Kind: pimcore.KindText}
	_, err = pimextract.ReadSchema(t.Context(), pimcore.New(h, s))
	if err == nil || !strings.Contains(err.Error(), `Cannot query field "material"`) {
		t.Errorf("a field the Datahub lacks: %v", err)
	}
}

// A live pass whose window is empty when it starts still has a top: objects
// edited while it runs are left to the next pass. Without one, the keyset
// by id passes object 3 (edited after the first page) while it reads object
// 9, edited later still, and the watermark rises past object 3's edit.
func TestEmptyWindowHasATop(t *testing.T) {
	fake := pimcorefake.New(pimcorefake.Catalog(10, base))
	const w = base + 1000
	listings := 0
	fake.AfterListing = func(s *pimcorefake.Server, _ []int64) {
		switch listings++; listings {
		case 1: // the newest object, read when the pass starts
			s.Touch(5, w+10)
			s.Touch(7, w+10)
		case 2: // the first page
			s.Touch(3, w+20)
			s.Touch(9, w+30)
		}
	}
	x := newExtractor(t, serve(t, fake), 1)
	first := run(t, x, record.Cursor{Watermark: time.Unix(w, 0)}, 0)
	last := first.cursors[len(first.cursors)-1]
	if last.InPass() || last.Watermark.After(time.Unix(w, 0)) {
		t.Fatalf("the pass over an empty window read %v and left the cursor %+v", first.keys, last)
	}
	next := run(t, x, last, 0)
	if got := strings.Join(append(first.keys, next.keys...), ","); !strings.Contains(","+got+",", ",3,") {
		t.Fatalf("object 3, edited mid-pass, was never read (read %s)", got)
	}
}
