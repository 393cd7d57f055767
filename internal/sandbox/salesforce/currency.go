package salesforce

// CorporateCurrency is a multi-currency org's corporate currency: a price
// book entry created without CurrencyIsoCode is in it.
const CorporateCurrency = "EUR"

// currencyField is CurrencyIsoCode as a multi-currency org has it on a price
// book entry: set on create (the corporate currency when left out), never
// changed afterwards. A single-currency org has no such field: a write or
// query naming it fails INVALID_FIELD.
var currencyField = field{Name: "CurrencyIsoCode", Kind: kString, CreateOnly: true, Default: CorporateCurrency}

// currencyObjects are the objects that carry CurrencyIsoCode in a
// multi-currency org (the emulator models the price book entry's).
var currencyObjects = []string{"PricebookEntry"}

// multiCurrency is the schema of a multi-currency org: objects with
// CurrencyIsoCode added to those of currencyObjects.
var multiCurrency = withCurrency(objects)

// withCurrency copies s, adding currencyField to currencyObjects.
func withCurrency(s schema) schema {
	out := schema{}
	for name, o := range s {
		c := *o
		c.Fields = append([]field{}, o.Fields...)
		for _, n := range currencyObjects {
			if n == name {
				c.Fields = append(c.Fields, currencyField)
			}
		}
		out[name] = &c
	}
	return out
}

// schemaFor returns the objects of a single- or multi-currency org.
func schemaFor(multi bool) schema {
	if multi {
		return multiCurrency
	}
	return objects
}
