package salesforce

import (
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// FuzzParseSOQL: no query makes the parser or the evaluator panic, and an
// accepted query runs.
func FuzzParseSOQL(f *testing.F) {
	for _, q := range []string{"SELECT Id FROM Account", "SELECT Id, Name FROM Lead WHERE (Email LIKE '%\\_x' OR Steward_Score__c > 1.5) AND NOT IsDeleted = false ORDER BY Name DESC NULLS LAST LIMIT 3",
		"SELECT Id FROM Account WHERE SystemModstamp > 2024-05-01T00:00:00.123+01:00", "SELECT Id FROM Account WHERE OwnerId IN ('0055g0000000001AAA', null)", "SELECT", "'", "SELECT Id FROM Account WHERE Name = 'a\\'"} {
		f.Add(q)
	}
	e := New(Options{Catalog: catalog.New(40, 1)})
	if _, err := e.Put("Lead", map[string]any{"LastName": "x", "Company": "y", "Steward_Score__c": 2}); err != nil {
		f.Fatal(err)
	}
	recs := append(e.tables["Lead"].sorted(), e.tables["Account"].sorted()...)
	f.Fuzz(func(t *testing.T, q string) {
		s, err := parseSOQL(q, objects)
		if err != nil {
			_ = err.message(q)
			return
		}
		s.run(recs, true)
	})
}
