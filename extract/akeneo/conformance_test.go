package akeneo_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/stewardhq/steward/extract/akeneo"
	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/internal/sandbox"
	emulator "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

var harness = extracttest.Harness{
	Emulator: func(n int) http.Handler {
		return emulator.New(catalog.New(n, 3), sandbox.AkeneoCredentials)
	},
	Config: func(base string, pageSize int) string {
		return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: akeneo
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: akeneo_password, client_id: %s, client_secret: "${SECRET}", username: %s, password: "${PASSWORD}"}
jobs:
  - name: job
    data_type: products
    cadence: "@daily"
    extract: {system: src, entity: products, mode: incremental, cursor_field: updated, overlap: 1s, page_size: %d}
`, base, sandbox.AkeneoCredentials.ClientID, sandbox.AkeneoCredentials.Username, pageSize)
	},
	Env:     map[string]string{"SECRET": sandbox.AkeneoCredentials.Secret, "PASSWORD": sandbox.AkeneoCredentials.Password},
	Factory: akeneo.New,
	ForeignNext: func(body []byte, foreign string) []byte {
		re := regexp.MustCompile(`("next":\{"href":")http://[^/]+`)
		return re.ReplaceAll(body, append([]byte("${1}"), bytes.TrimRight([]byte(foreign), "/")...))
	},
}

func TestConformance(t *testing.T) { extracttest.Run(t, harness) }
