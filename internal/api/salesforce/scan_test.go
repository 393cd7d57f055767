package salesforce

import (
	"encoding/json"
	"testing"
)

// FuzzDecodeQueryPage: any body gives a page or an error, never a panic;
// a page's records are exactly the array elements a valid body holds.
func FuzzDecodeQueryPage(f *testing.F) {
	f.Add([]byte(`{"totalSize":2,"done":true,"records":[{"Id":"a","x":[1,{"y":"]"}]},{"Id":"b\"}"}]}`))
	f.Add([]byte(`{"done":false,"nextRecordsUrl":"/q/1-2","records":[]}`))
	f.Add([]byte(`{"records":[{"a":"` + "\x00" + `"}],"done":true}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodeQueryPage(body, "fuzz")
		if err != nil || !json.Valid(body) {
			return
		}
		var want struct {
			Records []json.RawMessage `json:"records"`
		}
		if json.Unmarshal(body, &want) == nil && len(want.Records) != len(p.Records) {
			t.Fatalf("%d records, want %d", len(p.Records), len(want.Records))
		}
	})
}

// TestSplitKeepsPoisonApart: a raw NUL and deep nesting stay inside their
// own element.
func TestSplitKeepsPoisonApart(t *testing.T) {
	body := `{"totalSize":3,"done":true,"records":[{"Id":"a"},{"Id":"b","p":"x` + "\x00" + `"},{"Id":"c","d":[[[[]]]]}]}`
	p, err := decodeQueryPage([]byte(body), "t")
	if err != nil || len(p.Records) != 3 || string(p.Records[0]) != `{"Id":"a"}` || string(p.Records[2]) != `{"Id":"c","d":[[[[]]]]}` {
		t.Fatalf("%v %q", err, p.Records)
	}
}
