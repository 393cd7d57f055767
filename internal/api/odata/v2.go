package odata

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/rawjson"
)

// OData v2 (SAP's API_*_SRV services, PROTOCOLS.md §6.4): verbose JSON
// {"d":{"results":[…],"__count":"N","__next":"…"}}, /Date(ms)/ and
// PT10H30M00S values, datetime'…' and time'…' literals.

func headersV2() http.Header {
	return http.Header{"Dataserviceversion": {"2.0"}, "Maxdataserviceversion": {"2.0"}, "Accept": {"application/json"}}
}

// GetV2 fetches one page of a v2 collection; link is a CollectionURL or a
// previous __next, followed verbatim. A body without "d"."results" (missing
// or null) is a *ProtocolError, requested again under the retry policy.
func (c *Client) GetV2(ctx context.Context, link string) (Page, error) {
	return c.get(ctx, link, c.getOnceV2)
}

func (c *Client) getOnceV2(ctx context.Context, abs string) (Page, error) {
	raw, err := c.fetchBody(ctx, abs, headersV2())
	if err != nil {
		return Page{}, err
	}
	body, err := decodeBody(raw, abs)
	if err != nil {
		return Page{}, err
	}
	p, err := parsePageV2(body, httpx.RedactString(abs))
	if err != nil {
		return p, err
	}
	return c.nextFrom(abs, p)
}

// parsePageV2 reads {"d":{"results":[…],"__next"?,"__count"?}}; __count is a
// string of digits.
func parsePageV2(body map[string]json.RawMessage, where string) (Page, error) {
	var p Page
	var d map[string]json.RawMessage
	if raw, ok := body["d"]; !ok || json.Unmarshal(raw, &d) != nil || d == nil {
		return p, &ProtocolError{URL: where, Reason: "no \"d\" object in the response (missing, null or not an object)"}
	}
	raw, ok := d["results"]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return p, &ProtocolError{URL: where, Reason: "no \"d\".\"results\" array in the response (missing or null)"}
	}
	if err := json.Unmarshal(raw, &p.Value); err != nil {
		return p, &ProtocolError{URL: where, Reason: "\"results\" is not an array of entities: " + err.Error()}
	}
	if v, ok := d["__next"]; ok {
		if err := json.Unmarshal(v, &p.NextLink); err != nil {
			return p, fmt.Errorf("page %s: __next is not a string", where)
		}
	}
	if v, ok := d["__count"]; ok {
		var s string
		n, err := int64(0), json.Unmarshal(v, &s)
		if err == nil {
			n, err = strconv.ParseInt(s, 10, 64)
		}
		if err != nil || n < 0 {
			return p, fmt.Errorf("page %s: __count %s is not a string of digits", where, v)
		}
		p.Count = &n
	}
	return p, nil
}

// PatchV2 updates one entity of a v2 service (entityPath such as
// /sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner('1000001'))
// with If-Match etag ("*" for any), after fetching the CSRF token every
// v2 write needs; a 403 with X-CSRF-Token: Required refetches it once.
func (c *Client) PatchV2(ctx context.Context, entityPath string, body []byte, etag string) error {
	return c.patchRetryCSRF(func() error {
		h := headersV2()
		h.Set("Content-Type", "application/json")
		return c.write(ctx, entityPath, body, etag, h, true)
	})
}

// DateTimeV2 formats an Edm.DateTime $filter literal in UTC:
// datetime'2024-05-01T00:00:00'.
func DateTimeV2(t time.Time) string { return "datetime'" + t.UTC().Format("2006-01-02T15:04:05") + "'" }

// TimeV2 formats an Edm.Time $filter literal: time'PT10H30M00S'.
func TimeV2(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("time'PT%02dH%02dM%02dS'", s/3600, s/60%60, s%60)
}

var (
	v2Date = regexp.MustCompile(`^/Date\((-?[0-9]+)([+-][0-9]{4})?\)/$`)
	v2Time = regexp.MustCompile(`^PT(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)(\.[0-9]+)?S)?$`)
)

// ParseDateV2 reads an Edm.DateTime or Edm.DateTimeOffset JSON value,
// /Date(1714521600000)/ or /Date(1714557600000+0000)/, in UTC (the
// milliseconds are UTC; the offset only says where the value was written).
func ParseDateV2(s string) (time.Time, error) {
	m := v2Date.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("%q is not a /Date(ms)/ value", s)
	}
	ms, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: %w", s, err)
	}
	return time.UnixMilli(ms).UTC(), nil
}

// ParseTimeV2 reads an Edm.Time JSON value such as PT10H30M00S.
func ParseTimeV2(s string) (time.Duration, error) {
	m := v2Time.FindStringSubmatch(s)
	if m == nil || s == "PT" {
		return 0, fmt.Errorf("%q is not an Edm.Time such as PT10H30M00S", s)
	}
	var d time.Duration
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
		if m[i+1] != "" {
			// A component past a day's worth would overflow the sum.
			n, err := strconv.Atoi(m[i+1])
			if err != nil || time.Duration(n) > 24*time.Hour/unit {
				return 0, fmt.Errorf("%q is not a time of day", s)
			}
			d += time.Duration(n) * unit
		}
	}
	if m[4] != "" {
		f, _ := strconv.ParseFloat("0"+m[4], 64)
		d += time.Duration(f * float64(time.Second))
	}
	if d >= 24*time.Hour {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return d, nil
}

// describeV2 reads a v2 error body's code and message.value.
func describeV2(body []byte) (string, bool) {
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message struct {
				Value string `json:"value"`
			} `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || e.Error.Message.Value == "" {
		return "", false
	}
	return strings.TrimSpace(e.Error.Code + ": " + e.Error.Message.Value), true
}

// SalvageV2 splits a v2 page that could not be decoded into its entities'
// raw text and its __next, as Salvage does for v4.
func (c *Client) SalvageV2(ue *UndecodableError) (Page, error) {
	var p Page
	members, err := rawjson.Members(ue.Body)
	if err != nil {
		return p, fmt.Errorf("salvage page %s: %w", ue.URL, err)
	}
	found := false
	for _, m := range members {
		if m.Key != "d" {
			continue
		}
		inner, err := rawjson.Members(m.Value)
		if err != nil {
			return p, fmt.Errorf("salvage page %s: d: %w", ue.URL, err)
		}
		for _, im := range inner {
			switch im.Key {
			case "results":
				if found, err = true, salvageValue(&p, im.Value); err != nil {
					return p, fmt.Errorf("salvage page %s: %w", ue.URL, err)
				}
			case "__next":
				if err := json.Unmarshal(im.Value, &p.NextLink); err != nil {
					return p, fmt.Errorf("salvage page %s: __next is not a string", ue.URL)
				}
			}
		}
	}
	if !found || p.Value == nil {
		return p, &ProtocolError{URL: ue.URL, Reason: "no \"d\".\"results\" array in the response (missing or null)"}
	}
	return c.nextFrom(ue.abs, p)
}
