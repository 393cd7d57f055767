package akeneo_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/akeneo"
)

const partitionsConfig = `version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  pim:
    kind: akeneo
    base_url: https://pim.example.com
    auth: {type: bearer, token: "${TOKEN}"}
%s
jobs:
  - name: job
    data_type: products
    cadence: "@daily"
    extract: {system: pim, entity: products, mode: incremental, cursor_field: updated}
`

// TestPartitionsSetting: partitions defaults to Akeneo's 4 concurrent calls
// per connection; 1 to 4 are accepted, anything else is a problem at its key.
func TestPartitionsSetting(t *testing.T) {
	for _, c := range []struct {
		settings string
		want     int
		problem  bool
	}{
		{"", 4, false},
		{"    settings: {partitions: 1}", 1, false},
		{"    settings: {partitions: 4}", 4, false},
		{"    settings: {partitions: 0}", 0, true},
		{"    settings: {partitions: 5}", 5, true},
		{"    settings: {partitions: -2}", -2, true},
	} {
		f, err := config.Parse("s.yaml", []byte(fmt.Sprintf(partitionsConfig, c.settings)), nil, func(string) (string, bool) { return "t", true })
		if err != nil {
			t.Fatal(err)
		}
		s, ps := akeneo.DecodeSettings(f, "pim")
		if s.Partitions != c.want || (len(ps) > 0) != c.problem {
			t.Fatalf("%q: partitions %d, problems %v", c.settings, s.Partitions, ps)
		}
		if c.problem && (ps[0].Path != "systems.pim.settings.partitions" || !strings.Contains(ps[0].Hint, "4 concurrent")) {
			t.Errorf("%q: problem %#v", c.settings, ps[0])
		}
	}
}
