package transform

import (
	"encoding/json"
	"reflect"
	"testing"
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
