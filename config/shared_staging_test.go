package config

import (
	"strings"
	"testing"
)

// secondJob reads the data type of good's job from the same system.
const secondJob = `  - name: models
    data_type: products
    cadence: "0 3 * * *"
    time_zone: UTC
    extract:
      system: pim
      entity: %s
      mode: full
`

// TestTwoEntitiesOfOneSourceAreRefused: staged records are kept by data
// type, source and key, so two jobs reading different entities of one system
// for one data type would share them, and a full pass of one would delete
// what the other read. The second job's entity is named with its place.
func TestTwoEntitiesOfOneSourceAreRefused(t *testing.T) {
	bad := good + strings.Replace(secondJob, "%s", "product_models", 1)
	_, err := Parse("bad.yaml", []byte(bad), kinds, env)
	want := `bad.yaml:31:7: jobs[1].extract.entity: job models reads products from pim like job products (jobs[0]), but entity "product_models", not "products"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("two entities of one source: %v\nwant it to contain %s", err, want)
	}
}

// TestTwoJobsOfOneEntityShareStaging: an incremental job and a nightly full
// job of the same entity share staged records by design; that is allowed.
func TestTwoJobsOfOneEntityShareStaging(t *testing.T) {
	ok := good + strings.Replace(secondJob, "%s", "products", 1)
	if _, err := Parse("ok.yaml", []byte(ok), kinds, env); err != nil {
		t.Fatalf("two jobs of one entity: %v", err)
	}
}
