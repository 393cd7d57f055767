package salesforce_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/salesforce"
	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
)

// epoch is the first account's stamp; accounts come three to a stamp, so
// ties cross page boundaries.
var epoch = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func account(i int, at time.Time) sftest.Rec {
	return sftest.Rec{"Id": fmt.Sprintf("001A%011d", i), "External_ID__c": fmt.Sprintf("C-%06d", i), "Name": fmt.Sprintf("Company %d", i),
		"VAT_ID__c": fmt.Sprintf("DE%09d", i), "BillingStreet": "Main St 1", "BillingPostalCode": "10115", "BillingCity": "Berlin",
		"BillingCountry": "DE", "Phone": "+49 30 1234", "OwnerId": "005000000000001", "SystemModstamp": sftest.Stamp(at)}
}

func fakeWith(n int) *sftest.Fake {
	f := sftest.New()
	for i := range n {
		f.Put("Account", account(i, epoch.Add(time.Duration(i/3)*time.Second)))
	}
	return f
}

func fakeConfig(base string, pageSize int) string {
	return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: salesforce
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: salesforce_client_credentials, client_id: cid, client_secret: "${SECRET}"}
    settings: {}
jobs:
  - name: job
    data_type: customers
    cadence: "@daily"
    extract: {system: src, entity: Account, mode: incremental, cursor_field: SystemModstamp, overlap: 1s, page_size: %d}
`, base, pageSize)
}

// recordsRE is a page's records array: greedy to the last ']', which ends
// the array whatever members follow it (none holds a ']').
var recordsRE = regexp.MustCompile(`"records":\[.*\]`)

var nextRE = regexp.MustCompile(`"nextRecordsUrl":"(/[^"]*)"`)

var fakeHarness = extracttest.Harness{
	Emulator: func(n int) http.Handler { return fakeWith(n) },
	Config:   fakeConfig,
	Env:      map[string]string{"SECRET": "secret"},
	Factory:  salesforce.New,
	Decode:   func(f *config.File, system string) (any, config.Problems) { return api.DecodeSettings(f, system) },
	Auth:     api.Auths(),
	ListPage: func(b []byte) bool { return bytes.Contains(b, []byte(`"totalSize"`)) },
	ForeignNext: func(b []byte, foreign string) []byte {
		return nextRE.ReplaceAll(b, []byte(`"nextRecordsUrl":"`+foreign+`$1"`))
	},
	DropItems: func(b []byte, way int) []byte {
		switch way {
		case 0: // the member renamed: records missing, the JSON still valid
			return recordsRE.ReplaceAll(b, []byte(`"recordz":[]`))
		case 1:
			return recordsRE.ReplaceAll(b, []byte(`"records":null`))
		}
		return nil
	},
	NullItems: func(b []byte) []byte { return recordsRE.ReplaceAll(b, []byte(`"records":null`)) },
	Poison: func(b []byte, key string, deep bool) []byte {
		add := `"poison":"a` + "\x00" + `b"`
		if deep {
			add = `"poison":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
		}
		return bytes.ReplaceAll(b, []byte(`"Id":"`+key+`",`), []byte(`"Id":"`+key+`",`+add+`,`))
	},
}

// TestConformanceFake runs the conformance suite against the connector's
// own fake (the emulator's run is in conformance_test.go).
func TestConformanceFake(t *testing.T) { extracttest.Run(t, fakeHarness) }
