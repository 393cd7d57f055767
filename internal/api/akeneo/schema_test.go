package akeneo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	emulator "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// rewriting serves the emulator, passing each listing body through edit.
type rewriting struct {
	next  http.Handler
	edit  func(path string, body []byte) []byte
	pages atomic.Int32
	asked sync.Map // request URI → true
}

func (h *rewriting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	h.next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if r.URL.Path != "/api/oauth/v1/token" {
		h.pages.Add(1)
		h.asked.Store(r.URL.RequestURI(), true)
		if h.edit != nil {
			body = h.edit(r.URL.Path, body)
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

func emulatorClient(t *testing.T, h http.Handler) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	yaml := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  pim:
    kind: akeneo
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: akeneo_password, client_id: %s, client_secret: "${SECRET}", username: %s, password: "${PASSWORD}"}
jobs: []
`, srv.URL, emulator.SandboxCredentials.ClientID, emulator.SandboxCredentials.Username)
	env := map[string]string{"SECRET": emulator.SandboxCredentials.Secret, "PASSWORD": emulator.SandboxCredentials.Password}
	f, err := config.Parse("schema.yaml", []byte(yaml), nil, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	noSleep := func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	h2, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: noSleep, Auth: Auths()})
	if err != nil {
		t.Fatal(err)
	}
	return New(h2)
}

func newEmulator() http.Handler {
	return emulator.New(catalog.New(20, 1), emulator.SandboxCredentials)
}

// TestSchemaAgainstTheEmulator reads the attributes, enabled locales and
// channels the emulated PIM has (issue 6 item 25).
func TestSchemaAgainstTheEmulator(t *testing.T) {
	h := &rewriting{next: newEmulator()}
	c := emulatorClient(t, h)
	attrs, err := c.AttributeCodes(t.Context())
	if err != nil || !slices.Contains(attrs, "description") || !slices.Contains(attrs, "sku") || slices.Contains(attrs, "energy_label") {
		t.Errorf("attributes %v, %v", attrs, err)
	}
	locales, err := c.LocaleCodes(t.Context())
	if err != nil || !slices.Equal(locales, []string{"en_US"}) {
		t.Errorf("enabled locales %v, %v; want [en_US] (de_DE is listed but disabled)", locales, err)
	}
	channels, err := c.ChannelCodes(t.Context())
	if err != nil || !slices.Equal(channels, []string{"ecommerce"}) {
		t.Errorf("channels %v, %v; want [ecommerce]", channels, err)
	}
	// The PIM is asked for its enabled locales only, as filter.md documents,
	// rather than for all two hundred it knows.
	if _, ok := h.asked.Load("/api/rest/v1/locales?limit=100&search=%7B%22enabled%22%3A%5B%7B%22operator%22%3A%22%3D%22%2C%22value%22%3Atrue%7D%5D%7D"); !ok {
		var asked []any
		h.asked.Range(func(k, _ any) bool { asked = append(asked, k); return true })
		t.Errorf("the locales were not asked for with the enabled filter: %v", asked)
	}
}

// TestSchemaFollowsNextLinks reads the attributes three at a time: every
// page is asked for through its next link, and the list is whole.
func TestSchemaFollowsNextLinks(t *testing.T) {
	h := &rewriting{next: newEmulator()}
	c := emulatorClient(t, h)
	all, err := c.AttributeCodes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	h.pages.Store(0)
	got, err := c.codes(t.Context(), "attributes", c.h.URL("/api/rest/v1/attributes", pageOf(3)))
	if err != nil || !slices.Equal(got, all) || int(h.pages.Load()) != (len(all)+2)/3 {
		t.Errorf("in pages of 3: %v in %d pages, %v; want %v in %d", got, h.pages.Load(), err, all, (len(all)+2)/3)
	}
}

// TestSchemaRefusesBrokenPages: a page without its items array, an item
// without a code and a next link to another host are errors, never a
// shorter list.
func TestSchemaRefusesBrokenPages(t *testing.T) {
	foreign := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("a request reached the foreign host")
	}))
	defer foreign.Close()
	items := regexp.MustCompile(`"_embedded":\{"items":\[.*\]\}`)
	next := regexp.MustCompile(`("next":\{"href":")http://[^/]+`)
	for name, c := range map[string]struct {
		edit func(path string, body []byte) []byte
		read func(*Client, context.Context) ([]string, error)
		want error
	}{
		"no items":   {func(_ string, b []byte) []byte { return items.ReplaceAll(b, []byte(`"_embedded":{}`)) }, (*Client).LocaleCodes, ErrNoItems},
		"null items": {func(_ string, b []byte) []byte { return items.ReplaceAll(b, []byte(`"_embedded":{"items":null}`)) }, (*Client).ChannelCodes, ErrNoItems},
		"no code": {func(_ string, b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"code":"sku"`), []byte(`"kode":"sku"`))
		}, (*Client).AttributeCodes, nil},
		"foreign next": {func(_ string, b []byte) []byte { return next.ReplaceAll(b, []byte("${1}"+foreign.URL)) }, func(c *Client, ctx context.Context) ([]string, error) {
			return c.codes(ctx, "attributes", c.h.URL("/api/rest/v1/attributes", pageOf(3)))
		}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			cl := emulatorClient(t, &rewriting{next: newEmulator(), edit: c.edit})
			got, err := c.read(cl, t.Context())
			t.Log(err)
			if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
				t.Errorf("got %v, %v; want an error", got, err)
			}
		})
	}
}
