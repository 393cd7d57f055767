package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/stewardhq/steward/internal/httpx"
)

// ErrNoItems marks a query page without its records array.
var ErrNoItems = errors.New("query page has no records array")

// UndecodableError is a page that arrived whole but whose envelope cannot be
// read.
type UndecodableError struct {
	URL string
	Err error
}

func (e *UndecodableError) Error() string { return fmt.Sprintf("decode %s: %v", e.URL, e.Err) }
func (e *UndecodableError) Unwrap() error { return e.Err }

// QueryPage is one page of a SOQL query: its records still raw, each
// decoded by the caller so one bad record spoils only itself.
type QueryPage struct {
	TotalSize int
	Done      bool
	// Next is nextRecordsUrl as the server sent it ("" on the last page).
	Next    string
	Records [][]byte
}

// QueryURL is the first page's URL of soql.
func (c *Client) QueryURL(soql string) string { return c.URL("/query", "q="+Escape(soql)) }

// Query fetches the query page at link (QueryURL, or a nextRecordsUrl
// followed verbatim; a link to another host is refused before any request).
func (c *Client) Query(ctx context.Context, link string) (QueryPage, error) {
	abs, err := c.h.Resolve(link)
	if err != nil {
		return QueryPage{}, err
	}
	hdr := http.Header{"Sforce-Query-Options": {"batchSize=" + strconv.Itoa(c.batch)}}
	r, err := c.Send(ctx, http.MethodGet, abs, nil, hdr)
	if err != nil {
		return QueryPage{}, err
	}
	where := httpx.RedactString(abs)
	if err := httpx.CheckJSON(&http.Response{Header: r.Header}, where); err != nil {
		return QueryPage{}, err
	}
	return decodeQueryPage(r.Body, where)
}

// decodeQueryPage reads a page's envelope; a page without records or
// without done is ErrNoItems.
func decodeQueryPage(body []byte, where string) (QueryPage, error) {
	env, err := splitEnvelope(body)
	if err != nil {
		return QueryPage{}, &UndecodableError{URL: where, Err: err}
	}
	if !env.hasRecords {
		return QueryPage{}, fmt.Errorf("query page %s: %w", where, ErrNoItems)
	}
	var p QueryPage
	p.Records = env.records
	var done *bool
	if err := unmarshalMember(env, "done", &done); err != nil || done == nil {
		return QueryPage{}, fmt.Errorf("query page %s: %w: done is missing or not a boolean", where, ErrNoItems)
	}
	p.Done = *done
	if err := unmarshalMember(env, "nextRecordsUrl", &p.Next); err != nil {
		return QueryPage{}, &UndecodableError{URL: where, Err: fmt.Errorf("nextRecordsUrl: %w", err)}
	}
	_ = unmarshalMember(env, "totalSize", &p.TotalSize)
	if !p.Done && p.Next == "" {
		return QueryPage{}, fmt.Errorf("query page %s: %w: done is false but nextRecordsUrl is missing", where, ErrNoItems)
	}
	if p.Done {
		p.Next = ""
	}
	return p, nil
}

func unmarshalMember(env envelope, key string, v any) error {
	raw, ok := env.members[key]
	if !ok {
		return nil
	}
	return json.Unmarshal(raw, v)
}

// Deleted is one entry of the deleted-records feed.
type Deleted struct {
	ID          string `json:"id"`
	DeletedDate string `json:"deletedDate"`
}

// DeletedSince reads /sobjects/{object}/deleted/?start&end: the deletions
// and latestDateCovered (end when the answer has none), from which the next
// read starts (the server works in whole minutes).
func (c *Client) DeletedSince(ctx context.Context, object string, start, end time.Time) ([]Deleted, time.Time, error) {
	q := "start=" + Escape(FormatTime(start)) + "&end=" + Escape(FormatTime(end))
	u := c.URL("/sobjects/"+object+"/deleted/", q)
	r, err := c.SendJSON(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("read deleted %s records: %w", object, err)
	}
	var body struct {
		DeletedRecords *[]Deleted `json:"deletedRecords"`
		Latest         string     `json:"latestDateCovered"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		return nil, time.Time{}, fmt.Errorf("decode deleted %s records: %w", object, err)
	}
	if body.DeletedRecords == nil {
		return nil, time.Time{}, fmt.Errorf("deleted %s records: the answer has no deletedRecords array", object)
	}
	covered := end
	if t, err := ParseTime(body.Latest); err == nil && t.Before(end) {
		covered = t
	}
	return *body.DeletedRecords, covered, nil
}

// FormatTime writes a SOQL datetime literal / replication bound (UTC, ms).
func FormatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// ParseTime reads Salesforce's datetimes: "2024-05-01T10:00:00.000+0000"
// and RFC 3339.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano, "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q is not a Salesforce datetime", s)
}
