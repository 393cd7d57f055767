package dataverse

import (
	"bufio"
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
)

// maxBatch is the most requests one $batch may hold (PROTOCOLS.md §5.4).
const maxBatch = 1000

// batchItem is one top-level part: a request, or a change set of requests.
type batchItem struct {
	req       *partRequest
	changeSet []*partRequest
}

// partRequest is one application/http part.
type partRequest struct {
	contentID string
	method    string
	target    string
	header    http.Header
	body      []byte
}

func batchError(msg string) *apiError { return fail(http.StatusBadRequest, "0x80048d19", msg) }

// parseBatch reads a multipart/mixed $batch body.
func parseBatch(r *http.Request) ([]batchItem, *apiError) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" || params["boundary"] == "" {
		return nil, fail(http.StatusUnsupportedMediaType, "", "A $batch request must be 'Content-Type: multipart/mixed; boundary=batch_<id>'.")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var items []batchItem
	count := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, batchError("The $batch body is not valid multipart/mixed: " + err.Error())
		}
		it, perr := parseItem(p)
		if perr != nil {
			return nil, perr
		}
		count += max(1, len(it.changeSet))
		if count > maxBatch {
			return nil, batchError("The number of requests in the batch exceeds the maximum of 1000.")
		}
		items = append(items, it)
	}
	return items, nil
}

// parseItem reads one top-level part.
func parseItem(p *multipart.Part) (batchItem, *apiError) {
	mt, params, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
	if err == nil && mt == "multipart/mixed" && params["boundary"] != "" {
		cs, err := parseChangeSet(multipart.NewReader(p, params["boundary"]))
		return batchItem{changeSet: cs}, err
	}
	req, perr := parsePart(p)
	return batchItem{req: req}, perr
}

func parseChangeSet(mr *multipart.Reader) ([]*partRequest, *apiError) {
	var out []*partRequest
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, batchError("The change set is not valid multipart/mixed: " + err.Error())
		}
		req, perr := parsePart(p)
		if perr != nil {
			return nil, perr
		}
		if req.method == http.MethodGet {
			return nil, batchError("A change set must not contain a GET request.")
		}
		out = append(out, req)
	}
	if len(out) == 0 {
		return nil, batchError("A change set must contain at least one request.")
	}
	return out, nil
}

// parsePart reads an application/http part: request line, headers, body.
func parsePart(p *multipart.Part) (*partRequest, *apiError) {
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/http") {
		return nil, batchError("A $batch part must be 'Content-Type: application/http' (or a multipart/mixed change set), not '" + ct + "'.")
	}
	if te := p.Header.Get("Content-Transfer-Encoding"); te != "binary" {
		return nil, batchError("A $batch part must be 'Content-Transfer-Encoding: binary'.")
	}
	raw, err := io.ReadAll(p)
	if err != nil {
		return nil, batchError("The $batch part could not be read.")
	}
	tp := textproto.NewReader(bufioReader(raw))
	line, err := tp.ReadLine()
	f := strings.Fields(line)
	if err != nil || len(f) != 3 || !strings.HasPrefix(f[2], "HTTP/") {
		return nil, batchError("The $batch part does not start with a request line 'METHOD URL HTTP/1.1': '" + line + "'.")
	}
	if f[0] == "POST" && strings.HasSuffix(f[1], "$batch") {
		return nil, batchError("A $batch must not contain another $batch.")
	}
	h, err := tp.ReadMIMEHeader()
	if err != nil && err != io.EOF {
		return nil, batchError("The headers of the $batch part '" + line + "' are not valid.")
	}
	body, _ := io.ReadAll(tp.R)
	return &partRequest{contentID: p.Header.Get("Content-ID"), method: f[0], target: f[1], header: http.Header(h),
		body: bytes.TrimRight(body, "\r\n")}, nil
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
