package hubspot

import (
	"strconv"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// Sandbox returns the sandbox's portal over cat: SandboxToken as a private
// app token, the sandbox OAuth app, the six reps as owners, a company per
// catalog account (owned by catalog.AccountOwner) and a contact per lead of
// the catalog's stream (owner empty). Products start empty: steward's
// products job writes the PIM's catalog there (and a million seeded
// products would cost the sandbox hundreds of megabytes). Deterministic.
func Sandbox(cat *catalog.Catalog) *Emulator {
	e := New(Options{Tokens: []string{SandboxToken}, ClientID: SandboxClientID, ClientSecret: SandboxClientSecret,
		RefreshTokens: []string{SandboxRefreshToken}, Owners: RepOwners()})
	e.base = cat.Base
	e.seedCompanies(cat)
	e.seedContacts(cat)
	return e
}

// RepOwners are the catalog's reps as HubSpot owners, ids 70000001 up.
func RepOwners() []Owner {
	var out []Owner
	for k, r := range catalog.Reps() {
		first, last, _ := strings.Cut(r.Name, " ")
		out = append(out, Owner{ID: strconv.Itoa(70000001 + k), Email: r.Email, FirstName: first, LastName: last, UserID: 9100001 + k})
	}
	return out
}

// OwnerID returns the id of the owner with email ("" when there is none).
func (e *Emulator) OwnerID(email string) string {
	for _, o := range e.opt.Owners {
		if o.Email == email {
			return o.ID
		}
	}
	return ""
}

// seed stores a record without the API, with its times.
func (e *Emulator) seed(typ string, props map[string]string, created, updated time.Time) {
	t := e.tables[typ]
	p := make(map[string]*string, len(props))
	for k, v := range props {
		p[k] = &v
	}
	r := t.create(p, created.UTC().Truncate(time.Millisecond))
	r.Updated = updated.UTC().Truncate(time.Millisecond)
}

func (e *Emulator) seedCompanies(cat *catalog.Catalog) {
	for i := range cat.Accounts() {
		a := cat.Account(i)
		at := cat.Base.Add(-90*24*time.Hour + time.Duration(i)*time.Minute)
		e.seed("companies", map[string]string{"name": a.Name, "domain": a.Domain, "steward_external_id": a.Number,
			"vat_id": a.VATID, "address": a.Street, "zip": a.PostalCode, "city": a.City, "country": a.Country,
			"phone": a.Phone, "hubspot_owner_id": e.OwnerID(catalog.AccountOwner(i))}, at, at)
	}
}

func (e *Emulator) seedContacts(cat *catalog.Catalog) {
	for _, l := range cat.Leads() {
		props := map[string]string{"email": l.Email, "firstname": l.FirstName, "lastname": l.LastName, "phone": l.Phone,
			"company": l.Company, "website": l.Domain, "country": l.Country, "message": l.Message}
		if l.Interest != "" {
			props["product_interest"] = l.Interest
		}
		e.seed("contacts", props, l.Created, l.Created)
	}
}
