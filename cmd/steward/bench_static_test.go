package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	emulator "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// benchCreds are the credentials of the benchmark's Akeneo emulator.
var benchCreds = emulator.Credentials{ClientID: "bench", Secret: "bench-secret", Username: "bench", Password: "bench-password"}

// firstPage is the request steward makes first in a full products pass read
// serially with pages of 100.
const firstPage = "/api/rest/v1/products-uuid?limit=100&pagination_type=search_after"

// staticPIM serves the pages of a full products pass as the Akeneo emulator
// renders them, rendered once up front: the page server's own limit, with no
// generation. Every other request (the token, the rerun's incremental pages)
// goes to the emulator behind it.
type staticPIM struct {
	URL   string
	pages map[string][]byte // request URI → body
	order []string          // the pass's request URIs in order
	// misses counts product listing requests that were not pre-rendered.
	misses atomic.Int64
	srv    *httptest.Server
	emu    *httptest.Server
}

// startStaticPIM starts an emulator of n products and a static server of its
// full pass.
func startStaticPIM(b *testing.B, n int) *staticPIM {
	b.Helper()
	s := &staticPIM{pages: map[string][]byte{}}
	s.emu = httptest.NewServer(emulator.New(catalog.New(n, 1), benchCreds))
	b.Cleanup(s.emu.Close)
	emuURL, _ := url.Parse(s.emu.URL)
	proxy := httputil.NewSingleHostReverseProxy(emuURL)
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, proxy) }))
	s.srv.Start()
	b.Cleanup(s.srv.Close)
	s.URL = s.srv.URL
	if err := s.render(emuURL.Host, strings.TrimPrefix(s.URL, "http://")); err != nil {
		b.Fatal(err)
	}
	return s
}

func (s *staticPIM) serve(w http.ResponseWriter, r *http.Request, proxy http.Handler) {
	if body, ok := s.pages[r.URL.RequestURI()]; ok && r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		_, _ = w.Write(body)
		return
	}
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/rest/v1/products") {
		s.misses.Add(1)
	}
	proxy.ServeHTTP(w, r)
}

// render walks the emulator's pass from firstPage and keeps every page's
// bytes, with the emulator's host replaced by the static server's own.
func (s *staticPIM) render(emuHost, host string) error {
	tok, err := benchToken(s.emu.URL)
	if err != nil {
		return err
	}
	for uri := firstPage; uri != ""; {
		req, _ := http.NewRequest(http.MethodGet, s.emu.URL+uri, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("render %s: %w", uri, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			return fmt.Errorf("render %s: status %d: %v", uri, resp.StatusCode, err)
		}
		body = bytes.ReplaceAll(body, []byte(emuHost), []byte(host))
		s.pages[uri], s.order = body, append(s.order, uri)
		if uri, err = nextURI(body); err != nil {
			return fmt.Errorf("render %s: %w", uri, err)
		}
	}
	return nil
}

// nextURI returns the request URI of a page's next link, "" on the last page.
func nextURI(body []byte) (string, error) {
	var p struct {
		Links struct {
			Next *struct {
				Href string `json:"href"`
			} `json:"next"`
		} `json:"_links"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return "", err
	}
	if p.Links.Next == nil {
		return "", nil
	}
	u, err := url.Parse(p.Links.Next.Href)
	if err != nil {
		return "", err
	}
	return u.RequestURI(), nil
}

// benchToken gets an access token from the emulator at base.
func benchToken(base string) (string, error) {
	form := url.Values{"grant_type": {"password"}, "username": {benchCreds.Username}, "password": {benchCreds.Password}}
	req, _ := http.NewRequest(http.MethodPost, base+"/api/oauth/v1/token", strings.NewReader(form.Encode()))
	req.SetBasicAuth(benchCreds.ClientID, benchCreds.Secret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("get a token: %w", err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		return "", fmt.Errorf("get a token: status %d: %v", resp.StatusCode, err)
	}
	return tok.AccessToken, nil
}

// readRate is the page server's limit: a plain HTTP client reading every
// page of the pass in order, one at a time, without decoding, in records/s.
func (s *staticPIM) readRate(b *testing.B, n int) float64 {
	b.Helper()
	c := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{}).DialContext}}
	start := time.Now()
	for _, uri := range s.order {
		resp, err := c.Get(s.URL + uri)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
	return float64(n) / time.Since(start).Seconds()
}
