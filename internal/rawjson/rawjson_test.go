package rawjson

import (
	"errors"
	"strings"
	"testing"
)

func TestSplitsAroundPoison(t *testing.T) {
	deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	body := `{"_links":{"next":{"href":"http://x/p?a=1"}},"_embedded":{"items":[{"uuid":"a"}, {"s":"nul` + "\x00" + `"} ,` + deep + `]}}`
	ms, err := Members([]byte(body))
	if err != nil || len(ms) != 2 || ms[0].Key != "_links" || ms[1].Key != "_embedded" {
		t.Fatalf("members %v, %v", ms, err)
	}
	emb, err := Members(ms[1].Value)
	if err != nil || len(emb) != 1 {
		t.Fatalf("embedded %v, %v", emb, err)
	}
	els, err := Elements(emb[0].Value)
	if err != nil || len(els) != 3 {
		t.Fatalf("elements %q, %v", els, err)
	}
	if string(els[0]) != `{"uuid":"a"}` || !strings.Contains(string(els[1]), "\x00") || string(els[2]) != deep {
		t.Errorf("elements %q", els)
	}
}

// Each malformed input is given to the splitter of its own kind, so that an
// error from the other one (which fails on the first byte) cannot hide a miss.
func TestMalformed(t *testing.T) {
	objects := []string{``, ` `, `{`, `{"a"}`, `{"a":1`, `{"a":[1,2}`, `{"a":}`, `{"a" 1}`, `{1:2}`, `{"a":1 "b":2}`, `{"a":1,`, `{"a":"x}`, `[]`}
	for _, b := range objects {
		if ms, err := Members([]byte(b)); !errors.Is(err, ErrMalformed) {
			t.Errorf("Members(%q) = %q, %v; want ErrMalformed", b, ms, err)
		}
	}
	arrays := []string{``, ` `, `[`, `["x]`, `[1 2]`, `[1,`, `[1,2`, `[}`, `[{]`, `[1:2]`, `{}`}
	for _, b := range arrays {
		if els, err := Elements([]byte(b)); !errors.Is(err, ErrMalformed) {
			t.Errorf("Elements(%q) = %q, %v; want ErrMalformed", b, els, err)
		}
	}
	if ms, err := Members([]byte(` {} `)); err != nil || len(ms) != 0 {
		t.Errorf("empty object: %v %v", ms, err)
	}
	if els, err := Elements([]byte(`[]`)); err != nil || len(els) != 0 {
		t.Errorf("empty array: %v %v", els, err)
	}
}

func FuzzSplit(f *testing.F) {
	f.Add([]byte(`{"a":[1,{"b":"c"}],"d":null}`))
	f.Add([]byte(`[[[["\""]]]]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if ms, err := Members(b); err == nil {
			for _, m := range ms {
				_, _ = Elements(m.Value)
			}
		}
		_, _ = Elements(b)
	})
}
