package odata

import (
	"errors"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
)

func testHTTP(t testing.TB, base string) *httpx.Client {
	t.Helper()
	n := 0
	sys := config.System{BaseURL: base, AllowInsecureLoopback: true, TLS: config.TLS{MinVersion: "1.2"},
		Auth:  config.Auth{Type: config.AuthBasic, Username: "U", Password: config.NewSecret("P")},
		Retry: config.Retry{MaxRetries: &n}}
	h, err := httpx.New("erp", sys, zerolog.Nop(), httpx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestDecodeBody tells a page poisoned by what an entity holds (whole, but
// undecodable: salvageable) from a cut-off body and trailing data (issue 6
// item 16).
func TestDecodeBody(t *testing.T) {
	deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	for name, body := range map[string]string{
		"nul":  "{\"value\":[{\"K\":\"1\"},{\"K\":\"2\",\"x\":\"a\x00b\"}]}",
		"deep": `{"value":[{"K":"1","x":` + deep + `}]}`,
	} {
		_, err := decodeBody([]byte(body), "http://127.0.0.1/S?$top=2")
		var ue *UndecodableError
		if !errors.As(err, &ue) || string(ue.Body) != body {
			t.Errorf("%s: %v; want an UndecodableError with the body", name, err)
		}
	}
	for name, body := range map[string]string{"cut off": `{"value":[{"K":"1"},{"K`, "trailing": `{"value":[]} x`} {
		_, err := decodeBody([]byte(body), "http://127.0.0.1/S")
		var ue *UndecodableError
		if err == nil || errors.As(err, &ue) {
			t.Errorf("%s: %v; want a plain decode error", name, err)
		}
	}
}

// TestSalvage splits an undecodable page into its entities' raw text and its
// next link, resolved against the page; a page without "value" stays a
// protocol error.
func TestSalvage(t *testing.T) {
	c := &Client{h: testHTTP(t, "http://127.0.0.1/base/")}
	body := "{\"@odata.context\":\"$metadata#S\",\"value\":[{\"K\":\"1\"},{\"K\":\"2\",\"x\":\"a\x00b\"}],\"@odata.nextLink\":\"S?$skiptoken=4\"}"
	_, err := decodeBody([]byte(body), "http://127.0.0.1/base/S?$top=2")
	var ue *UndecodableError
	if !errors.As(err, &ue) {
		t.Fatal(err)
	}
	p, err := c.Salvage(ue)
	if err != nil || len(p.Value) != 2 || string(p.Value[1]) != "{\"K\":\"2\",\"x\":\"a\x00b\"}" || p.NextLink != "http://127.0.0.1/base/S?$skiptoken=4" {
		t.Fatalf("salvaged %q next %q: %v", p.Value, p.NextLink, err)
	}
	for _, bad := range []string{"{\"value\":null,\"x\":\"\x00\"}", "{\"x\":\"\x00\"}"} {
		_, err := decodeBody([]byte(bad), "http://127.0.0.1/base/S")
		if !errors.As(err, &ue) {
			t.Fatal(err)
		}
		var pe *ProtocolError
		if _, err := c.Salvage(ue); !errors.As(err, &pe) {
			t.Errorf("%q salvaged with %v; want a protocol error", bad, err)
		}
	}
}

// TestWithTop changes only $top, keeping every other option byte for byte.
func TestWithTop(t *testing.T) {
	link := "http://127.0.0.1/S?sap-client=100&$filter=A%20eq%20%27x%27&$orderby=A%2CK&$top=10"
	got, err := WithTop(link, 5)
	if err != nil || got != "http://127.0.0.1/S?sap-client=100&$filter=A%20eq%20%27x%27&$orderby=A%2CK&$top=5" || TopOf(got) != 5 {
		t.Fatalf("%s %v", got, err)
	}
	if got, _ := WithTop("http://127.0.0.1/S?a=1", 3); got != "http://127.0.0.1/S?a=1&$top=3" {
		t.Errorf("added $top: %s", got)
	}
	got, err = SetOption(link, "$filter", "A eq 'x' and (K ne 'O+N')")
	if err != nil || FilterOf(got) != "A eq 'x' and (K ne 'O+N')" || strings.Contains(got, "+") {
		t.Errorf("set $filter: %s %v", got, err)
	}
	if TopOf("http://127.0.0.1/S") != 0 || TopOf("http://127.0.0.1/S?$top=x") != 0 {
		t.Error("TopOf of a link without a number")
	}
}

// FuzzSalvage: whatever an undecodable page holds, salvaging it never panics
// and never returns a page without entities as a success.
func FuzzSalvage(f *testing.F) {
	f.Add([]byte("{\"value\":[{\"K\":\"\x00\"}],\"@odata.nextLink\":\"n\"}"))
	f.Add([]byte(`{"value":[[[[` + "\x00"))
	c := &Client{h: testHTTP(f, "http://127.0.0.1/")}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := decodeBody(b, "http://127.0.0.1/S")
		var ue *UndecodableError
		if !errors.As(err, &ue) {
			return
		}
		if p, err := c.Salvage(ue); err == nil && p.Value == nil {
			t.Fatalf("salvaged a page without value: %q", b)
		}
	})
}
