package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/transform"
)

// A job overriding its data type's strategy with last write wins: the newer
// change wins, and changes within the skew margin of each other go to the
// leader (the CRM here), through the runner and the config.
func TestLastWriteWinsSkewMarginThroughTheRunner(t *testing.T) {
	yaml := strings.Replace(customersYAML, "transform: {match_keys: [external_id, vat_id]}",
		"transform: {strategy: last_write_wins, leader: crm, skew_margin: 2m}", 1)
	_, r, sys := customersSetupWith(t, yaml)
	t0 := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	at := func(system, id, email string, changed time.Time) {
		sys.put(system, transform.Customer{ID: id, ExternalID: "X1", Name: "Acme", Email: email, Changed: changed})
	}
	at("crm", "C1", "crm@x", t0)
	runJob(t, r, "customers-crm", true) // staged; its writes wait
	at("erp", "E1", "erp@x", t0.Add(time.Minute))
	runJob(t, r, "customers-erp", false)
	if got := sys.email("crm", "C1"); got != "crm@x" {
		t.Fatalf("within the margin the leader (crm) keeps its value; crm has %s", got)
	}
	at("erp", "E1", "later@x", t0.Add(10*time.Minute))
	runJob(t, r, "customers-erp", false)
	if got := sys.email("crm", "C1"); got != "later@x" {
		t.Errorf("the clearly newer ERP change did not win: crm has %s", got)
	}
}
