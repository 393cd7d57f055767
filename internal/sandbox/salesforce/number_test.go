package salesforce

import (
	"encoding/json"
	"net/url"
	"testing"
)

// TestNumberFromTextIsStoredAsJSONNumber: a number field sent as text (JSON
// string, or a Bulk CSV cell, which is always text) in any decimal form
// Salesforce's deserializer takes is stored as a number, so that a later
// query answers valid JSON with the value; hex, octal and digit-separator
// forms are not decimals and fail the call.
func TestNumberFromTextIsStoredAsJSONNumber(t *testing.T) {
	f := start(t, 0)
	for text, want := range map[string]string{"+5": "5", ".5": "0.5", "5.": "5", "007.50": "7.50", "-0.25": "-0.25", "12": "12"} {
		a := f.call(t, "POST", v+"/sobjects/Lead", `{"LastName":"n","Company":"c","Steward_Score__c":"`+text+`"}`)
		expect(t, a, 201, "")
		id := decode[saveResult](t, a).ID
		q := f.call(t, "GET", v+"/query?q="+url.QueryEscape("SELECT Steward_Score__c FROM Lead WHERE Id = '"+id+"'"), "")
		expect(t, q, 200, "")
		var p struct {
			Records []struct{ Steward_Score__c json.RawMessage }
		}
		if err := json.Unmarshal(q.body, &p); err != nil {
			t.Fatalf("score %q: the query answer is not JSON: %v: %s", text, err, q.body)
		}
		if len(p.Records) != 1 || string(p.Records[0].Steward_Score__c) != want {
			t.Errorf("score %q: records %s, want the value %s", text, q.body, want)
		}
	}
	for _, text := range []string{"0x10", "0b1", "1_0", "0o7", "1/2", "1e2"} {
		a := f.call(t, "POST", v+"/sobjects/Lead", `{"LastName":"n","Company":"c","Steward_Score__c":"`+text+`"}`)
		if expect(t, a, 400, ""); errorCode(t, a) != "JSON_PARSER_ERROR" {
			t.Errorf("score %q: %s, want JSON_PARSER_ERROR", text, a.body)
		}
	}
}
