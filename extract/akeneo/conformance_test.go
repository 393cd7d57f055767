package akeneo_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract/akeneo"
	"github.com/stewardhq/steward/extract/extracttest"
	api "github.com/stewardhq/steward/internal/api/akeneo"
	emulator "github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

var harness = extracttest.Harness{
	Emulator: func(n int) http.Handler {
		return emulator.New(catalog.New(n, 3), emulator.SandboxCredentials)
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
`, base, emulator.SandboxCredentials.ClientID, emulator.SandboxCredentials.Username, pageSize)
	},
	Env:     map[string]string{"SECRET": emulator.SandboxCredentials.Secret, "PASSWORD": emulator.SandboxCredentials.Password},
	Factory: akeneo.New,
	Decode: func(f *config.File, system string) (any, config.Problems) {
		return api.DecodeSettings(f, system)
	},
	Auth: api.Auths(),
	ForeignNext: func(body []byte, foreign string) []byte {
		re := regexp.MustCompile(`("next":\{"href":")http://[^/]+`)
		return re.ReplaceAll(body, append([]byte("${1}"), bytes.TrimRight([]byte(foreign), "/")...))
	},
	DropItems: func(body []byte, way int) []byte {
		items := regexp.MustCompile(`"_embedded":\{"items":\[.*\]\}`)
		switch way {
		case 0:
			return items.ReplaceAll(body, []byte(`"_embedded":{}`))
		case 1:
			return items.ReplaceAll(body, []byte(`"_embedded":{"items":null}`))
		case 2:
			return items.ReplaceAll(body, []byte(`"x":{}`))
		}
		return nil
	},
	Poison: func(body []byte, key string, deep bool) []byte {
		if deep {
			return poisonDepth(body, key, 10000)
		}
		return bytes.ReplaceAll(body, []byte(`"uuid":"`+key+`"`), []byte(`"uuid":"`+key+`","poison":"a`+"\x00"+`b"`))
	},
}

func TestConformance(t *testing.T) { extracttest.Run(t, harness) }
