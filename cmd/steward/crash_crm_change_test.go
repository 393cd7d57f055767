package main

import (
	"fmt"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// crmNewAccounts is how many accounts each source gains between the runs.
const crmNewAccounts = 3

// changed, deleted and conflicted say which catalog accounts change
// between the runs: every seventh moves its street in the source, every
// 23rd of the others is deleted there, and every 49th moves its street in
// the target too (a conflict: it escalates, nothing is written for it).
// Changes leave out the accounts Salesforce's seed keeps without an
// external id (every tenth): steward quarantines a write to such a twin
// (it would not reach it), and more than 1 % quarantined fails a run.
func changed(i int) bool    { return i%7 == 3 && i%10 != 9 }
func deleted(i int) bool    { return !changed(i) && i%23 == 5 }
func conflicted(i int) bool { return changed(i) && i%49 == 3 }

// changeBoth makes the changes between the runs in c's source and target.
func changeBoth(t *testing.T, c crmCrash, env *crashEnv) {
	t.Helper()
	for i := range env.cat.Accounts() {
		switch {
		case changed(i):
			c.source.edit(t, env.source, env.cat, i, fmt.Sprintf("Neue Straße %d", 1+i%90))
		case deleted(i):
			c.source.remove(t, env.source, env.cat, i)
		}
		if conflicted(i) {
			c.target.edit(t, env.target, env.cat, i, fmt.Sprintf("Konfliktweg %d", 1+i%90))
		}
	}
	for k := range crmNewAccounts {
		c.source.add(t, env.source, env.cat, k)
	}
}

// newAccount is the k-th account a source gains between the runs: a
// customer no other system knows yet.
func newAccount(k int) catalog.Account {
	return catalog.Account{Number: fmt.Sprintf("C-9%05d", k+1), Name: fmt.Sprintf("Neukunde %d GmbH", k+1), VATID: fmt.Sprintf("DE9%08d", k+1),
		Street: fmt.Sprintf("Neue Straße %d", k+1), PostalCode: fmt.Sprintf("%05d", 10100+k), City: "Berlin", Country: "DE"}
}
