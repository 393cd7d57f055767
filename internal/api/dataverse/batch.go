package dataverse

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// Change is one write of a $batch: a PATCH (an upsert by key, or an update
// by id) with its JSON body and headers such as If-Match.
type Change struct {
	Method string
	// Path is the entity path below the Web API root, e.g.
	// /accounts(accountnumber='C-1').
	Path   string
	Header http.Header
	Body   []byte
}

// Result is the answer to one Change: its HTTP status and, for an error,
// Dataverse's code and message.
type Result struct {
	Status  int
	Code    string
	Message string
	Header  http.Header
}

// OK reports a 2xx answer.
func (r Result) OK() bool { return r.Status >= 200 && r.Status < 300 }

// Batch sends changes as one multipart $batch (at most MaxBatch), each in a
// change set of its own, with Prefer: odata.continue-on-error so that every
// change gets its own answer. It returns one Result per change, in order; an
// error means the batch as a whole failed.
func (c *Client) Batch(ctx context.Context, changes []Change) ([]Result, error) {
	if len(changes) == 0 {
		return nil, nil
	}
	if len(changes) > MaxBatch {
		return nil, fmt.Errorf("batch of %d changes: Dataverse takes at most %d", len(changes), MaxBatch)
	}
	boundary := "batch_" + token()
	body := c.batchBody(boundary, changes)
	url := c.URL("/$batch", "")
	req, err := http.NewRequestWithContext(httpx.Idempotent(ctx), http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, retry.Final(fmt.Errorf("build $batch request: %w", err))
	}
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	req.Header = headers()
	req.Header.Set("Content-Type", "multipart/mixed; boundary="+boundary)
	req.Header.Set("Prefer", "odata.continue-on-error")
	resp, err := c.do(req)
	if err != nil {
		return nil, fmt.Errorf("send $batch of %d changes: %w", len(changes), err)
	}
	defer resp.Body.Close()
	results, err := readBatch(resp)
	if err != nil {
		return nil, fmt.Errorf("read $batch answer: %w", err)
	}
	if len(results) != len(changes) {
		return nil, fmt.Errorf("read $batch answer: %d answers for %d changes", len(results), len(changes))
	}
	return results, nil
}

func token() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// batchBody writes the multipart body, CRLF line ends, one change set per
// change with Content-ID n.
func (c *Client) batchBody(boundary string, changes []Change) []byte {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\r\n") }
	for i, ch := range changes {
		cs := "changeset_" + token()
		line("--" + boundary)
		line("Content-Type: multipart/mixed; boundary=" + cs)
		line("")
		line("--" + cs)
		line("Content-Type: application/http")
		line("Content-Transfer-Encoding: binary")
		line(fmt.Sprintf("Content-ID: %d", i+1))
		line("")
		line(ch.Method + " " + c.URL(ch.Path, "") + " HTTP/1.1")
		line("Content-Type: application/json")
		line(fmt.Sprintf("Content-Length: %d", len(ch.Body)))
		for k, vs := range ch.Header {
			for _, v := range vs {
				line(k + ": " + v)
			}
		}
		line("")
		line(string(ch.Body))
		line("--" + cs + "--")
	}
	line("--" + boundary + "--")
	return []byte(b.String())
}

// readBatch reads the answers of a multipart $batch response: each
// top-level part is a change set response holding one answer, or (for a
// failed change set) the answer itself.
func readBatch(resp *http.Response) ([]Result, error) {
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		return nil, fmt.Errorf("content type %q is not a multipart batch response", resp.Header.Get("Content-Type"))
	}
	var out []Result
	mr := multipart.NewReader(resp.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		rs, err := readPart(part.Header, part)
		if err != nil {
			return nil, fmt.Errorf("answer %d: %w", len(out)+1, err)
		}
		out = append(out, rs...)
	}
}

// readPart reads one part: an application/http answer, or a nested change
// set response whose answers it returns.
func readPart(h textproto.MIMEHeader, r io.Reader) ([]Result, error) {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return nil, fmt.Errorf("part content type %q: %w", h.Get("Content-Type"), err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		var out []Result
		mr := multipart.NewReader(r, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return out, nil
			}
			if err != nil {
				return nil, err
			}
			rs, err := readPart(p.Header, p)
			if err != nil {
				return nil, err
			}
			out = append(out, rs...)
		}
	}
	resp, err := http.ReadResponse(bufio.NewReader(r), nil)
	if err != nil {
		return nil, fmt.Errorf("read HTTP answer: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	res := Result{Status: resp.StatusCode, Header: resp.Header}
	if !res.OK() {
		res.Code, res.Message, _ = parseError(body)
		if res.Message == "" {
			res.Message = strings.TrimSpace(string(body))
		}
	}
	return []Result{res}, nil
}
