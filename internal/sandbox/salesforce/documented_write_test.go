package salesforce

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The examples of PROTOCOLS.md §2.3 (replication), §2.4 (writes), §2.5
// (errors) and §2.6 (limits).

func TestDocumentedUpdatedAndDeleted(t *testing.T) {
	f := start(t, 40)
	ids := f.e.IDs("Account")
	f.clock.add(10 * time.Minute)
	_ = f.e.Update("Account", ids[1], map[string]any{"Phone": "1"})
	_ = f.e.Delete("Account", ids[2])
	f.clock.add(10 * time.Minute)
	win := "?start=" + fixedNow.Format(time.RFC3339) + "&end=" + fixedNow.Add(time.Hour).Format(time.RFC3339)
	expect(t, f.call(t, "GET", v+"/sobjects/Account/updated/"+win, ""), 200,
		`{"ids":["`+ids[1]+`"],"latestDateCovered":"2026-02-01T10:50:00.000+0000"}`)
	expect(t, f.call(t, "GET", v+"/sobjects/Account/deleted/"+win, ""), 200,
		`{"deletedRecords":[{"id":"`+ids[2]+`","deletedDate":"2026-02-01T10:40:00.000+0000"}],`+
			`"earliestDateAvailable":"2026-01-17T10:50:00.000+0000","latestDateCovered":"2026-02-01T10:50:00.000+0000"}`)
	old := "?start=" + fixedNow.Add(-31*24*time.Hour).Format(time.RFC3339) + "&end=" + fixedNow.Format(time.RFC3339)
	if a := f.call(t, "GET", v+"/sobjects/Account/updated/"+old, ""); a.status != 400 || errorCode(t, a) != "INVALID_REPLICATION_DATE" {
		t.Errorf("31 days back: %d %s", a.status, a.body)
	}
	back := "?start=" + fixedNow.Format(time.RFC3339) + "&end=" + fixedNow.Add(-time.Hour).Format(time.RFC3339)
	if a := f.call(t, "GET", v+"/sobjects/Account/deleted/"+back, ""); a.status != 400 {
		t.Errorf("end before start: %d %s", a.status, a.body)
	}
}

func products(n int, extra string) string {
	var recs []string
	for i := range n {
		recs = append(recs, fmt.Sprintf(`{"attributes":{"type":"Product2"},"External_ID__c":"SKU-%d","Name":"P %d"%s}`, i, i, extra))
	}
	return `{"allOrNone":false,"records":[` + strings.Join(recs, ",") + `]}`
}

func TestDocumentedCollectionsUpsert(t *testing.T) {
	f := start(t, 0)
	path := v + "/composite/sobjects/Product2/External_ID__c"
	a := f.call(t, "PATCH", path, products(2, ""))
	expect(t, a, 200, "")
	res := decode[[]saveResult](t, a)
	if len(res) != 2 || !res[0].Success || !*res[0].Created || !strings.HasPrefix(res[0].ID, "01t") {
		t.Fatalf("first upsert %s", a.body)
	}
	a = f.call(t, "PATCH", path, `{"allOrNone":false,"records":[{"attributes":{"type":"Product2"},"External_ID__c":"sku-1","Description":"d"},`+
		`{"attributes":{"type":"Product2"},"External_ID__c":"SKU-9","Name":"new"}]}`)
	expect(t, a, 200, `[{"id":"`+res[1].ID+`","success":true,"errors":[],"created":false},`+
		`{"id":"`+makeID("01t", 3)+`","success":true,"errors":[],"created":true}]`)
	if rec, _ := f.e.Record("Product2", res[1].ID); rec["Description"] != "d" || rec["Name"] != "P 1" {
		t.Errorf("updated record %v", rec)
	}
	if a := f.call(t, "PATCH", path, products(201, "")); a.status != 400 || errorCode(t, a) != "EXCEEDED_ID_LIMIT" {
		t.Errorf("201 records: %d %s", a.status, a.body)
	}
	if a := f.call(t, "PATCH", v+"/composite/sobjects/Product2/Name", products(1, "")); a.status != 400 || errorCode(t, a) != "INVALID_FIELD" {
		t.Errorf("not an external id: %d %s", a.status, a.body)
	}
	if a := f.call(t, "PATCH", "/services/data/v45.0/composite/sobjects/Product2/External_ID__c", products(1, "")); a.status != 404 {
		t.Errorf("v45.0: %d", a.status)
	}
}

func TestDocumentedPerRecordErrors(t *testing.T) {
	f := start(t, 0)
	body := `{"allOrNone":false,"records":[{"attributes":{"type":"Product2"},"External_ID__c":"A"},` +
		`{"attributes":{"type":"Product2"},"External_ID__c":"B","Name":"b","Colour__c":"x"},` +
		`{"attributes":{"type":"Product2"},"External_ID__c":"C","Name":"c","Id":"01t5g00000000001AAA"},` +
		`{"attributes":{"type":"Product2"},"External_ID__c":"D","Name":"d"},{"attributes":{"type":"Product2"},"External_ID__c":"D","Name":"d2"}]}`
	res := decode[[]saveResult](t, f.call(t, "PATCH", v+"/composite/sobjects/Product2/External_ID__c", body))
	want := []string{"REQUIRED_FIELD_MISSING", "INVALID_FIELD", "INVALID_FIELD_FOR_INSERT_UPDATE", "DUPLICATE_EXTERNAL_ID", "DUPLICATE_EXTERNAL_ID"}
	for i, r := range res {
		if r.Success || r.Errors[0].StatusCode != want[i] {
			t.Errorf("record %d: %+v, want %s", i, r.Errors[0], want[i])
		}
	}
	if b, _ := json.Marshal(res[0]); string(b) != `{"success":false,"errors":[{"statusCode":"REQUIRED_FIELD_MISSING","message":"Required fields are missing: [Name]","fields":["Name"]}]}` {
		t.Errorf("error shape %s", b)
	}
}

func TestDocumentedAllOrNone(t *testing.T) {
	f := start(t, 0)
	body := strings.Replace(products(3, ""), `"allOrNone":false`, `"allOrNone":true`, 1)
	body = strings.Replace(body, `"Name":"P 2"`, `"Name":null`, 1)
	res := decode[[]saveResult](t, f.call(t, "PATCH", v+"/composite/sobjects/Product2/External_ID__c", body))
	if res[0].Errors[0].StatusCode != "ALL_OR_NONE_OPERATION_ROLLED_BACK" || res[2].Errors[0].StatusCode != "REQUIRED_FIELD_MISSING" {
		t.Errorf("results %+v", res)
	}
	if ids := f.e.IDs("Product2"); len(ids) != 0 {
		t.Errorf("rolled back call left %v", ids)
	}
}

func TestDocumentedCreateCollection(t *testing.T) {
	f := start(t, 0)
	a := f.call(t, "POST", v+"/composite/sobjects", `{"allOrNone":false,"records":[{"attributes":{"type":"Lead"},"LastName":"Keller","Company":"K AG"},`+
		`{"attributes":{"type":"Account"},"Name":"Acme"},{"attributes":{"type":"Lead"},"LastName":"X"}]}`)
	expect(t, a, 200, `[{"id":"`+makeID("00Q", 1)+`","success":true,"errors":[]},{"id":"`+makeID("001", 1)+`","success":true,"errors":[]},`+
		`{"success":false,"errors":[{"statusCode":"REQUIRED_FIELD_MISSING","message":"Required fields are missing: [Company]","fields":["Company"]}]}]`)
}

func TestDocumentedSingleUpsert(t *testing.T) {
	f := start(t, 0)
	path := v + "/sobjects/Product2/External_ID__c/SKU-1"
	a := f.call(t, "PATCH", path, `{"Name":"one"}`)
	expect(t, a, 201, `{"id":"`+makeID("01t", 1)+`","success":true,"errors":[],"created":true}`)
	expect(t, f.call(t, "PATCH", path, `{"Name":"uno"}`), 200, `{"id":"`+makeID("01t", 1)+`","success":true,"errors":[],"created":false}`)
	f.e.mu.Lock()
	dup := *f.e.tables["Product2"].recs[makeID("01t", 1)]
	dup.ID = makeID("01t", 2)
	f.e.tables["Product2"].put(dup.ID, &dup) // planted: two records share the value
	f.e.mu.Unlock()
	if a := f.call(t, "PATCH", path, `{"Name":"dos"}`); a.status != 300 {
		t.Errorf("two matches: %d %s", a.status, a.body)
	}
	res := decode[[]saveResult](t, f.call(t, "PATCH", v+"/composite/sobjects/Product2/External_ID__c",
		`{"records":[{"attributes":{"type":"Product2"},"External_ID__c":"SKU-1","Name":"tres"}]}`))
	if res[0].Success || res[0].Errors[0].StatusCode != "DUPLICATE_EXTERNAL_ID" {
		t.Errorf("collection upsert on two matches: %+v", res)
	}
}

func TestDocumentedSessionError(t *testing.T) {
	f := start(t, 0)
	f.e.ExpireTokens()
	expect(t, f.call(t, "GET", v+"/limits", ""), 401, `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`)
}

func TestDocumentedRequestLimit(t *testing.T) {
	f := start(t, 0, func(o *Options) { o.DailyLimit = 5000 })
	f.e.SetUsage(24)
	a := f.call(t, "GET", v+"/limits", "")
	if got := a.header.Get("Sforce-Limit-Info"); got != "api-usage=25/5000" {
		t.Errorf("Sforce-Limit-Info %q", got)
	}
	expect(t, a, 200, `{"DailyApiRequests":{"Max":5000,"Remaining":4975},"DailyBulkApiBatches":{"Max":15000,"Remaining":15000},`+
		`"DailyBulkV2QueryJobs":{"Max":10000,"Remaining":10000}}`)
	f.e.SetUsage(5000)
	expect(t, f.call(t, "GET", v+"/limits", ""), 403, `[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]`)
	f.clock.add(24*time.Hour + time.Minute) // the rolling window moves on
	f.login(t)
	expect(t, f.call(t, "GET", v+"/limits", ""), 200, "")
}
