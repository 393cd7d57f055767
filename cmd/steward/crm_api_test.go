package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox"
)

// apiCall sends one request to an emulator's HTTP API as a client of that
// system would and returns the status and body. hdr holds extra headers.
func apiCall(t *testing.T, c *http.Client, method, target, body string, hdr map[string]string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// formToken posts an OAuth client credentials form and returns the access
// token of the answer.
func formToken(t *testing.T, tokenURL string, form url.Values) string {
	t.Helper()
	code, _, b := apiCall(t, nil, http.MethodPost, tokenURL, form.Encode(), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if code != http.StatusOK || json.Unmarshal(b, &tok) != nil || tok.AccessToken == "" {
		t.Fatalf("token from %s: %d %s", tokenURL, code, b)
	}
	return tok.AccessToken
}

// sapAPI changes business partners through SAP's OData v2 service as a
// person's transaction would: basic auth, a CSRF token with its session
// cookie, If-Match with the entity's etag.
type sapAPI struct {
	base string
	c    *http.Client
}

func newSAPAPI(t *testing.T, base string) *sapAPI {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &sapAPI{base: base + "/sap/opu/odata/sap/API_BUSINESS_PARTNER/", c: &http.Client{Jar: jar}}
}

func (s *sapAPI) auth() map[string]string {
	basic := base64.StdEncoding.EncodeToString([]byte(sapCredentials.User + ":" + sapCredentials.Password))
	return map[string]string{"Authorization": "Basic " + basic, "Accept": "application/json"}
}

// address returns the partner's first address entity (v2 "d" body) and its
// path below the service.
func (s *sapAPI) address(t *testing.T, partner string) (map[string]any, string) {
	t.Helper()
	code, _, b := apiCall(t, s.c, http.MethodGet, s.base+"A_BusinessPartnerAddress?$filter=BusinessPartner%20eq%20'"+partner+"'", "", s.auth())
	var d struct {
		D struct {
			Results []map[string]any `json:"results"`
		} `json:"d"`
	}
	if code != http.StatusOK || json.Unmarshal(b, &d) != nil || len(d.D.Results) == 0 {
		t.Fatalf("read the address of partner %s: %d %s", partner, code, b)
	}
	a := d.D.Results[0]
	return a, "A_BusinessPartnerAddress(BusinessPartner='" + partner + "',AddressID='" + a["AddressID"].(string) + "')"
}

// street is the partner's street line as steward maps it.
func (s *sapAPI) street(t *testing.T, partner string) (street, city string) {
	a, _ := s.address(t, partner)
	return strings.TrimSpace(a["StreetName"].(string) + " " + a["HouseNumber"].(string)), a["CityName"].(string)
}

// patchAddress PATCHes properties of the partner's address.
func (s *sapAPI) patchAddress(t *testing.T, partner string, props map[string]string) {
	t.Helper()
	a, path := s.address(t, partner)
	hdr := s.auth()
	hdr["X-CSRF-Token"] = "Fetch"
	code, h, b := apiCall(t, s.c, http.MethodGet, s.base, "", hdr)
	if code != http.StatusOK || h.Get("X-CSRF-Token") == "" {
		t.Fatalf("fetch a CSRF token: %d %s", code, b)
	}
	hdr = s.auth()
	hdr["X-CSRF-Token"], hdr["If-Match"], hdr["Content-Type"] = h.Get("X-CSRF-Token"), a["__metadata"].(map[string]any)["etag"].(string), "application/json"
	body, _ := json.Marshal(props)
	if code, _, b := apiCall(t, s.c, http.MethodPatch, s.base+path, string(body), hdr); code != http.StatusNoContent {
		t.Fatalf("PATCH %s: %d %s", path, code, b)
	}
}

// writeCalls counts the write requests (anything but GET and the token
// endpoints) in an emulator's request log.
func writeCalls(calls map[string]int) int {
	n := 0
	for k, v := range calls {
		method, path, _ := strings.Cut(k, " ")
		if method == http.MethodGet || strings.Contains(path, "token") {
			continue
		}
		if method == http.MethodPost && (strings.HasSuffix(path, "/search") || strings.HasSuffix(path, "/batch/read") || strings.Contains(path, "/query")) {
			continue // reads sent as POST
		}
		n += v
	}
	return n
}

// sameAmount reports whether two decimal strings are the same amount.
func sameAmount(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// testClock is an emulator clock the test moves forward between steps, so
// that each change has its own modification time.
type testClock struct {
	mu sync.Mutex
	at time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

// step moves the clock a minute on.
func (c *testClock) step() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(time.Minute)
}

// startCRMSandbox serves a catalog of n products with clock c and writes a
// config naming crm.
func startCRMSandbox(t *testing.T, n int, crm string, c *testClock) (*sandboxSystems, string) {
	t.Helper()
	sb, err := runSandbox(sandbox.Options{Products: n, Seed: 5, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), 5*time.Second)
		defer cancel()
		_ = sb.Close(ctx)
	})
	cfg, err := sb.WriteConfig(t.TempDir(), sandbox.ConfigOptions{CRM: crm, BaseDelay: "5ms", Overlap: "10m", Generator: "template"})
	if err != nil {
		t.Fatal(err)
	}
	return sb, cfg
}

// setPIMPrice changes a product's EUR price through Akeneo's API.
func setPIMPrice(t *testing.T, sb *sandboxSystems, i int, amount string) {
	t.Helper()
	body := `{"values":{"price":[{"locale":null,"scope":null,"data":[{"amount":"` + amount + `","currency":"EUR"}]}]}}`
	hdr := map[string]string{"Authorization": "Bearer " + akeneoToken(t, sb.AkeneoURL), "Content-Type": "application/json"}
	if code, _, b := apiCall(t, nil, http.MethodPatch, sb.AkeneoURL+"/api/rest/v1/products-uuid/"+sb.Catalog.PIM(i).UUID, body, hdr); code != http.StatusNoContent {
		t.Fatalf("PATCH product %d: %d %s", i, code, b)
	}
}
