package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"
)

// Skip accepts exactly the values encoding/json accepts, up to MaxDepth.
func TestSkipIsValid(t *testing.T) {
	for _, c := range []string{
		`0`, `-0.5e+3`, `01`, `1.`, `.5`, `-`, `1e`, `"a\u00e9\n\/"`, `"\u12"`, `"\x"`, "\"a\x01\"", `"\ud800"`,
		`[1,2,]`, `[1 2]`, `{"a":1,}`, `{"a" 1}`, `{1:2}`, `{"a":[true,false,null]}`, `tru`, `nul`, `[]`, `{}`,
		strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2),
		strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
	} {
		sc := New([]byte(c))
		got := sc.Skip() && sc.End()
		want := json.Valid([]byte(c)) && !strings.HasPrefix(c, strings.Repeat("[", MaxDepth+2))
		if got != want {
			t.Errorf("%q: Skip %v, want %v", c, got, want)
		}
	}
}

// String decodes as encoding/json does; Key refuses escapes.
func TestStringAndKey(t *testing.T) {
	for _, c := range []string{`"plain"`, `"tab\tquote\"uni\u00e9 \ud83d\ude00 \ud800"`, "\"bad \xff utf-8\"", `"<&>"`} {
		var want string
		if err := json.Unmarshal([]byte(c), &want); err != nil {
			t.Fatal(err)
		}
		in := Interner{}
		for _, read := range []func(*Scanner) (string, bool){(*Scanner).String, func(s *Scanner) (string, bool) { return s.InternString(in) }} {
			if got, ok := read(New([]byte(c))); !ok || got != want {
				t.Errorf("%s: %q %v, want %q", c, got, ok, want)
			}
		}
	}
	if _, ok := New([]byte(`"k\u0041":1`)).Key(); ok {
		t.Error("a key with an escape was read")
	}
	if k, ok := New([]byte(` "k" : 1`)).Key(); !ok || string(k) != "k" {
		t.Errorf("key %q %v", k, ok)
	}
}

// AppendString writes what json.Marshal writes.
func TestAppendStringIsMarshal(t *testing.T) {
	for _, s := range []string{"", "plain", "<a href=\"x\">&amp;</a>", "\x00\x01\x1f\b\f\n\r\t\\", "\u2028\u2029é😀", "bad \xff\xfe utf-8"} {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("%q: %s, want %s", s, got, want)
		}
	}
}

// MayFold: keys encoding/json would match to a name without being it.
func TestMayFold(t *testing.T) {
	for key, want := range map[string]bool{"Items": true, "ITEMS": true, "item": false, "other": false, "ſtatus": true, "items": true} {
		if got := MayFold([]byte(key), "items", "status"); got != want {
			t.Errorf("MayFold(%q) = %v, want %v", key, got, want)
		}
	}
}
