package akeneo

import (
	"encoding/json"
	"reflect"
	"testing"
)

var pageCases = []string{
	`{"_links":{"self":{"href":"h"},"next":{"href":"http://h/p?limit=1&search_after=x"}},"_embedded":{"items":[{"uuid":"u1"}, {"uuid":"u2","v":[1,2.5e3,"x",null,true]}]}}`,
	`{"_links":{"next":null},"_embedded":{"items":[]}}`,
	`{"_links":null,"_embedded":{"items":[1]}}`,
	` { "_embedded" : { "items" : [ {"a":"\u0041"} ] } , "current_page": 1 } `,
	`{"_embedded":{"items":[]},"_embedded":{"items":[{}]}}`,
	`{"_Embedded":{"items":[]}}`,
	`{"_embedded":{"Items":[{}]}}`,
	`{"_links":{"next":{"href":"a","HREF":"b"}},"_embedded":{"items":[]}}`,
	`{"_links":{"next":{"href":"a"},"next":{"href":"b"}},"_embedded":{"items":[]}}`,
	`{"_links":{"next":{"hre\u0066":"a"}},"_embedded":{"items":[]}}`,
	`{"_embedded":{"items":null}}`,
	`{"_embedded":{"items":[{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}}`,
	`{"_embedded":{"items":[{"a":"x` + "\x00" + `"}]}}`,
	`{"_embedded":{"items":[01]}}`,
	`{"_embedded":{"items":[]}}x`,
	`{"_embedded":{"items":[{"a":"\0"}]}}`,
}

// A page the fast split reads is the page encoding/json reads.
func checkPageFast(t *testing.T, body []byte) {
	fast, ok := decodePageFast(body)
	if !ok {
		return
	}
	var slow Page
	if err := json.Unmarshal(body, &slow); err != nil || slow.Embedded == nil || slow.Embedded.Items == nil {
		t.Fatalf("%s: fast read it, encoding/json: %v", body, err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%s:\nfast %+v\nslow %+v", body, fast, slow)
	}
}

func TestDecodePageFastIsEncodingJSON(t *testing.T) {
	took := 0
	for _, c := range pageCases {
		checkPageFast(t, []byte(c))
		if _, ok := decodePageFast([]byte(c)); ok {
			took++
		}
	}
	if took != 4 {
		t.Errorf("the fast split read %d of the cases, want the first 4", took)
	}
}

func FuzzDecodePageFast(f *testing.F) {
	for _, c := range pageCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkPageFast(t, b) })
}
