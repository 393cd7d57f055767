package catalog

import (
	"fmt"
	"strings"
	"time"
)

// Rep is a sales rep of the sandbox's CRMs with the portfolio the lead
// router matches: the product families and countries they cover and how
// many open leads they take.
type Rep struct {
	Name, Email string
	// Families are catalog product family codes (Families[].Code).
	Families []string
	// Regions are ISO 3166-1 alpha-2 country codes.
	Regions  []string
	Capacity int
}

// Reps returns the six sales reps every sandbox CRM holds, rep1..rep6 @
// sandbox.example. Every (family, lead country) pair is covered by at least
// one rep; rep6 covers only what others cover too, except furniture in NL.
func Reps() []Rep {
	return []Rep{
		{Name: "Rita Sommer", Email: "rep1@sandbox.example", Families: []string{"shirts", "shoes"}, Regions: []string{"DE", "AT", "CH"}, Capacity: 40},
		{Name: "Paul Brandt", Email: "rep2@sandbox.example", Families: []string{"electronics", "kitchen"}, Regions: []string{"DE", "AT", "CH"}, Capacity: 40},
		{Name: "Chloé Martin", Email: "rep3@sandbox.example", Families: []string{"furniture"}, Regions: []string{"DE", "AT", "CH", "FR", "BE"}, Capacity: 30},
		{Name: "Daan Visser", Email: "rep4@sandbox.example", Families: []string{"shirts", "shoes", "electronics", "kitchen"}, Regions: []string{"FR", "BE", "NL"}, Capacity: 35},
		{Name: "Grace Walsh", Email: "rep5@sandbox.example", Families: []string{"shirts", "shoes", "electronics", "furniture", "kitchen"}, Regions: []string{"GB", "IE", "US"}, Capacity: 50},
		{Name: "Ole Hansen", Email: "rep6@sandbox.example", Families: []string{"furniture", "electronics"}, Regions: []string{"NL", "GB"}, Capacity: 20},
	}
}

// RepFor is the routing rule of the ground truth: the first rep (lowest
// number) whose families hold family and whose regions hold country; "" when
// none does.
func RepFor(family, country string) string {
	for _, r := range Reps() {
		if has(r.Families, family) && has(r.Regions, country) {
			return r.Email
		}
	}
	return ""
}

// AccountOwner is the e-mail of the rep owning account i (0-based): the reps
// take the accounts in turn, rep1 the first.
func AccountOwner(i int) string {
	reps := Reps()
	return reps[((i%len(reps))+len(reps))%len(reps)].Email
}

func has(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Escalation reasons of a lead's ground truth.
const (
	EscalateSpam             = "spam"
	EscalateNoProduct        = "no_product"
	EscalateAmbiguousAccount = "ambiguous_account"
	EscalateAmbiguousProduct = "ambiguous_product"
)

// Lead is one inbound lead (a web-form inquiry) with its ground truth.
type Lead struct {
	ID                                          int
	Created                                     time.Time
	Email, FirstName, LastName, Company, Domain string
	// Country is the ISO 3166-1 alpha-2 code.
	Country, Phone string
	// Message is the free-text inquiry.
	Message string
	// Interest is the form's product field: a product name or SKU, or "".
	Interest string
	Truth    LeadTruth
}

// LeadTruth is what a correct router decides for a lead.
type LeadTruth struct {
	// SKUs are the products the lead means (none for spam and no-product leads).
	SKUs []string
	// Account is the catalog account Number the lead belongs to, "" when new.
	Account string
	// Rep is the e-mail of the rep the lead goes to, "" when it escalates.
	Rep string
	// Escalate is "" or one of the Escalate* reasons.
	Escalate string
}

// leadKinds is the repeating pattern of lead kinds: of 20 leads 11 are
// clear, 3 belong to an existing account, 1 names two products, 1 a
// company two accounts could be, 2 are spam and 2 mention no product.
var leadKinds = []leadKind{kindClear, kindAccount, kindClear, kindSpam, kindClear, kindNone, kindClear,
	kindAmbProduct, kindClear, kindAccount, kindClear, kindSpam, kindClear, kindAmbAccount, kindClear,
	kindNone, kindClear, kindAccount, kindClear, kindClear}

type leadKind int

const (
	kindClear leadKind = iota
	kindAccount
	kindAmbProduct
	kindAmbAccount
	kindSpam
	kindNone
)

// LeadCount is how many leads the catalog's stream holds: one per 60
// products, at least 60.
func (c *Catalog) LeadCount() int { return max(60, c.N/60) }

// Leads returns the catalog's lead stream, oldest first: deterministic,
// created over the hours before Base, three minutes apart on average.
func (c *Catalog) Leads() []Lead {
	n := c.LeadCount()
	g := &leadGen{c: c, emails: map[string]bool{}}
	leads := make([]Lead, n)
	for k := range n {
		leads[k] = g.lead(k, n)
	}
	g.settleParaphrases(leads)
	return leads
}

// leadGen builds the leads of one stream.
type leadGen struct {
	c      *Catalog
	emails map[string]bool
	// para are the leads that name their product by a paraphrase, checked
	// for uniqueness once the stream is built.
	para []int
}

// lead builds lead k of n.
func (g *leadGen) lead(k, n int) Lead {
	c := g.c
	l := Lead{ID: k, Created: c.Base.Add(-time.Duration((n-k)*3)*time.Minute + time.Duration(c.mix(k, 201)%120)*time.Second)}
	l.FirstName = firstNames[c.mix(k, 202)%uint64(len(firstNames))]
	l.LastName = lastNames[c.mix(k, 203)%uint64(len(lastNames))]
	switch kind := leadKinds[(k+int(c.Seed%20))%len(leadKinds)]; kind {
	case kindAccount, kindAmbAccount:
		g.accountLead(&l, kind)
	default:
		g.newCompany(&l)
		g.productLead(&l, kind)
	}
	l.Email = g.email(l.FirstName, l.LastName, l.Domain, k)
	l.Phone = phoneOf(l.Country, c.mix(k, 204))
	return l
}

// newCompany gives a lead a company that is no account of the catalog.
func (g *leadGen) newCompany(l *Lead) {
	c := g.c
	stem := leadStems[c.mix(l.ID, 205)%uint64(len(leadStems))]
	l.Company = fmt.Sprintf("%s %s", stem, leadTrades[c.mix(l.ID, 206)%uint64(len(leadTrades))])
	l.Domain = strings.ToLower(strings.ReplaceAll(l.Company, " ", "-")) + fmt.Sprintf("-%d.example", l.ID+1)
	l.Country = leadCountries[c.mix(l.ID, 207)%uint64(len(leadCountries))]
}

// accountLead makes a lead of an existing account, or (ambiguous) of a
// company two accounts could be.
func (g *leadGen) accountLead(l *Lead, kind leadKind) {
	c := g.c
	j := int(c.mix(l.ID, 208) % uint64(c.Accounts()))
	a := c.Account(j)
	l.Company, l.Domain, l.Country = a.Name, a.Domain, a.Country
	p := g.product(l.ID, 0)
	l.Truth.SKUs = []string{p.SKU}
	g.mention(l, p, l.ID%3)
	if kind == kindAccount {
		l.Truth.Account, l.Truth.Rep = a.Number, AccountOwner(j)
		return
	}
	stem, _, _ := strings.Cut(a.Name, " ")
	if g.accountsWithStem(stem) < 2 {
		l.Truth.Account, l.Truth.Rep = a.Number, AccountOwner(j)
		return
	}
	l.Company, l.Domain = stem, "mailbox.example"
	l.Truth.Escalate = EscalateAmbiguousAccount
}

// accountsWithStem counts the accounts whose name starts with stem.
func (g *leadGen) accountsWithStem(stem string) int {
	n := 0
	for j := range g.c.Accounts() {
		if strings.HasPrefix(g.c.Account(j).Name, stem+" ") {
			n++
		}
	}
	return n
}

// productLead fills message, interest and truth of a lead of a new company.
func (g *leadGen) productLead(l *Lead, kind leadKind) {
	c := g.c
	switch kind {
	case kindSpam:
		l.Message = spamTexts[c.mix(l.ID, 209)%uint64(len(spamTexts))]
		l.Truth.Escalate = EscalateSpam
	case kindNone:
		l.Message = noProductTexts[c.mix(l.ID, 210)%uint64(len(noProductTexts))]
		l.Truth.Escalate = EscalateNoProduct
	case kindAmbProduct:
		a, b := g.product(l.ID, 0), g.otherFamily(l.ID)
		l.Message = fmt.Sprintf("We are deciding between %s and the %s for our stores. Which one would you recommend? Please send prices for both.", a.SKU, b.Name)
		l.Truth.SKUs, l.Truth.Escalate = []string{a.SKU, b.SKU}, EscalateAmbiguousProduct
	default:
		p := g.product(l.ID, 0)
		l.Truth.SKUs = []string{p.SKU}
		g.mention(l, p, l.ID%3)
		l.Truth.Rep = RepFor(p.Family, l.Country)
		if c.mix(l.ID, 211)%6 == 0 {
			l.Message += " " + injections[c.mix(l.ID, 212)%uint64(len(injections))]
		}
	}
}

// product picks a clean catalog product for lead k (salt tells two picks
// of one lead apart).
func (g *leadGen) product(k int, salt uint64) Product {
	c := g.c
	i := int(c.mix(k, 213+salt) % uint64(c.N))
	for step := 0; step < c.N && c.Defect((i+step)%c.N) != Clean; step++ {
		i = (i + 1) % c.N
	}
	return c.leadProduct(i % c.N)
}

// leadProduct is product i as leads know it: PIM(i) for the headline
// profile; for the realistic one the family and English name its PIM holds
// (no name for a variant, whose name its model's siblings share, and no
// weight: such products are mentioned by SKU).
func (c *Catalog) leadProduct(i int) Product {
	p := c.PIM(i)
	if c.real == nil {
		return p
	}
	p.Family, p.Name, p.Weight = c.groupFamily(i/groupSize).Code, "", ""
	if c.ModelOf(i) != "" {
		return p
	}
	for _, v := range c.Effective(i) {
		if v.Attribute == "name" && v.Locale == "en_US" {
			p.Name = v.Text
		}
	}
	return p
}

// otherFamily picks a product of another family than product(k, 0), so the
// two candidates would go to different portfolios.
func (g *leadGen) otherFamily(k int) Product {
	first := g.product(k, 0)
	for salt := uint64(1); salt < 50; salt++ {
		if p := g.product(k, salt); p.Family != first.Family {
			return p
		}
	}
	return g.product(k, 1)
}

// email is a unique address at domain.
func (g *leadGen) email(first, last, domain string, k int) string {
	local := strings.ToLower(strings.ReplaceAll(first+"."+last, " ", ""))
	e := local + "@" + domain
	if g.emails[e] {
		e = fmt.Sprintf("%s%d@%s", local, k+1, domain)
	}
	g.emails[e] = true
	return e
}
