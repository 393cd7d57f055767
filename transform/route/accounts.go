package route

import (
	"net/url"
	"slices"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// Account is one customer account of the CRM as the router looks leads up in.
type Account struct {
	// Key is the account's id in its system.
	Key string `json:"key"`
	// Entity is the account's canonical id in the crosswalk ("" when not
	// crosswalked): two records of one entity are one account.
	Entity string `json:"entity,omitempty"`
	Name   string `json:"name"`
	Domain string `json:"domain,omitempty"`
	// Owner is the account's owner as the CRM holds it.
	Owner string `json:"owner,omitempty"`
}

// legalForms are company-name suffixes that do not tell companies apart.
var legalForms = set("gmbh", "ag", "ltd", "limited", "sarl", "sa", "sas", "b", "v", "bv", "nv", "inc", "llc", "plc", "kg", "co", "corp", "srl", "spa", "ab", "oy", "as", "aps")

// DefaultFreeMail are e-mail domains that say nothing about a company.
var DefaultFreeMail = []string{"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com",
	"me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "t-online.de", "proton.me", "protonmail.com", "mail.com", "orange.fr", "free.fr"}

// Accounts indexes accounts by domain and by company name.
type Accounts struct {
	all      []Account
	byDomain map[string][]int
	freeMail map[string]bool
}

// NewAccounts indexes the accounts; freeMail overrides DefaultFreeMail when
// not empty.
func NewAccounts(as []Account, freeMail []string) *Accounts {
	if len(freeMail) == 0 {
		freeMail = DefaultFreeMail
	}
	x := &Accounts{all: as, byDomain: map[string][]int{}, freeMail: set(freeMail...)}
	for i, a := range as {
		if d := Domain(a.Domain); d != "" {
			x.byDomain[d] = append(x.byDomain[d], i)
		}
	}
	return x
}

// FromCustomer is the account of a staged customer.
func FromCustomer(key, entity string, c *transform.Customer) Account {
	return Account{Key: key, Entity: entity, Name: c.Name, Domain: c.Domain, Owner: c.Owner}
}

// Domain reduces a web address or domain to its lower-case host without
// "www." ("" when there is none).
func Domain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if strings.Contains(s, "://") {
		if u, err := url.Parse(s); err == nil {
			s = u.Hostname()
		}
	}
	s, _, _ = strings.Cut(s, "/")
	return strings.TrimPrefix(s, "www.")
}

// leadDomain is the company domain a lead gives: its website, else its
// e-mail's domain unless that is a free-mail provider.
func (x *Accounts) leadDomain(l *transform.Lead) string {
	if d := Domain(l.Domain); d != "" && !x.freeMail[d] {
		return d
	}
	_, d, ok := strings.Cut(l.Email, "@")
	if d = Domain(d); ok && d != "" && !x.freeMail[d] {
		return d
	}
	return ""
}

// match returns the distinct accounts the lead's domain names, or, when it
// names none, those its company name could be (the same name, or a name
// starting with it, legal forms aside), and how they were found.
func (x *Accounts) match(l *transform.Lead) ([]Account, string) {
	if d := x.leadDomain(l); d != "" {
		if ids := x.byDomain[d]; len(ids) > 0 {
			return x.distinct(ids), "domain " + d
		}
	}
	name := nameWords(l.Company)
	if len(name) == 0 {
		return nil, ""
	}
	var ids []int
	for i, a := range x.all {
		if aw := nameWords(a.Name); len(aw) >= len(name) && slices.Equal(aw[:len(name)], name) {
			ids = append(ids, i)
		}
	}
	return x.distinct(ids), "company name " + strings.Join(name, " ")
}

// distinct returns the accounts of ids, one per crosswalk entity.
func (x *Accounts) distinct(ids []int) []Account {
	var out []Account
	seen := map[string]bool{}
	for _, i := range ids {
		a := x.all[i]
		id := a.Entity
		if id == "" {
			id = "key:" + a.Key
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, a)
		}
	}
	return out
}

// nameWords are a company name's normalized words without legal forms.
func nameWords(name string) []string {
	var out []string
	for _, w := range strings.Fields(transform.NormalizeName(name)) {
		if !legalForms[w] {
			out = append(out, w)
		}
	}
	return out
}
