package akeneo

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

func lines(body string) *http.Response {
	return &http.Response{Body: io.NopCloser(bytes.NewBufferString(body))}
}

func TestParseLines(t *testing.T) {
	body := `{"line":1,"identifier":"a","status_code":204}
{"line":2,"identifier":"b","status_code":422,"message":"Validation failed.","errors":[{"property":"values","message":"The x attribute does not exist","attribute":"x"}]}
`
	got, err := parseLines(lines(body), 2, "/p")
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Describe() != "Validation failed.; x: The x attribute does not exist" {
		t.Errorf("describe = %q", got[1].Describe())
	}
	if _, err := parseLines(lines(body), 3, "/p"); err == nil {
		t.Error("a missing result line was not an error")
	}
	if _, err := parseLines(lines("<html>"), 1, "/p"); err == nil {
		t.Error("HTML was taken as result lines")
	}
}

func FuzzParseLines(f *testing.F) {
	f.Add([]byte("{\"line\":1,\"status_code\":201}\n"), 1)
	f.Add([]byte("\n\n{"), 2)
	f.Fuzz(func(t *testing.T, b []byte, want int) {
		res, err := parseLines(lines(string(b)), want, "/p")
		if err == nil && len(res) != want {
			t.Fatalf("%d results for %d lines without error", len(res), want)
		}
	})
}
