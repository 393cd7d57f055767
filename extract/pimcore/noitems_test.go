package pimcore_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/api/pimcore/pimcorefake"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// A page whose listing lacks its edges fails the pass (it is never an empty
// page) with an error naming the page: the endpoint's URL, never its key,
// and the id the page reads after.
func TestPageWithoutEdgesNamesThePage(t *testing.T) {
	fake := pimcorefake.New(pimcorefake.Catalog(12, base))
	pages := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		fake.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if bytes.Contains(body, []byte(`"sku"`)) {
			if pages++; pages > 1 {
				body = bytes.Replace(body, []byte(`"edges":[`), []byte(`"edges":null,"x":[`), 1)
			}
		}
		w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	ctx := retry.WithSleeper(t.Context(), func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
	keys := 0
	var err error
	for p, perr := range newExtractor(t, srv.URL, 5).Extract(ctx, record.Cursor{}) {
		if err = perr; err != nil {
			break
		}
		keys += len(p.Records)
	}
	if !errors.Is(err, extract.ErrMalformedPage) || keys != 5 {
		t.Fatalf("err %v after %d keys; want a malformed page after 5", err, keys)
	}
	for _, want := range []string{srv.URL + "/pimcore-graphql-webservices/steward", "after id 5", "edges"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if strings.Contains(err.Error(), env["KEY"]) {
		t.Errorf("error %q carries the key", err)
	}
}
