package dataverse

import (
	"fmt"
	"strconv"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// Reps is how many sales reps the sandbox seeds (rep1..rep6@sandbox.example).
const Reps = 6

// seedLeads is how many leads the seed holds.
const seedLeads = 5

// RepID returns the systemuserid of sales rep n (1-based).
func RepID(n int) string { return guid("systemuser-" + strconv.Itoa(n)) }

// AccountID returns the accountid of catalog account i; ContactID the
// contactid of its contact; LeadID the leadid of seed lead i.
func AccountID(i int) string { return guid("account-" + strconv.Itoa(i)) }
func ContactID(i int) string { return guid("contact-" + strconv.Itoa(i)) }
func LeadID(i int) string    { return guid("lead-" + strconv.Itoa(i)) }

// seed plants the reps and, with a catalog, its accounts (one contact each)
// and a handful of leads; products start empty (steward loads them). Every
// row is stamped cat.Base (or the clock without a catalog).
func (e *Emulator) seed(cat *catalog.Catalog) {
	at := e.clock()
	if cat != nil {
		at = cat.Base.UTC().Truncate(time.Second)
	}
	for n := 1; n <= Reps; n++ {
		e.st.put("systemusers", RepID(n), map[string]any{"fullname": fmt.Sprintf("Sales Rep %d", n),
			"firstname": "Sales", "lastname": fmt.Sprintf("Rep %d", n),
			"internalemailaddress": fmt.Sprintf("rep%d@sandbox.example", n)}, at)
	}
	if cat == nil {
		return
	}
	for i := range cat.Accounts() {
		a := cat.Account(i)
		owner := RepID(1 + i%Reps)
		e.st.put("accounts", AccountID(i), map[string]any{"accountnumber": a.Number, "name": a.Name,
			"stw_vatid": a.VATID, "address1_line1": a.Street, "address1_postalcode": a.PostalCode,
			"address1_city": a.City, "address1_country": a.Country, "telephone1": a.Phone, "emailaddress1": a.Email,
			"websiteurl": "https://" + a.Domain, "_ownerid_value": owner}, at)
		e.st.put("contacts", ContactID(i), map[string]any{"firstname": a.ContactFirst, "lastname": a.ContactLast,
			"fullname": a.ContactFirst + " " + a.ContactLast, "emailaddress1": a.Email, "telephone1": a.Phone,
			"_parentcustomerid_value": AccountID(i), "_ownerid_value": owner}, at)
	}
	for i := range min(seedLeads, cat.Accounts()) {
		a := cat.Account(i)
		e.st.put("leads", LeadID(i), map[string]any{"emailaddress1": "lead." + a.Email, "firstname": a.ContactFirst,
			"lastname": a.ContactLast, "telephone1": a.Phone, "companyname": a.Name, "websiteurl": "https://" + a.Domain,
			"address1_country": a.Country, "description": "Please send a quote for " + cat.PIM(i%cat.N).Name + ".",
			"stw_productinterest": cat.SKU(i % cat.N), "_ownerid_value": RepID(1)}, at)
	}
}
