package salesforce

import (
	"strings"
	"testing"
)

func TestSOQLErrors(t *testing.T) {
	f := start(t, 40)
	for q, code := range map[string]string{
		"SELECT Foo FROM Account":        "INVALID_FIELD",
		"SELECT Owner.Name FROM Account": "INVALID_FIELD",
		"SELECT Id FROM Opportunity":     "INVALID_TYPE",
		"SELECT Id Account":              "MALFORMED_QUERY",
		"SELECT Id, Id FROM Account":     "MALFORMED_QUERY",
		"SELECT Id FROM Account WHERE Name = 'a' AND Phone = 'b' OR Name = 'c'": "MALFORMED_QUERY",
		"SELECT Id FROM Account WHERE SystemModstamp > '2024-05-01T00:00:00Z'":  "INVALID_FIELD",
		"SELECT Id FROM Account WHERE SystemModstamp > 2024-05-01":              "INVALID_FIELD",
		"SELECT Id FROM Account WHERE Name = 3":                                 "INVALID_FIELD",
		"SELECT Id FROM Account WHERE Name = 'unterminated":                     "MALFORMED_QUERY",
		"SELECT Id FROM Account WHERE Name = 'bad \\q escape'":                  "MALFORMED_QUERY",
		"SELECT Id FROM Account LIMIT x":                                        "MALFORMED_QUERY",
		"SELECT Id FROM Account OFFSET 5":                                       "MALFORMED_QUERY",
		"SELECT Id FROM Account WHERE OwnerId = 'nope'":                         "INVALID_QUERY_FILTER_OPERATOR",
		"SELECT Id FROM Account WHERE Name LIKE 3":                              "MALFORMED_QUERY",
		"SELECT Id FROM Lead WHERE Steward_Score__c LIKE '1%'":                  "INVALID_FIELD",
	} {
		a := f.query(t, q)
		if a.status != 400 || errorCode(t, a) != code {
			t.Errorf("%s: %d %s, want %s", q, a.status, a.body, code)
		}
	}
	if a := f.call(t, "GET", v+"/query", ""); a.status != 400 || errorCode(t, a) != "MALFORMED_QUERY" {
		t.Errorf("no q: %d", a.status)
	}
}

func TestSOQLErrorMessagePointsAtTheToken(t *testing.T) {
	f := start(t, 40)
	a := f.query(t, "SELECT Id, Foo FROM Account")
	want := "\nSELECT Id, Foo FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Account'."
	if msg := decode[[]apiError](t, a)[0].Message; !strings.HasPrefix(msg, want) {
		t.Errorf("message %q", msg)
	}
}

func count(t *testing.T, f *fixture, q string) int {
	t.Helper()
	a := f.query(t, q)
	expect(t, a, 200, "")
	return decode[page](t, a).TotalSize
}

func TestSOQLFilters(t *testing.T) {
	f := start(t, 0)
	put := func(fields map[string]any) string {
		id, err := f.e.Put("Lead", fields)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a := put(map[string]any{"LastName": "O'Brien", "Company": "Acme 50% AG", "Steward_Score__c": "87.5", "Email": "a@x.example"})
	put(map[string]any{"LastName": "keller", "Company": "Keller_GmbH", "Steward_Score__c": 12})
	put(map[string]any{"LastName": "Novak", "Company": "Nova"})
	for q, want := range map[string]int{
		`SELECT Id FROM Lead WHERE LastName = 'o\'brien'`:                                                 1,
		`SELECT Id FROM Lead WHERE Company LIKE '%50\% AG'`:                                               1,
		`SELECT Id FROM Lead WHERE Company LIKE 'Keller\_%'`:                                              1,
		`SELECT Id FROM Lead WHERE Company LIKE 'Keller\_'`:                                               0,
		`SELECT Id FROM Lead WHERE Steward_Score__c >= 12`:                                                2,
		`SELECT Id FROM Lead WHERE Steward_Score__c > 12.0`:                                               1,
		`SELECT Id FROM Lead WHERE Steward_Score__c = null`:                                               1,
		`SELECT Id FROM Lead WHERE Email != null`:                                                         1,
		`SELECT Id FROM Lead WHERE Email != 'a@x.example'`:                                                2,
		`SELECT Id FROM Lead WHERE LastName IN ('Novak', 'KELLER')`:                                       2,
		`SELECT Id FROM Lead WHERE LastName NOT IN ('Novak')`:                                             2,
		`SELECT Id FROM Lead WHERE NOT LastName = 'Novak'`:                                                2,
		`SELECT Id FROM Lead WHERE (LastName = 'Novak' OR LastName = 'keller') AND Steward_Score__c < 50`: 1,
		`SELECT Id FROM Lead WHERE IsDeleted = false LIMIT 2`:                                             2,
		`SELECT Id FROM Lead WHERE SystemModstamp >= 2026-02-01T10:30:00.000Z`:                            3,
		`SELECT Id FROM Lead WHERE SystemModstamp > 2026-02-01T11:29:59+01:00`:                            3,
		`SELECT Id FROM Lead WHERE SystemModstamp > 2026-02-01T11:30:00+01:00`:                            0,
		`SELECT Id FROM Lead WHERE Id = '` + a[:15] + `'`:                                                 1,
		`SELECT Id FROM Lead WHERE Id = '` + strings.ToLower(a[:15]) + `'`:                                0,
	} {
		if got := count(t, f, q); got != want {
			t.Errorf("%s: %d rows, want %d", q, got, want)
		}
	}
}

func TestSOQLOrderBy(t *testing.T) {
	f := start(t, 0)
	for _, n := range []string{"b", "A", "c"} {
		_, _ = f.e.Put("Lead", map[string]any{"LastName": n, "Company": "x", "Email": map[string]any{"b": nil, "A": "z@x", "c": "a@x"}[n]})
	}
	order := func(q string) string {
		var names []string
		for _, r := range decode[page](t, f.query(t, q)).Records {
			names = append(names, strings.Split(strings.Split(string(r), `"LastName":"`)[1], `"`)[0])
		}
		return strings.Join(names, "")
	}
	for q, want := range map[string]string{
		"SELECT LastName FROM Lead ORDER BY LastName":                          "Abc",
		"SELECT LastName FROM Lead ORDER BY LastName DESC":                     "cbA",
		"SELECT LastName FROM Lead ORDER BY Email":                             "bcA",
		"SELECT LastName FROM Lead ORDER BY Email NULLS LAST":                  "cAb",
		"SELECT LastName FROM Lead ORDER BY Email DESC":                        "Acb",
		"SELECT LastName FROM Lead ORDER BY Company ASC, LastName DESC":        "cbA",
		"select lastname from lead order by lastname desc nulls first limit 1": "c",
	} {
		if got := order(q); got != want {
			t.Errorf("%s: %s, want %s", q, got, want)
		}
	}
}
