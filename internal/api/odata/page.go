package odata

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/rawjson"
	"github.com/stewardhq/steward/internal/retry"
)

// UndecodableError is a collection page that arrived whole but is not valid
// JSON (a raw NUL byte inside a string, nesting deeper than the decoder
// allows): a poisoned entity, not a transport failure. Body is the page as
// received.
type UndecodableError struct {
	URL  string
	Body []byte
	Err  error
	// abs is the page's own URL, unredacted, to resolve a relative next link.
	abs string
}

// Error names the page and the decoder's complaint.
func (e *UndecodableError) Error() string { return fmt.Sprintf("decode %s: %v", e.URL, e.Err) }

// Unwrap returns the decoder's error.
func (e *UndecodableError) Unwrap() error { return e.Err }

// fetchBody gets a page's raw JSON body.
func (c *Client) fetchBody(ctx context.Context, abs string, header http.Header) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, abs, nil)
	if err != nil {
		return nil, retry.Final(fmt.Errorf("build request: %w", err))
	}
	req.Header = header
	resp, err := c.h.Do(req)
	if err != nil {
		return nil, describe(err)
	}
	defer resp.Body.Close()
	return httpx.ReadJSON(resp, httpx.RedactString(abs))
}

// decodeBody decodes a page body into its members, telling a body that
// arrived whole but cannot be decoded (*UndecodableError) from a cut-off one.
func decodeBody(body []byte, abs string) (map[string]json.RawMessage, error) {
	where := httpx.RedactString(abs)
	var fields map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&fields); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, &UndecodableError{URL: where, Body: body, Err: err, abs: abs}
		}
		return nil, fmt.Errorf("decode %s: %w", where, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("decode %s: trailing data after the JSON document", where)
	}
	return fields, nil
}

// Salvage splits a page that could not be decoded into its entities' raw text
// and its next link, following the structure leniently so that one poisoned
// entity does not hide the rest of the page. A page without its "value" array
// is a *ProtocolError here too.
func (c *Client) Salvage(ue *UndecodableError) (Page, error) {
	var p Page
	members, err := rawjson.Members(ue.Body)
	if err != nil {
		return p, fmt.Errorf("salvage page %s: %w", ue.URL, err)
	}
	found := false
	for _, m := range members {
		switch m.Key {
		case "value":
			if found, err = true, salvageValue(&p, m.Value); err != nil {
				return p, fmt.Errorf("salvage page %s: %w", ue.URL, err)
			}
		case "@odata.nextLink", "@nextLink":
			if err := json.Unmarshal(m.Value, &p.NextLink); err != nil {
				return p, fmt.Errorf("salvage page %s: %s is not a string", ue.URL, m.Key)
			}
		}
	}
	if !found || p.Value == nil {
		return p, &ProtocolError{URL: ue.URL, Reason: "no \"value\" array in the response (missing or null)"}
	}
	return c.nextFrom(ue.abs, p)
}

// nextFrom returns p with its next link made absolute against the page it
// came in (abs) and carrying the service root's query; p without a next
// link is returned as it is.
func (c *Client) nextFrom(abs string, p Page) (Page, error) {
	if p.NextLink == "" {
		return p, nil
	}
	var err error
	if p.NextLink, err = c.h.ResolveFrom(abs, p.NextLink); err != nil {
		return p, err
	}
	p.NextLink, err = c.keepBaseQuery(p.NextLink)
	return p, err
}

func salvageValue(p *Page, raw []byte) error {
	if string(raw) == "null" {
		return nil
	}
	items, err := rawjson.Elements(raw)
	if err != nil {
		return fmt.Errorf("value: %w", err)
	}
	p.Value = make([]json.RawMessage, len(items))
	for i, it := range items {
		p.Value[i] = it
	}
	return nil
}

// TopOf returns the $top a link asks for, 0 when it has none.
func TopOf(link string) int {
	n, err := strconv.Atoi(option(link, "$top"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// FilterOf returns the $filter a link asks for.
func FilterOf(link string) string { return option(link, "$filter") }

func option(link, name string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return u.Query().Get(name)
}

// WithTop returns link with $top set to n, every other option untouched: the
// same rows asked for in smaller pages.
func WithTop(link string, n int) (string, error) { return SetOption(link, "$top", strconv.Itoa(n)) }

// SetOption returns link with the query option name set to value (escaped as
// the OData ABNF reads it), every other option kept byte for byte.
func SetOption(link, name, value string) (string, error) {
	u, err := url.Parse(link)
	if err != nil {
		return "", fmt.Errorf("rewrite page link: %w", err)
	}
	var parts []string
	if u.RawQuery != "" {
		parts = strings.Split(u.RawQuery, "&")
	}
	set := name + "=" + Escape(value)
	replaced := false
	for i, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(k); err == nil && n == name {
			parts[i], replaced = set, true
		}
	}
	if !replaced {
		parts = append(parts, set)
	}
	u.RawQuery = strings.Join(parts, "&")
	return u.String(), nil
}
