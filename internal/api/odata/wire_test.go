package odata_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// TestFilterSpacesAreNotPlus: the OData ABNF reads '+' as a sign, and the
// emulator, like a real server, answers 400 to it (issue 6 item 9).
func TestFilterSpacesAreNotPlus(t *testing.T) {
	srv := httptest.NewServer(sap.New(catalog.New(30, 1), sap.Credentials{User: "U", Password: "P"}))
	defer srv.Close()
	c := client(t, srv.URL, odata.Settings{})
	link := c.CollectionURL(sap.PriceService+sap.PriceSet, odata.Query{Filter: "(ConditionType eq 'PPR0') and Material ne 'A+B'", OrderBy: []string{"LastChangeDateTime", "ConditionRecord"}, Top: 10})
	if strings.Contains(link, "+") || !strings.Contains(link, "ConditionType%20eq%20%27PPR0%27") || !strings.Contains(link, "A%2BB") {
		t.Errorf("query not encoded with %%20: %s", link)
	}
	p, err := c.Get(t.Context(), link)
	if err != nil || len(p.Value) != 10 {
		t.Fatalf("filtered request: %d entities, %v", len(p.Value), err)
	}
	n, err := c.Count(t.Context(), sap.PriceService+sap.PriceSet, "ConditionType eq 'PPR0'")
	if err != nil || n != 30 {
		t.Fatalf("count = %d, %v", n, err)
	}
	resp, _ := rawGet(t, srv.URL+sap.PriceService+sap.PriceSet+"?$filter=(ConditionType+eq+'PPR0')")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the emulator answered %d to a '+' in $filter, want 400", resp.StatusCode)
	}
}

// TestBaseURLQueryOnEveryRequest: sap-client=100 in base_url stays on first
// pages, next links (the emulator leaves it out of them), counts and writes
// (issue 6 item 11).
func TestBaseURLQueryOnEveryRequest(t *testing.T) {
	cat := catalog.New(50, 1)
	emu := sap.New(cat, sap.Credentials{User: "U", Password: "P"})
	emu.SetMode(sap.Mode{Query: "sap-client=100", PageSize: 7})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	c := client(t, srv.URL+"?sap-client=100", odata.Settings{CSRF: true})
	path := sap.PriceService + sap.PriceSet
	link, got, pages := c.CollectionURL(path, odata.Query{Filter: "ConditionType eq 'PPR0'"}), 0, 0
	for link != "" {
		p, err := c.Get(t.Context(), link)
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		got, pages, link = got+len(p.Value), pages+1, p.NextLink
	}
	if got != 50 || pages != 8 {
		t.Errorf("read %d in %d pages, want 50 in 8", got, pages)
	}
	if _, err := c.Count(t.Context(), path, ""); err != nil {
		t.Errorf("count: %v", err)
	}
	key := sap.ProductService + sap.ProductSet + "('" + cat.SKU(1) + "')"
	if err := c.Patch(t.Context(), key, []byte(`{"GrossWeight":"2.000"}`), ""); err != nil {
		t.Errorf("patch: %v", err)
	}
}

// TestDecimalsAsStringsWhenAsked: the client asks for IEEE754Compatible=true;
// without it the emulator sends Edm.Decimal as JSON numbers, as the real
// server does (issue 6 item 12).
func TestDecimalsAsStringsWhenAsked(t *testing.T) {
	cat := catalog.New(3, 1)
	srv := httptest.NewServer(sap.New(cat, sap.Credentials{User: "U", Password: "P"}))
	defer srv.Close()
	path := sap.PriceService + sap.PriceSet
	p, err := client(t, srv.URL, odata.Settings{}).Get(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`"ConditionRateValue":%q`, catalog.Cents(cat.ERPPrice(0)))
	if !strings.Contains(string(p.Value[0]), want) {
		t.Errorf("entity %s lacks %s", p.Value[0], want)
	}
	_, body := rawGet(t, srv.URL+path)
	if strings.Contains(body, `"ConditionRateValue":"`) || !strings.Contains(body, `.000Z"`) {
		t.Errorf("without IEEE754Compatible the emulator sent decimals as strings or times not in ms: %.300s", body)
	}
}

// TestNullValueIsRetriedThenFails: a page with "value":null or without
// "value" is a protocol error, requested again and then returned, never an
// empty last page (issue 6 item 14).
func TestNullValueIsRetriedThenFails(t *testing.T) {
	for _, bad := range []string{`{"value":null}`, `{"@odata.context":"$metadata#X"}`} {
		var calls atomic.Int32
		good := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if int(calls.Add(1)) > good {
				fmt.Fprint(w, bad)
				return
			}
			fmt.Fprint(w, `{"value":[{"a":1}]}`)
		}))
		c := client(t, srv.URL, odata.Settings{})
		var waits []time.Duration
		c.SetRetry(retry.Policy{MaxRetries: 3, Base: time.Millisecond, Cap: time.Second}, func(_ context.Context, d time.Duration) error {
			waits = append(waits, d)
			return nil
		})
		_, err := c.Get(t.Context(), "/X")
		var pe *odata.ProtocolError
		if !errors.As(err, &pe) || calls.Load() != 4 || len(waits) != 3 {
			t.Errorf("%s: err %v after %d requests; want a ProtocolError after 4", bad, err, calls.Load())
		}
		// A server that recovers within the retries gives the page.
		calls.Store(0)
		good = 1
		srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if calls.Add(1) < 3 {
				fmt.Fprint(w, bad)
				return
			}
			fmt.Fprint(w, `{"value":[{"a":1}]}`)
		})
		if p, err := c.Get(t.Context(), "/X"); err != nil || len(p.Value) != 1 {
			t.Errorf("%s then a good page: %v", bad, err)
		}
		srv.Close()
	}
}

// rawGet sends a GET with Basic auth and no OData headers.
func rawGet(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.SetBasicAuth("U", "P")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
