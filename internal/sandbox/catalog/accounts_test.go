package catalog

import "testing"

// Accounts are deterministic per seed, distinct, and complete.
func TestAccountsAreDeterministicAndDistinct(t *testing.T) {
	a, b := New(1000, 7), New(1000, 7)
	seen := map[string]bool{}
	for i := range a.Accounts() {
		x := a.Account(i)
		if x != b.Account(i) {
			t.Fatalf("account %d differs between two catalogs of one seed", i)
		}
		if x.Name == "" || x.VATID == "" || x.Street == "" || x.PostalCode == "" || x.Email == "" || seen[x.Number] || seen[x.VATID] {
			t.Fatalf("account %d: %+v incomplete or repeated", i, x)
		}
		seen[x.Number], seen[x.VATID] = true, true
	}
	if New(1000, 8).Account(3) == a.Account(3) {
		t.Fatal("another seed gave the same account")
	}
}
