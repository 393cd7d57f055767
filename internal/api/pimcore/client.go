package pimcore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// Client calls one Datahub GraphQL endpoint.
type Client struct {
	h *httpx.Client
	s Settings
}

// New wraps a ready HTTP client (auth type api_key with header apikey) for a
// Pimcore system with its settings.
func New(h *httpx.Client, s Settings) *Client { return &Client{h: h, s: s} }

// Settings returns the settings the client was built with.
func (c *Client) Settings() Settings { return c.s }

// URL is the endpoint's URL (no credentials: the key travels in a header).
func (c *Client) URL() string { return c.h.URL(c.s.Path(), nil) }

// GraphQLError is one entry of an answer's errors[].
type GraphQLError struct {
	Message    string          `json:"message"`
	Path       []any           `json:"path,omitempty"`
	Extensions json.RawMessage `json:"extensions,omitempty"`
}

// ErrorsError is an answer with HTTP 200 that carries errors[]: the request
// failed, even when data came back beside the errors (a resolver failure).
// It is never retried by the transport; callers decide.
type ErrorsError struct {
	URL    string
	Errors []GraphQLError
	// Data is the partial data that came with the errors (may be null).
	Data json.RawMessage
}

// Error lists the messages with their paths.
func (e *ErrorsError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, ge := range e.Errors {
		msgs[i] = ge.Message
		if len(ge.Path) > 0 {
			msgs[i] += fmt.Sprintf(" (at %v)", ge.Path)
		}
	}
	partial := ""
	if len(e.Data) > 0 && string(e.Data) != "null" {
		partial = " (partial data refused)"
	}
	return fmt.Sprintf("graphql %s: %d errors%s: %s", e.URL, len(e.Errors), partial, strings.Join(msgs, "; "))
}

// ErrAccessDenied marks a 403: the API key was refused.
var ErrAccessDenied = errors.New("the API key was refused")

// ErrNoConfiguration marks a 404: no active Datahub configuration of that name.
var ErrNoConfiguration = errors.New("no active Datahub configuration at this URL")

// request is the JSON body of a GraphQL request.
type request struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables"`
}

// answer is the JSON body of a GraphQL answer.
type answer struct {
	Data   json.RawMessage `json:"data"`
	Errors []GraphQLError  `json:"errors"`
}

// Do sends query with vars (sent as a JSON object even when nil: Pimcore
// answers a string with HTTP 500) and returns the data as raw JSON, numbers
// untouched, and the body as received. Both queries and Datahub mutations
// (which set values) are safe to repeat, so the transport may retry them. An
// answer carrying errors[] is an *ErrorsError; a body that arrived whole but
// cannot be decoded is an *UndecodableError; one cut short wraps ErrCutOff.
func (c *Client) Do(ctx context.Context, query string, vars map[string]any) (json.RawMessage, []byte, error) {
	body, err := c.Send(ctx, query, vars)
	if err != nil {
		return nil, nil, err
	}
	return c.Answer(body)
}

// Send sends query with vars as Do does and returns the answer's body
// undecoded, so that a caller holding one of a few concurrent calls frees
// it as soon as the answer has arrived; Answer decodes it.
func (c *Client) Send(ctx context.Context, query string, vars map[string]any) ([]byte, error) {
	if vars == nil {
		vars = map[string]any{}
	}
	payload, err := json.Marshal(request{Query: query, Variables: vars})
	if err != nil {
		return nil, retry.Final(fmt.Errorf("encode graphql request: %w", err))
	}
	return c.post(ctx, payload)
}

// Answer decodes the body Send returned as Do does: the data as raw JSON,
// the body itself, and an *ErrorsError or *UndecodableError.
func (c *Client) Answer(body []byte) (json.RawMessage, []byte, error) {
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, body, undecodable(c.URL(), body, err)
	}
	if len(a.Errors) > 0 {
		return a.Data, body, &ErrorsError{URL: c.URL(), Errors: a.Errors, Data: a.Data}
	}
	if len(a.Data) == 0 || string(a.Data) == "null" {
		return nil, body, fmt.Errorf("graphql %s: the answer has neither data nor errors", c.URL())
	}
	return a.Data, body, nil
}

func (c *Client) post(ctx context.Context, payload []byte) ([]byte, error) {
	where := c.URL()
	req, err := http.NewRequestWithContext(httpx.Idempotent(ctx), http.MethodPost, where, bytes.NewReader(payload))
	if err != nil {
		return nil, retry.Final(fmt.Errorf("build request: %w", err))
	}
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(payload)), nil }
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.h.Do(req)
	if err != nil {
		return nil, c.describe(err)
	}
	defer resp.Body.Close()
	return httpx.ReadJSON(resp, httpx.RedactString(where))
}

// describe names what a 403 or 404 of the Datahub means; Pimcore answers
// both with HTML pages, its message shown only in debug mode.
func (c *Client) describe(err error) error {
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		return err
	}
	switch se.Status {
	case http.StatusForbidden:
		return retry.Final(fmt.Errorf("POST %s: status 403: %w (check the apikey header's key and the configuration's security settings)", se.URL, ErrAccessDenied))
	case http.StatusNotFound:
		return retry.Final(fmt.Errorf("POST %s: status 404: %w (is Datahub configuration %q active?)", se.URL, ErrNoConfiguration, c.s.Endpoint))
	}
	return err
}

// ByAlias splits the errors by the top-level field (alias) their path
// starts at; errors without a path concern the whole request.
func (e *ErrorsError) ByAlias() (byAlias map[string][]string, whole []GraphQLError) {
	byAlias = map[string][]string{}
	for _, ge := range e.Errors {
		alias, ok := "", len(ge.Path) > 0
		if ok {
			alias, ok = ge.Path[0].(string)
		}
		if !ok {
			whole = append(whole, ge)
			continue
		}
		byAlias[alias] = append(byAlias[alias], ge.Message)
	}
	return byAlias, whole
}

// Ping reads one object with every configured field: it proves the URL, the
// configuration name and the key, and a GraphQL validation error names any
// configured field or class the Datahub configuration does not expose.
func (c *Client) Ping(ctx context.Context) error {
	vars := map[string]any{"first": 1, "after": 0, "filter": nil}
	data, _, err := c.Do(ctx, c.s.ListingQuery(SortByID, c.s.Selection()), vars)
	if err != nil {
		return fmt.Errorf("ping %s: %w", c.s.ListingField(), err)
	}
	if _, err := DecodeListing(data, c.s.ListingField()); err != nil {
		return fmt.Errorf("ping %s: %w", c.s.ListingField(), err)
	}
	return nil
}
