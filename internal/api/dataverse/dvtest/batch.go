package dvtest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// batch answers a multipart $batch of change sets, each one PATCH.
func (f *Fake) batch(w http.ResponseWriter, r *http.Request) {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		Error(w, 400, "", "a $batch needs a multipart/mixed body")
		return
	}
	var answers []string
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			Error(w, 400, "", "bad batch body: "+err.Error())
			return
		}
		answers = append(answers, f.changeset(part))
	}
	b := "batchresponse_fake"
	w.Header().Set("Content-Type", "multipart/mixed; boundary="+b)
	var out strings.Builder
	for _, a := range answers {
		out.WriteString("--" + b + "\r\nContent-Type: multipart/mixed; boundary=changesetresponse_fake\r\n\r\n")
		out.WriteString("--changesetresponse_fake\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
		out.WriteString(a + "\r\n--changesetresponse_fake--\r\n")
	}
	out.WriteString("--" + b + "--\r\n")
	_, _ = w.Write([]byte(out.String()))
}

// changeset applies the one request of a change set and returns its answer
// as HTTP text.
func (f *Fake) changeset(part *multipart.Part) string {
	_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
	inner := multipart.NewReader(part, params["boundary"])
	p, err := inner.NextPart()
	if err != nil {
		return answer(400, "", "empty change set")
	}
	br := bufio.NewReader(p)
	req, err := http.ReadRequest(br)
	if err != nil {
		return answer(400, "", "bad request in change set: "+err.Error())
	}
	// A part's request runs to the end of the part, with or without a
	// Content-Length.
	body, _ := io.ReadAll(io.MultiReader(req.Body, br))
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.patch(req, body)
}

var keyRE = regexp.MustCompile(`^` + regexp.QuoteMeta(Root) + `/([a-z_]+)\((?:([a-z_]+)=)?'?(.*?)'?\)$`)

// patch applies one upsert or update.
func (f *Fake) patch(req *http.Request, body []byte) string {
	path, _ := url.PathUnescape(req.URL.Path)
	m := keyRE.FindStringSubmatch(path)
	if req.Method != http.MethodPatch || m == nil {
		return answer(400, "", "unsupported request "+req.Method+" "+path)
	}
	set, col, key := m[1], m[2], strings.ReplaceAll(m[3], "''", "'")
	var cols map[string]any
	if err := json.Unmarshal(body, &cols); err != nil {
		return answer(400, "", "bad JSON body")
	}
	id, cur := f.find(set, col, key)
	if msg := f.precondition(req, cur); msg != "" {
		return answer(412, "0x80060882", msg)
	}
	next := map[string]any{}
	if cur != nil {
		for k, v := range cur.cols {
			next[k] = v
		}
	} else {
		id = fmt.Sprintf("00000000-0000-0000-0000-%012d", f.version+1)
		next[f.Keys[set]] = id
		if col != "" {
			next[col] = key
		}
	}
	for k, v := range cols {
		if k == "ownerid@odata.bind" {
			next["_ownerid_value"] = strings.TrimSuffix(strings.TrimPrefix(fmt.Sprint(v), "/systemusers("), ")")
			continue
		}
		if f.ReadOnly[k] {
			return answer(400, "0x80048d19", fmt.Sprintf("Property '%s' is read-only and cannot be updated.", k))
		}
		if !f.known(set, k) {
			return answer(400, "0x80060888", fmt.Sprintf("Could not find a property named '%s' on type 'Microsoft.Dynamics.CRM.%s'.", k, strings.TrimSuffix(set, "s")))
		}
		next[k] = v
	}
	next["modifiedon"] = "2026-01-01T00:00:00Z"
	f.put(set, next)
	return answer(204, "", "")
}

// find returns the row a key addresses: by alternate key column, or by id.
func (f *Fake) find(set, col, key string) (string, *entry) {
	for id, e := range f.rows[set] {
		if col == "" && strings.EqualFold(id, key) || col != "" && strings.EqualFold(fmt.Sprint(e.cols[col]), key) {
			return id, e
		}
	}
	return "", nil
}

func (f *Fake) precondition(req *http.Request, cur *entry) string {
	im, inm := req.Header.Get("If-Match"), req.Header.Get("If-None-Match")
	switch {
	case im == "*" && cur == nil:
		return "The record does not exist"
	case im != "" && im != "*" && (cur == nil || im != fmt.Sprintf(`W/"%d"`, cur.version)):
		return "The version of the existing record doesn't match the RowVersion property provided."
	case inm == "*" && cur != nil:
		return "A record with matching key values already exists."
	}
	return ""
}

func answer(status int, code, msg string) string {
	s := fmt.Sprintf("HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	if status < 300 {
		return s + "\r\n"
	}
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": msg}})
	return s + "Content-Type: application/json; odata.metadata=minimal\r\n\r\n" + string(b)
}
