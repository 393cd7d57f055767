package akeneo_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/akeneo"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// TestNestedJustTooDeepForItsPage: a product nested so deep that it decodes
// alone but not inside its page (the page adds three levels) never fails the
// pass: at a page of one it is quarantined with its raw bytes and the reason,
// every other product is read once (issue 6 item 16).
func TestNestedJustTooDeepForItsPage(t *testing.T) {
	for _, depth := range []int{9997, 9998, 9999} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			var poisoned string
			inner := harness.Emulator(30)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec := httptest.NewRecorder()
				inner.ServeHTTP(rec, r)
				for k, v := range rec.Header() {
					w.Header()[k] = v
				}
				w.Header().Del("Content-Length")
				w.WriteHeader(rec.Code)
				b := rec.Body.Bytes()
				if poisoned != "" {
					deep := strings.Repeat("[", depth) + strings.Repeat("]", depth)
					b = bytes.ReplaceAll(b, []byte(`"uuid":"`+poisoned+`"`), []byte(`"uuid":"`+poisoned+`","deep":`+deep))
				}
				_, _ = w.Write(b)
			}))
			defer srv.Close()
			x := deepExtractor(t, srv.URL)
			clean := readAll(t, x)
			if len(clean.keys) != 30 {
				t.Fatalf("clean pass read %d of 30", len(clean.keys))
			}
			poisoned = clean.keys[13]
			got := readAll(t, x)
			if got.err != nil {
				t.Fatalf("a product nested %d deep failed the pass: %v", depth, got.err)
			}
			seen := map[string]int{}
			for _, k := range append(got.keys, got.bad...) {
				seen[k]++
			}
			if len(seen) != 30 || len(got.keys)+len(got.bad) != 30 {
				t.Fatalf("read %d and quarantined %v; want each of 30 products once", len(got.keys), got.bad)
			}
			if len(got.bad) != 1 || got.bad[0] != poisoned || !strings.Contains(got.reasons[0], "page") {
				t.Fatalf("quarantined %v: %q", got.bad, got.reasons)
			}
		})
	}
}

type readResult struct {
	keys, bad, reasons []string
	err                error
}

func readAll(t *testing.T, x extract.Extractor) readResult {
	var r readResult
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			r.err = err
			return r
		}
		for _, rec := range p.Records {
			r.keys = append(r.keys, rec.Key)
		}
		for _, q := range p.Quarantined {
			r.bad, r.reasons = append(r.bad, q.Key), append(r.reasons, q.Reason)
		}
	}
	return r
}

func deepExtractor(t *testing.T, base string) extract.Extractor {
	t.Helper()
	f, err := config.Parse("akeneo.yaml", []byte(harness.Config(base, 10)), nil, func(k string) (string, bool) {
		v, ok := harness.Env[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Auth: harness.Auth})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := f.Job("job")
	settings, _ := harness.Decode(f, "src")
	x, err := akeneo.New(extract.Spec{System: "src", Config: f, Settings: settings, Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}
