package dataverse

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// partResponse is one answered request of a batch.
type partResponse struct {
	contentID string
	rec       *httptest.ResponseRecorder
}

func (p partResponse) failed() bool { return p.rec.Code >= 400 }

// itemResponse is the answer of a batch item: a change set's parts are
// written as a nested multipart.
type itemResponse struct {
	parts []partResponse
	set   bool
}

// serveBatch answers POST $batch (PROTOCOLS.md §4, §5.4): parts run in
// order; a change set is atomic; without Prefer: odata.continue-on-error the
// first failure ends the batch with 400 and that single error part.
func (e *Emulator) serveBatch(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, fail(http.StatusMethodNotAllowed, "", "$batch accepts only POST."))
		return
	}
	items, err := parseBatch(r)
	if err != nil {
		writeError(w, err)
		return
	}
	_, goOn := prefer(r)["odata.continue-on-error"]
	var out []itemResponse
	for _, it := range items {
		res := e.runItem(r, it)
		if !goOn && res.parts[0].failed() {
			writeBatch(w, http.StatusBadRequest, []itemResponse{{parts: res.parts[:1]}})
			return
		}
		out = append(out, res)
	}
	if goOn {
		w.Header().Set("Preference-Applied", "odata.continue-on-error")
	}
	writeBatch(w, http.StatusOK, out)
}

// runItem runs a request or a change set. A failed change set is rolled back
// and answered by its failing request alone.
func (e *Emulator) runItem(outer *http.Request, it batchItem) itemResponse {
	if it.req != nil {
		return itemResponse{parts: []partResponse{{rec: e.runPart(outer, it.req, nil)}}}
	}
	e.mu.RLock()
	saved := e.st.snapshot()
	e.mu.RUnlock()
	refs := map[string]string{}
	var res []partResponse
	for _, p := range it.changeSet {
		rec := e.runPart(outer, p, refs)
		if rec.Code >= 400 {
			e.mu.Lock()
			e.st = saved
			e.mu.Unlock()
			return itemResponse{parts: []partResponse{{rec: rec}}}
		}
		if p.contentID != "" {
			refs["$"+p.contentID] = rec.Header().Get("OData-EntityId")
		}
		res = append(res, partResponse{contentID: p.contentID, rec: rec})
	}
	return itemResponse{parts: res, set: true}
}

// runPart runs one request of a batch through the API router; refs resolve
// $<Content-ID> in its URL and in its body's @odata.bind values.
func (e *Emulator) runPart(outer *http.Request, p *partRequest, refs map[string]string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	target, body := p.target, p.body
	for ref, url := range refs {
		if strings.HasPrefix(target, ref) && (len(target) == len(ref) || target[len(ref)] == '/') {
			target = url + target[len(ref):]
		}
		body = bytes.ReplaceAll(body, []byte(`"`+ref+`"`), []byte(`"`+url+`"`))
	}
	base := e.baseURL(outer)
	path := strings.TrimPrefix(target, base)
	if !strings.HasPrefix(path, "/") {
		path = apiRoot + path
	}
	rest, ok := strings.CutPrefix(path, apiRoot)
	req, err := http.NewRequestWithContext(outer.Context(), p.method, path, bytes.NewReader(body))
	if !ok || err != nil {
		writeError(rec, batchError("The $batch part URL '"+p.target+"' is not below "+base+apiRoot+"."))
		return rec
	}
	req.Host, req.TLS, req.Header = outer.Host, outer.TLS, p.header
	rest, _, _ = strings.Cut(rest, "?")
	e.api(rec, req, rest)
	return rec
}

// writeBatch writes the multipart/mixed answer: each item a part, a change
// set as a nested multipart part.
func writeBatch(w http.ResponseWriter, status int, items []itemResponse) {
	id := strconv.FormatInt(int64(len(items))*7919+int64(status), 16)
	var b bytes.Buffer
	for i, it := range items {
		b.WriteString("--batchresponse_" + id + "\r\n")
		if it.set {
			cs := "changesetresponse_" + id + "_" + strconv.Itoa(i)
			b.WriteString("Content-Type: multipart/mixed; boundary=" + cs + "\r\n\r\n")
			for _, p := range it.parts {
				b.WriteString("--" + cs + "\r\n")
				writePart(&b, p)
			}
			b.WriteString("--" + cs + "--\r\n")
			continue
		}
		writePart(&b, it.parts[0])
	}
	b.WriteString("--batchresponse_" + id + "--\r\n")
	w.Header().Set("Content-Type", "multipart/mixed; boundary=batchresponse_"+id)
	w.Header().Set("OData-Version", "4.0")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// writePart writes one application/http response part.
func writePart(b *bytes.Buffer, p partResponse) {
	b.WriteString("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n")
	if p.contentID != "" {
		b.WriteString("Content-ID: " + p.contentID + "\r\n")
	}
	fmt.Fprintf(b, "\r\nHTTP/1.1 %d %s\r\n", p.rec.Code, http.StatusText(p.rec.Code))
	for _, k := range []string{"Content-Type", "OData-Version", "OData-EntityId", "ETag", "Preference-Applied"} {
		if v := p.rec.Header().Get(k); v != "" {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	b.WriteString("\r\n")
	b.Write(bytes.TrimRight(p.rec.Body.Bytes(), "\n"))
	b.WriteString("\r\n")
}
