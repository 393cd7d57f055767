package rawjson

import (
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

func TestMalformed(t *testing.T) {
	for _, b := range []string{``, `{`, `{"a"}`, `{"a":1`, `{"a":[1,2}`, `["x]`, `[1 2]`, `{"a":}`, `[`} {
		_, err1 := Members([]byte(b))
		_, err2 := Elements([]byte(b))
		if err1 == nil && err2 == nil {
			t.Errorf("%q: no error", b)
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
