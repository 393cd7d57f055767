package privacy

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var tokenShape = regexp.MustCompile(`^pii:[0-9a-f]{20}$`)

// TestTokenIsKeyedAndStable: a token is "pii:" and 20 hex digits, the same
// for a value under one key (across instances), different under another.
func TestTokenIsKeyedAndStable(t *testing.T) {
	a, b, other := New("k1"), New("k1"), New("k2")
	tok := a.Token("jane@example.org")
	if !tokenShape.MatchString(tok) || tok != b.Token("jane@example.org") || tok == other.Token("jane@example.org") || tok == a.Token("jane@example.com") {
		t.Errorf("token %s (other instance %s, other key %s)", tok, b.Token("jane@example.org"), other.Token("jane@example.org"))
	}
	if New("") != nil {
		t.Error("an empty key must give no pseudonymizer")
	}
}

// TestTextReplacesLearnedValuesAndPatterns: learned values (whole names of
// several words), e-mail addresses and phone numbers become tokens; times,
// durations, ids and ordinary words stay.
func TestTextReplacesLearnedValuesAndPatterns(t *testing.T) {
	p := New("k")
	p.Learn("Jane Q. Doe", "+49 30 1234567", "ab")
	in := `{"time":"2026-11-27T08:44:35Z","duration_ms":1234,"error":"lead 42 duplicates Jane Q. Doe (jane.doe@example.org, +49 30 1234567, (030) 555-0102) at 10.0.0.1"}`
	out := p.Text(in)
	for _, gone := range []string{"Jane", "Doe", "jane.doe", "1234567", "555-0102"} {
		if strings.Contains(out, gone) {
			t.Errorf("%q left in %s", gone, out)
		}
	}
	for _, kept := range []string{"2026-11-27T08:44:35Z", `"duration_ms":1234`, "lead 42 duplicates", "10.0.0.1", p.Token("Jane Q. Doe"), p.Token("+49 30 1234567")} {
		if !strings.Contains(out, kept) {
			t.Errorf("%q missing from %s", kept, out)
		}
	}
	var nilP *Pseudonymizer
	if got := nilP.Text("mail jane@example.org"); got != "mail pii:redacted" {
		t.Errorf("without a key: %s", got)
	}
}

// TestFieldsAndRaw: named fields of a canonical record become tokens (null
// and empty stay); native bytes keep their structure with every string and
// number tokenized, or only length and token when they do not parse.
func TestFieldsAndRaw(t *testing.T) {
	p := New("k")
	b, err := p.Fields([]byte(`{"id":"l1","email":"a@b.example","phone":null,"first_name":"","company":"Acme"}`), []string{"email", "phone", "first_name"})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	_ = json.Unmarshal(b, &got)
	if got["email"] != p.Token("a@b.example") || got["phone"] != nil || got["first_name"] != "" || got["company"] != "Acme" || got["id"] != "l1" {
		t.Errorf("fields: %s", b)
	}
	raw := p.Raw([]byte(`{"Contact":{"Name":"Jane Doe","Tel":4930123,"Opt":true}}`))
	if strings.Contains(string(raw), "Jane") || strings.Contains(string(raw), "4930123") || !strings.Contains(string(raw), `"Opt":true`) || !strings.Contains(string(raw), p.Token("Jane Doe")) {
		t.Errorf("raw: %s", raw)
	}
	bad := p.Raw([]byte(`{"Name": "Jane Doe"`))
	if strings.Contains(string(bad), "Jane") || !strings.Contains(string(bad), `"length":19`) {
		t.Errorf("unparseable raw: %s", bad)
	}
	if r := p.TextOf(`missing field beside "Jane Doe"`, []byte(`{"Name": "Jane Doe"`)); strings.Contains(r, "Jane") {
		t.Errorf("reason: %s", r)
	}
}

// TestTextLeavesDatesAndNumbers: dates, times, versions and counts are not
// taken for phone numbers.
func TestTextLeavesDatesAndNumbers(t *testing.T) {
	p := New("k")
	for _, s := range []string{"retry after 2026-01-05 12:30:00", "01-05 12:30", "v1.2.3", "read 12000 records in 0.52 s", "+01:00", "page 0 of 0012"} {
		if got := p.Text(s); got != s {
			t.Errorf("%q became %q", s, got)
		}
	}
	for _, s := range []string{"0171 5550103", "030 1234567", "+1 415 555 0142"} {
		if got := p.Text("call " + s); got != "call "+p.Token(s) {
			t.Errorf("%q became %q", s, got)
		}
	}
}
