package salesforce

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentCalls runs queries and upserts side by side (for -race).
func TestConcurrentCalls(t *testing.T) {
	f := start(t, 40)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			body := fmt.Sprintf(`{"records":[{"attributes":{"type":"Product2"},"External_ID__c":"G%d","Name":"n"}]}`, g)
			f.call(t, "PATCH", v+"/composite/sobjects/Product2/External_ID__c", body)
			f.query(t, "SELECT Id, Name FROM Account ORDER BY Name")
		})
	}
	wg.Wait()
	if n := len(f.e.IDs("Product2")); n != 4 {
		t.Errorf("%d products", n)
	}
	if f.e.Requests() != 8 {
		t.Errorf("%d requests counted", f.e.Requests())
	}
}

func TestUnauthenticatedCallsAreNotCounted(t *testing.T) {
	f := start(t, 0)
	a := f.send(t, "GET", v+"/limits", "", func(*http.Request) {})
	if a.status != 401 || a.header.Get("Sforce-Limit-Info") != "api-usage=0/100000" || f.e.Requests() != 0 {
		t.Errorf("401 %s, %d counted", a.header.Get("Sforce-Limit-Info"), f.e.Requests())
	}
}
