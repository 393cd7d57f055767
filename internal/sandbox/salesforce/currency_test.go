package salesforce

import (
	"strings"
	"testing"
)

// TestCurrencyIsoCode: a single-currency org has no CurrencyIsoCode: a price
// book entry naming it is INVALID_FIELD and a query naming it fails; a
// multi-currency org takes it on create (the corporate currency when left
// out; one entry per product, book and currency), reads it back and refuses
// to change it afterwards.
func TestCurrencyIsoCode(t *testing.T) {
	entry := func(pid string) string {
		return `{"records":[{"attributes":{"type":"PricebookEntry"},"Product2Id":"` + pid + `","Pricebook2Id":"` +
			StandardPricebookID() + `","UnitPrice":12.5,"CurrencyIsoCode":"USD"}]}`
	}
	single := start(t, 0)
	pid, _ := single.e.Put("Product2", map[string]any{"Name": "p"})
	res := decode[[]saveResult](t, single.call(t, "POST", v+"/composite/sobjects", entry(pid)))
	if res[0].Success || res[0].Errors[0].StatusCode != "INVALID_FIELD" {
		t.Fatalf("single-currency org took CurrencyIsoCode: %+v", res)
	}
	if a := single.query(t, "SELECT CurrencyIsoCode FROM PricebookEntry"); a.status != 400 || errorCode(t, a) != "INVALID_FIELD" {
		t.Fatalf("single-currency query: %d %s", a.status, a.body)
	}
	multi := start(t, 0, func(o *Options) { o.MultiCurrency = true })
	pid, _ = multi.e.Put("Product2", map[string]any{"Name": "p"})
	res = decode[[]saveResult](t, multi.call(t, "POST", v+"/composite/sobjects", entry(pid)))
	if !res[0].Success {
		t.Fatalf("multi-currency org refused CurrencyIsoCode: %+v", res)
	}
	if rec, _ := multi.e.Record("PricebookEntry", res[0].ID); rec["CurrencyIsoCode"] != "USD" {
		t.Fatalf("stored %v", rec)
	}
	if a := multi.query(t, "SELECT CurrencyIsoCode FROM PricebookEntry"); a.status != 200 || !strings.Contains(string(a.body), `"CurrencyIsoCode":"USD"`) {
		t.Fatalf("multi-currency query: %d %s", a.status, a.body)
	}
	plain := `{"records":[{"attributes":{"type":"PricebookEntry"},"Product2Id":"` + pid + `","Pricebook2Id":"` + StandardPricebookID() + `","UnitPrice":11}]}`
	eur := decode[[]saveResult](t, multi.call(t, "POST", v+"/composite/sobjects", plain))
	if rec, _ := multi.e.Record("PricebookEntry", eur[0].ID); !eur[0].Success || rec["CurrencyIsoCode"] != CorporateCurrency {
		t.Fatalf("an entry in the corporate currency beside the USD one: %+v %v", eur, rec)
	}
	if dup := decode[[]saveResult](t, multi.call(t, "POST", v+"/composite/sobjects", entry(pid))); dup[0].Success || dup[0].Errors[0].StatusCode != "DUPLICATE_VALUE" {
		t.Fatalf("a second USD entry: %+v", dup)
	}
	upd := `{"records":[{"attributes":{"type":"PricebookEntry"},"Id":"` + res[0].ID + `","CurrencyIsoCode":"EUR"}]}`
	res = decode[[]saveResult](t, multi.call(t, "PATCH", v+"/composite/sobjects", upd))
	if res[0].Success || res[0].Errors[0].StatusCode != "INVALID_FIELD_FOR_INSERT_UPDATE" {
		t.Fatalf("currency changed on update: %+v", res)
	}
}
