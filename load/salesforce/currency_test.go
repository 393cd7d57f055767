package salesforce_test

import (
	"fmt"
	"strings"
	"testing"

	emulator "github.com/stewardhq/steward/internal/sandbox/salesforce"
	"github.com/stewardhq/steward/load"
)

// TestEmulatorMultiCurrency: with multi_currency the price book entry is
// written with CurrencyIsoCode (the configured currency) beside a person's
// entry of the product in another currency, which is neither adopted nor
// changed; a rerun writes nothing and a price change sends no currency
// (create-only). Against a single-currency org the setting fails clearly.
func TestEmulatorMultiCurrency(t *testing.T) {
	e := emulator.New(emulator.Options{ClientID: "cid", ClientSecret: "secret", MultiCurrency: true})
	pid, err := e.Put("Product2", map[string]any{"Name": "Pump", "External_ID__c": "SKU-1"})
	if err != nil {
		t.Fatal(err)
	}
	eurID, err := e.Put("PricebookEntry", map[string]any{"Product2Id": pid, "Pricebook2Id": emulator.StandardPricebookID(), "UnitPrice": "9.00"})
	if err != nil {
		t.Fatal(err)
	}
	l := onEmulator(t, e, "products", "{multi_currency: true, currency: USD}")
	items := []load.Item{productItem(1, "SKU-1", "Pump", "1234.50")}
	if out, err := l.Write(t.Context(), items); err != nil || out[0].Status != load.Written {
		t.Fatalf("%q %v", statuses(out), err)
	}
	usd := find(e, "PricebookEntry", "External_ID__c", "SKU-1-USD")
	if usd == nil || usd["CurrencyIsoCode"] != "USD" || fmt.Sprint(usd["UnitPrice"]) != "1.00" || usd["Product2Id"] != pid {
		t.Fatalf("USD entry %v", usd)
	}
	if eur, _ := e.Record("PricebookEntry", eurID); eur["External_ID__c"] != nil || fmt.Sprint(eur["UnitPrice"]) != "9.00" || eur["CurrencyIsoCode"] != "EUR" {
		t.Fatalf("the person's EUR entry was touched: %v", eur)
	}
	if out, err := l.Write(t.Context(), items); err != nil || out[0].Status != load.Unchanged {
		t.Fatalf("rerun %q %v", statuses(out), err)
	}
	items[0].Fields["price"] = []byte(strings.Replace(string(items[0].Fields["price"]), `"amount":"1.00","currency":"USD"`, `"amount":"2.00","currency":"USD"`, 1))
	if out, err := l.Write(t.Context(), items); err != nil || out[0].Status != load.Written {
		t.Fatalf("price change %q %v", statuses(out), err)
	}
	if usd = find(e, "PricebookEntry", "External_ID__c", "SKU-1-USD"); fmt.Sprint(usd["UnitPrice"]) != "2.00" {
		t.Fatalf("price after change %v", usd)
	}
	single := onEmulator(t, newOrg(), "products", "{multi_currency: true, currency: USD}")
	if _, err := single.Write(t.Context(), items); err == nil || !strings.Contains(err.Error(), "CurrencyIsoCode") {
		t.Fatalf("multi_currency against a single-currency org: %v; want the org's refusal naming CurrencyIsoCode", err)
	}
}
