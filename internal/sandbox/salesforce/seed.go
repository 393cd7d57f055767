package salesforce

import (
	"fmt"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// Reps is how many sales reps (User rep1..rep6) every org holds.
const Reps = 6

// RepEmail returns the e-mail (and username) of sales rep n (1-based).
func RepEmail(n int) string { return fmt.Sprintf("rep%d@sandbox.example", n) }

// seedLeads is how many leads the catalog seed plants.
const seedLeads = 5

// seed plants the standard price book and the reps, then the catalog's
// accounts and a few leads. Times come from the catalog's base (5 January
// 2026 without a catalog); the caller is New.
func (e *Emulator) seed(cat *catalog.Catalog) {
	at := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	if cat != nil {
		at = cat.Base.UTC()
	}
	e.plant("Pricebook2", at, map[string]any{"Name": "Standard Price Book", "IsStandard": true, "IsActive": true})
	for n := 1; n <= Reps; n++ {
		e.plant("User", at, map[string]any{"Name": fmt.Sprintf("Sales Rep %d", n), "Username": RepEmail(n),
			"Email": RepEmail(n), "IsActive": true})
	}
	if cat == nil {
		return
	}
	for i := range cat.Accounts() {
		e.plant("Account", at.Add(time.Duration(i)*time.Minute), accountFields(cat.Account(i), i))
	}
	for i := range min(seedLeads, cat.Accounts()) {
		a := cat.Account(i)
		e.plant("Lead", at.Add(time.Duration(i)*time.Minute+30*time.Second), map[string]any{
			"FirstName": a.ContactFirst, "LastName": a.ContactLast, "Email": a.Email, "Phone": a.Phone,
			"Company": a.Name, "Website": a.Domain, "Country": a.Country, "OwnerId": nil,
			"Description": "Please send an offer for " + cat.SKU(i%max(cat.N, 1)), "Product_Interest__c": cat.SKU(i % max(cat.N, 1)),
		})
	}
}

// accountFields returns account i of the seed: 90 % carry the external id,
// every tenth is to be matched by VAT id or name and postal code.
func accountFields(a catalog.Account, i int) map[string]any {
	f := map[string]any{"Name": a.Name, "VAT_ID__c": a.VATID, "BillingStreet": a.Street,
		"BillingPostalCode": a.PostalCode, "BillingCity": a.City, "BillingCountry": a.Country, "Phone": a.Phone,
		"OwnerId": makeID(objects["User"].Prefix, 1+i%Reps)}
	if i%10 != 9 {
		f["External_ID__c"] = a.Number
	}
	return f
}

// plant stores a seed record created and modified at at.
func (e *Emulator) plant(obj string, at time.Time, fields map[string]any) {
	t := e.tables[obj]
	id := t.newID()
	for k, v := range fields {
		if v == nil {
			delete(fields, k)
		}
	}
	t.put(id, &record{Obj: obj, ID: id, Fields: fields, Created: at, Modified: at})
}

// StandardPricebookID is the id of the org's standard price book.
func StandardPricebookID() string { return makeID(objects["Pricebook2"].Prefix, 1) }

// RepID returns the User id of sales rep n (1-based).
func RepID(n int) string { return makeID(objects["User"].Prefix, n) }
