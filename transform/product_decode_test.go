package transform

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stewardhq/steward/internal/jsonscan"
)

var decodeCases = []string{
	`{"id":"u1","identifier":null,"family":"f","categories":[],"parent":null,"enabled":true,"values":[],"updated":"2026-01-05T08:00:00.5+02:00"}`,
	`{"id":"u1","values":[{"attribute":"p","kind":"prices","amounts":[{"amount":"1.10","currency":"EUR"},{"currency":null}],"options":null,"bool":null},{"attribute":"b","bool":false,"x":[1,{"y":null}]}],"updated":null}`,
	`{"id":"\u0075\ud800","categories":null,"values":null}`,
	`{"id":"u1","Values":[]}`,
	`{"id":"u1","id":"u2"}`,
	`{"id":"u1","values":[null]}`,
	`{"id":"u1","categories":["a",null]}`,
	`{"id":"u1","values":[{"attribute":"a","attribute":"b"}]}`,
	`{"id":"u1","values":[{"amounts":[null]}]}`,
	`{"id":"u1","updated":"2026-13-05T08:00:00Z"}`,
	`{"id":5}`,
	`{"id":"u1"} {}`,
	`null`,
}

// checkDecode compares DecodeProduct with json.Unmarshal on one text.
func checkDecode(t *testing.T, b []byte) {
	t.Helper()
	var fast, slow Product
	ferr := DecodeProduct(b, &fast)
	serr := json.Unmarshal(b, &slow)
	if (ferr == nil) != (serr == nil) || (serr == nil && !reflect.DeepEqual(fast, slow)) {
		t.Fatalf("%s:\nDecodeProduct %+v (%v)\njson.Unmarshal %+v (%v)", b, fast, ferr, slow, serr)
	}
}

func TestDecodeProductIsUnmarshal(t *testing.T) {
	for _, c := range decodeCases {
		checkDecode(t, []byte(c))
	}
	for _, p := range jsonProducts() {
		b, err := p.AppendJSON(nil)
		if err == nil {
			checkDecode(t, b)
		}
	}
}

func FuzzDecodeProduct(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkDecode(t, b) })
}

var valuesCases = []string{
	`{"id":"u1","values":[{"attribute":"a","kind":"text","text":"x"}]}`,
	`{"id":"u1","values":[{"attribute":"a","locale":"","kind":"text"}]}`,
	`{"id":"u1","values":[{"kind":"text","attribute":"a"}]}`,
	`{"id":"u1","values":[{"attribute":"a","kind":"text","zz":1}]}`,
	`{"id":"u1","values":[{"attribute":"a","kind":"text","text":"\u00e9 \/ \ufffd \u001F \u001f \u0008 <"}]}`,
	`{"id":"u1","values":[{"attribute":"a","kind":"text","text":"\u003c\u2028 \t\n"}]}`,
	`{"id":"u1","values":[{"attribute":"a","kind":"prices","amounts":[{"amount":"1","currency":"EUR"}],"options":[],"bool":null}]}`,
	`{"id":"u1","values":[{"attribute":"a","kind":"prices","amounts":[{"currency":"EUR","amount":"1"}]}]}`,
	`{"id":"u1","values":[ {"attribute":"a","kind":"k"}]}`,
	`{"id":"u1","values":[]}`,
	`{"id":"u1","values":null}`,
	`{"id":"u1","values":[null]}`,
	`{"id":"u1","values":{}}`,
}

// checkValuesJSON compares DecodeProductValuesJSON with what the snapshot
// did before it: json.Unmarshal, then json.Marshal of the values.
func checkValuesJSON(t *testing.T, b []byte) {
	t.Helper()
	var slow Product
	serr := json.Unmarshal(b, &slow)
	want := []byte("[]")
	if len(slow.Values) > 0 {
		want, _ = json.Marshal(slow.Values)
	}
	slow.Values = nil
	var fast Product
	got, ferr := DecodeProductValuesJSON(b, &fast)
	if (ferr == nil) != (serr == nil) || serr == nil && (!reflect.DeepEqual(fast, slow) || string(got) != string(want)) {
		t.Fatalf("%s:\nfast %+v %s (%v)\nslow %+v %s (%v)", b, fast, got, ferr, slow, want, serr)
	}
}

func TestDecodeProductValuesJSON(t *testing.T) {
	for _, c := range append(valuesCases, decodeCases...) {
		checkValuesJSON(t, []byte(c))
	}
	for _, p := range jsonProducts() {
		b, err := p.AppendJSON(nil)
		if err != nil {
			continue
		}
		checkValuesJSON(t, b)
		vs := AppendValuesJSON(nil, p.Values)
		if sc := jsonscan.New(vs); !(canonicalValues(sc) && sc.End() && compact(vs)) && p.ID != "bad utf-8 \xff\xfe" {
			t.Errorf("the encoder's own text is not taken as canonical: %s", vs)
		}
	}
}

func FuzzDecodeProductValuesJSON(f *testing.F) {
	for _, c := range append(valuesCases, decodeCases...) {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkValuesJSON(t, b) })
}
