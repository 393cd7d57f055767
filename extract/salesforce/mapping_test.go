package salesforce_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

func configFor(base, dataType, entity string) string {
	c := fakeConfig(base, 10)
	c = strings.Replace(c, "data_type: customers", "data_type: "+dataType, 1)
	return strings.Replace(c, "entity: Account", "entity: "+entity, 1)
}

// TestLeadPayload maps a Lead to the canonical lead.
func TestLeadPayload(t *testing.T) {
	f := sftest.New()
	f.Put("Lead", sftest.Rec{"Id": "00Q000000000000001", "Email": "jo@acme.example", "FirstName": "Jo", "LastName": "Doe", "Phone": nil,
		"Company": "Acme", "Website": "acme.example", "Country": "DE", "Description": "Need 20 pumps SKU-1", "Product_Interest__c": "pumps",
		"OwnerId": "005000000000001", "CreatedDate": "2025-03-01T07:00:00.000+0000", "SystemModstamp": sftest.Stamp(epoch)})
	s := serve(t, f)
	ps, err := pages(t.Context(), build(t, configFor(s.srv.URL, "leads", "Lead"), env), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	var l transform.Lead
	if err := json.Unmarshal(ps[0].Records[0].Payload, &l); err != nil {
		t.Fatal(err)
	}
	if l.ID != "00Q000000000000001" || l.Email != "jo@acme.example" || l.Domain != "acme.example" || l.Message != "Need 20 pumps SKU-1" ||
		l.Interest != "pumps" || l.Phone != "" || !l.Changed.Equal(epoch) {
		t.Fatalf("lead %+v", l)
	}
}

// TestProductPayload maps Product2 to a canonical product (SKU from
// External_ID__c, name and description in en_US).
func TestProductPayload(t *testing.T) {
	f := sftest.New()
	f.Put("Product2", sftest.Rec{"Id": "01t000000000000001", "External_ID__c": "SKU-1", "ProductCode": "SKU-1", "Name": "Pump",
		"Description": "A pump", "IsActive": true, "Family": "pumps", "SystemModstamp": sftest.Stamp(epoch)})
	s := serve(t, f)
	ps, err := pages(t.Context(), build(t, configFor(s.srv.URL, "products", "Product2"), env), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	var p transform.Product
	if err := json.Unmarshal(ps[0].Records[0].Payload, &p); err != nil {
		t.Fatal(err)
	}
	name, _ := p.Get("name", "en_US", "")
	if p.ID != "01t000000000000001" || p.Identifier != "SKU-1" || !p.Enabled || p.Family != "pumps" || name.Text != "Pump" || len(p.Values) != 2 {
		t.Fatalf("product %+v", p)
	}
}

// TestBadRecordQuarantined: a record whose field has the wrong type is
// quarantined with its key and reason; the others pass.
func TestBadRecordQuarantined(t *testing.T) {
	f := fakeWith(3)
	f.Objects["Account"]["001A00000000001"]["Name"] = map[string]any{"nested": true}
	s := serve(t, f)
	ps, err := pages(t.Context(), build(t, fakeConfig(s.srv.URL, 10), env), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys(ps)) != 2 || len(ps[0].Quarantined) != 1 || ps[0].Quarantined[0].Key != "001A00000000001" || !strings.Contains(ps[0].Quarantined[0].Reason, "field Name") {
		t.Fatalf("records %v, quarantined %+v", keys(ps), ps[0].Quarantined)
	}
}
