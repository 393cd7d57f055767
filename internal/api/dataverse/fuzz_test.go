package dataverse

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

// FuzzParsePage (review rev-dv): any body is a page or an error, never a
// panic; a page without an error has its value array.
func FuzzParsePage(f *testing.F) {
	f.Add([]byte(`{"@odata.context":"x","value":[{"accountid":"a"}],"@odata.nextLink":"http://h/n"}`))
	f.Add([]byte(`{"value":[{"a":1},{"b":"\x00` + "\xff" + `"}],"@odata.deltaLink":"d"}`))
	f.Add([]byte(`{"value":[{"a":1},{"b":`))
	f.Add([]byte(`{"value":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := parsePage(body, "u")
		if err == nil && p.Value == nil && !bytes.Contains(body, []byte("[")) {
			t.Fatalf("page without error and without value: %q", body)
		}
	})
}

// FuzzReadBatch (review rev-dv): any multipart answer is a list of results
// or an error, never a panic.
func FuzzReadBatch(f *testing.F) {
	f.Add("--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--c--\r\n--b--\r\n")
	f.Add("--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 412 Precondition Failed\r\nContent-Type: application/json\r\n\r\n{\"error\":{\"code\":\"0x80060882\",\"message\":\"m\"}}\r\n--b--\r\n")
	f.Fuzz(func(t *testing.T, body string) {
		resp := &http.Response{Header: http.Header{"Content-Type": {"multipart/mixed; boundary=b"}}, Body: io.NopCloser(bytes.NewReader([]byte(body)))}
		rs, err := readBatch(resp)
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.Status == 0 {
				t.Fatalf("result without status from %q", body)
			}
		}
	})
}
