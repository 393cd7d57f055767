package odata_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/odata"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

var harness = extracttest.Harness{
	Emulator: func(n int) http.Handler {
		return sap.New(catalog.New(n, 3), sandbox.SAPCredentials)
	},
	Config: func(base string, pageSize int) string {
		return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: odata
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: basic, username: %s, password: "${PASSWORD}"}
    settings:
      max_page_size: %d
      entities:
        prices:
          path: %s%s
          key: [ConditionRecord]
          filter: ConditionType eq 'PPR0'
jobs:
  - name: job
    data_type: prices
    cadence: "@daily"
    extract: {system: src, entity: prices, mode: incremental, cursor_field: LastChangeDateTime, overlap: 1s, page_size: %d}
`, base, sandbox.SAPCredentials.User, pageSize, sap.PriceService, sap.PriceSet, pageSize)
	},
	Env:     map[string]string{"PASSWORD": sandbox.SAPCredentials.Password},
	Factory: odata.New,
	ForeignNext: func(body []byte, foreign string) []byte {
		re := regexp.MustCompile(`("@odata.nextLink":")`)
		return re.ReplaceAll(body, []byte("${1}"+foreign+"/"))
	},
}

func TestConformance(t *testing.T) { extracttest.Run(t, harness) }
