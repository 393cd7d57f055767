package dataverse_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract/dataverse"
	"github.com/stewardhq/steward/extract/extracttest"
	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/internal/api/dataverse/dvtest"
)

const secret = "s3cret-canary"

// epoch is the first account's change time; accounts come three to a
// second, so ties cross page boundaries.
var epoch = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

var accountColumns = []string{"accountnumber", "name", "stw_vatid", "address1_line1", "address1_postalcode", "address1_city", "address1_country", "telephone1", "emailaddress1", "_ownerid_value"}

func accountID(i int) string { return fmt.Sprintf("00000000-0000-0000-0001-%012d", i) }

func account(i int, at time.Time) map[string]any {
	return map[string]any{"accountid": accountID(i), "accountnumber": fmt.Sprintf("C-%06d", i), "name": fmt.Sprintf("Company %d", i),
		"address1_city": "Berlin", "address1_country": "DE", "modifiedon": dvtest.Stamp(at)}
}

// fake returns a fake holding n accounts.
func fake(n int) *dvtest.Fake {
	f := dvtest.New(secret)
	f.Keys["accounts"] = "accountid"
	f.Columns["accounts"] = accountColumns
	for i := range n {
		f.Put("accounts", account(i, epoch.Add(time.Duration(i/3)*time.Second)))
	}
	return f
}

func yamlConfig(mode string) func(base string, pageSize int) string {
	return func(base string, pageSize int) string {
		return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: dataverse
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: entra_client_credentials, client_id: app, client_secret: "${SECRET}", token_url: %s/token}
    settings:
      tables:
        customers: {mode: %s}
jobs:
  - name: job
    data_type: customers
    cadence: "@daily"
    extract: {system: src, entity: accounts, mode: incremental, cursor_field: modifiedon, overlap: 1s, page_size: %d}
`, base, base, mode, pageSize)
	}
}

func harness(mode string) extracttest.Harness {
	return extracttest.Harness{
		Emulator: func(n int) http.Handler { return fake(n) },
		Config:   yamlConfig(mode),
		Env:      map[string]string{"SECRET": secret},
		Factory:  dataverse.New,
		Decode:   func(f *config.File, system string) (any, config.Problems) { return api.DecodeSettings(f, system) },
		Auth:     api.Auths(),
		ListPage: func(b []byte) bool { return bytes.Contains(b, []byte(`"@odata.context"`)) },
		ForeignNext: func(b []byte, foreign string) []byte {
			return regexp.MustCompile(`"@odata.nextLink":"http://[^/]+`).ReplaceAll(b, []byte(`"@odata.nextLink":"`+foreign))
		},
		DropItems: func(b []byte, way int) []byte {
			re := regexp.MustCompile(`"value":\[.*\]`)
			switch way {
			case 0:
				return re.ReplaceAll(b, []byte(`"value":null`))
			case 1:
				return re.ReplaceAll(b, []byte(`"value":{}`))
			case 2:
				return re.ReplaceAll(b, []byte(`"nothing":[]`))
			}
			return nil
		},
		NullItems: func(b []byte) []byte {
			return regexp.MustCompile(`"value":\[.*\]`).ReplaceAll(b, []byte(`"value":null`))
		},
		Poison: func(b []byte, key string, deep bool) []byte {
			add := `"poison":"a` + "\x00" + `b"`
			if deep {
				add = `"poison":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
			}
			return bytes.ReplaceAll(b, []byte(`"accountid":"`+key+`",`), []byte(`"accountid":"`+key+`",`+add+`,`))
		},
	}
}
