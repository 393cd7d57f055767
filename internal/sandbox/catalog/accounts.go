package catalog

import (
	"fmt"
	"strings"
)

// Account is one customer account as every emulated system first holds it:
// the ERP's business partner, the CRMs' account or company. The same
// companies are seeded into each system so that the crosswalk can match them
// by external id, VAT id, or name and postal code.
type Account struct {
	// Number is the account's external id, shared by every system
	// ("C-000001").
	Number     string
	Name       string
	VATID      string
	Street     string
	PostalCode string
	City       string
	// Country is the ISO 3166-1 alpha-2 code.
	Country string
	// Domain is the company's web domain ("nordwind-12.example").
	Domain       string
	ContactFirst string
	ContactLast  string
	Email        string
	Phone        string
}

var (
	accountStems  = []string{"Nordwind", "Alpenglas", "Bergmann", "Rheinwerk", "Lumen", "Kestrel", "Havel", "Solvay", "Oakridge", "Tessin", "Brightline", "Marlow"}
	accountForms  = []string{"GmbH", "AG", "Ltd", "SARL", "B.V.", "Inc."}
	accountCities = []struct{ city, country, vat, street string }{
		{"Hamburg", "DE", "DE", "Hafenstraße"}, {"München", "DE", "DE", "Leopoldstraße"}, {"Zürich", "CH", "CHE", "Bahnhofstrasse"},
		{"Lyon", "FR", "FR", "Rue de la République"}, {"Rotterdam", "NL", "NL", "Coolsingel"}, {"Manchester", "GB", "GB", "Deansgate"},
	}
	firstNames = []string{"Anna", "Jonas", "Claire", "Pieter", "Sophie", "Lukas", "Emma", "Marco", "Ingrid", "Tom"}
	lastNames  = []string{"Keller", "Dubois", "de Vries", "Schmidt", "Rossi", "Berg", "Novak", "Hughes", "Lindqvist", "Meier"}
)

// Account returns account i (0-based) of the catalog's seed: deterministic,
// computed on demand.
func (c *Catalog) Account(i int) Account {
	stem := accountStems[c.mix(i, 101)%uint64(len(accountStems))]
	form := accountForms[c.mix(i, 102)%uint64(len(accountForms))]
	loc := accountCities[c.mix(i, 103)%uint64(len(accountCities))]
	first := firstNames[c.mix(i, 104)%uint64(len(firstNames))]
	last := lastNames[c.mix(i, 105)%uint64(len(lastNames))]
	domain := fmt.Sprintf("%s-%d.example", strings.ToLower(stem), i+1)
	return Account{
		Number:       fmt.Sprintf("C-%06d", i+1),
		Name:         fmt.Sprintf("%s %d %s", stem, i+1, form),
		VATID:        fmt.Sprintf("%s%09d", loc.vat, 100000000+uint64(i)*37+c.mix(i, 106)%37), // distinct per account
		Street:       fmt.Sprintf("%s %d", loc.street, 1+c.mix(i, 107)%180),
		PostalCode:   fmt.Sprintf("%05d", 10000+c.mix(i, 108)%89999),
		City:         loc.city,
		Country:      loc.country,
		Domain:       domain,
		ContactFirst: first,
		ContactLast:  last,
		Email:        strings.ToLower(strings.ReplaceAll(first+"."+last, " ", "")) + "@" + domain,
		Phone:        fmt.Sprintf("+49 40 %07d", c.mix(i, 109)%10000000),
	}
}

// Accounts is how many customer accounts the catalog's systems hold: one
// per 40 products, at least 25.
func (c *Catalog) Accounts() int { return max(25, c.N/40) }
