package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/sap"
	"github.com/stewardhq/steward/internal/store"
)

// crmProducts is the catalog of each case: 100 products, 25 accounts.
const crmProducts = 100

// TestCustomersAndProductsWithEachCRM is the acceptance of customers ERP ↔
// CRM and products PIM → CRM against the sandbox's SAP, PIM and each CRM,
// through the sandbox config's customers-crm, customers-erp and
// products-crm jobs: the first sync links every account (two CRM accounts
// lack the external id, one of them the VAT id too); an address changed in
// both systems escalates with both versions and the base, and the decision
// reaches both; unconflicted changes flow; a rerun writes nothing; the
// catalog's products reach the CRM with exact prices, a rerun writes
// nothing and a PIM price change flows.
func TestCustomersAndProductsWithEachCRM(t *testing.T) {
	t.Parallel()
	for _, crm := range sandboxCRMNames() {
		t.Run(crm, func(t *testing.T) {
			t.Parallel() // each CRM has its own sandbox, clock and state
			side, ok := crmSides[crm]
			if !ok {
				t.Fatalf("no test side for CRM %s", crm)
			}
			if sb := sandboxCRMs[crm]; !slices.Contains(emulatorNames(), sb.emulator) {
				t.Fatalf("the sandbox does not serve %s (its kind registers no emulator)", crm)
			}
			clock := &testClock{at: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
			sb, cfg := startCRMSandbox(t, crmProducts, crm, clock)
			e := &crmEnv{t: t, sb: sb, cfg: cfg, side: side, clock: clock, sap: newSAPAPI(t, sb.SAPURL), crm: crm}
			e.ids = side.ids(t, sb)
			e.firstSync()
			e.conflictEscalatesAndResolves()
			e.unconflictedChangesFlow()
			e.rerunWritesNothing()
			e.keylessAccounts()
			e.productsReachTheCRM()
		})
	}
}

// crmEnv is one case's sandbox, config and the CRM's ids of the accounts.
type crmEnv struct {
	t     *testing.T
	sb    *sandboxSystems
	cfg   string
	side  crmSide
	clock *testClock
	sap   *sapAPI
	ids   []string
	// crm names the CRM's system in the config (its kind).
	crm string
}

// run runs jobs in order, each after a clock step, failing on an error.
func (e *crmEnv) run(jobs ...string) {
	e.t.Helper()
	for _, j := range jobs {
		e.clock.step()
		if out, code := steward(e.t, "run", j, "--config", e.cfg); code != 0 {
			e.t.Fatalf("run %s: exit %d\n%s%s", j, code, out, e.quarantined())
		}
	}
}

// quarantined lists the reasons of quarantined records.
func (e *crmEnv) quarantined() string {
	var reasons []string
	if err := e.state().DB().Select(&reasons, `SELECT reason FROM quarantine ORDER BY id`); err != nil {
		return err.Error()
	}
	return strings.Join(reasons, "\n")
}

// state opens the config's SQLite state for a check.
func (e *crmEnv) state() *store.Store {
	st, err := store.Open(e.t.Context(), filepath.Join(filepath.Dir(e.cfg), "state", "steward.db"))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { _ = st.Close() })
	return st
}

// firstSync: account 9 lacks its external id in the CRM, account 19 its
// VAT id too; the first sync links every account (by external id, VAT id,
// name and postal code) and writes nothing, the systems agreeing.
func (e *crmEnv) firstSync() {
	t := e.t
	e.side.patch(t, e.sb, e.ids[9], map[string]any{e.side.ext: nil})
	e.side.patch(t, e.sb, e.ids[19], map[string]any{e.side.ext: nil, e.side.vat: nil})
	e.run("customers-crm", "customers-erp")
	st := e.state()
	erp, err := st.Links(t.Context(), "erp", "customers", partners(e.sb.Catalog.Accounts()))
	if err != nil {
		t.Fatal(err)
	}
	crm, err := st.Links(t.Context(), e.crm, "customers", e.ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range e.ids {
		want := map[int]string{9: "vat_id", 19: "name_postal"}[i]
		if want == "" {
			want = "external_id"
		}
		l := erp[sap.PartnerID(i)]
		if l.CanonicalID == "" || l.CanonicalID != crm[id].CanonicalID || l.MatchKey != want {
			t.Errorf("account %d: SAP link %+v, CRM link %+v; want one entity matched by %s", i, l, crm[id], want)
		}
	}
	for _, j := range []string{"customers-crm", "customers-erp"} {
		if r := lastRun(t, e.cfg, j); r.Written != 0 || r.Rejected != 0 || r.Status != store.StatusSucceeded {
			t.Errorf("first sync %s: %+v; want nothing written", j, r)
		}
	}
	if n := e.side.accounts(e.sb); n != e.sb.Catalog.Accounts() {
		t.Errorf("the CRM holds %d accounts after the first sync, want %d", n, e.sb.Catalog.Accounts())
	}
}

func partners(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = sap.PartnerID(i)
	}
	return out
}

// conflictEscalatesAndResolves: an account's street changes in SAP and in
// the CRM between two syncs, whichever job runs first (account 0: the CRM's,
// account 4: the ERP's); each escalates with both versions and the base and
// neither system is written; the decisions reach both systems.
func (e *crmEnv) conflictEscalatesAndResolves() {
	a := e.plantConflict(0, "Konfliktweg 1", "Kundenallee 5", "customers-crm", "customers-erp")
	b := e.plantConflict(4, "Hafenweg 2", "Marktplatz 8", "customers-erp", "customers-crm")
	e.resolve(a, "--take", "street=Einigungsweg 9")
	e.resolve(b, "--take", "target")
	e.run("customers-erp", "customers-crm")
	e.wantStreets(0, "Einigungsweg 9", "Einigungsweg 9")
	e.wantStreets(4, "Marktplatz 8", "Marktplatz 8")
}

// plantConflict changes account i's street in SAP and in the CRM through
// their APIs, runs the jobs in the order given and returns the escalation's
// id after checking it and that neither system was written.
func (e *crmEnv) plantConflict(i int, inSAP, inCRM string, jobs ...string) int64 {
	t := e.t
	base := e.sb.Catalog.Account(i).Street
	e.clock.step()
	name, number, _ := strings.Cut(inSAP, " ")
	e.sap.patchAddress(t, sap.PartnerID(i), map[string]string{"StreetName": name, "HouseNumber": number})
	e.side.patch(t, e.sb, e.ids[i], map[string]any{e.side.street: inCRM})
	e.run(jobs...)
	es, err := e.state().Escalations(t.Context(), store.EscalationFilter{Status: store.EscalationOpen})
	if err != nil {
		t.Fatal(err)
	}
	var mine []store.Escalation
	for _, x := range es {
		if x.SourceKey == sap.PartnerID(i) {
			mine = append(mine, x)
		}
	}
	if len(mine) != 1 {
		t.Fatalf("open escalations %+v; want one for the street of account %d (jobs %v)", es, i, jobs)
	}
	x := mine[0]
	if x.Kind != store.EscalationConflict || x.Fields != `["street"]` || !strings.Contains(x.SourceVersion, fmt.Sprintf(`"street":%q`, inSAP)) ||
		!strings.Contains(x.TargetVersion, fmt.Sprintf(`"street":%q`, inCRM)) || !strings.Contains(x.BaseVersion, fmt.Sprintf(`"street":%q`, base)) {
		t.Errorf("escalation %+v; want street: SAP %s, CRM %s, base %s", x, inSAP, inCRM, base)
	}
	e.wantStreets(i, inSAP, inCRM)
	return x.ID
}

// resolve records a reviewer's decision on escalation id.
func (e *crmEnv) resolve(id int64, take ...string) {
	e.t.Helper()
	args := append([]string{"escalations", "resolve", fmt.Sprint(id)}, take...)
	if out, code := steward(e.t, append(args, "--reviewer", "ana", "--reason", "asked the customer", "--config", e.cfg)...); code != 0 {
		e.t.Fatalf("resolve %d: exit %d\n%s", id, code, out)
	}
}

// wantStreets checks account i's street in SAP and in the CRM.
func (e *crmEnv) wantStreets(i int, inSAP, inCRM string) {
	e.t.Helper()
	if s, _ := e.sap.street(e.t, sap.PartnerID(i)); s != inSAP {
		e.t.Errorf("account %d: SAP street %q, want %q", i, s, inSAP)
	}
	if s := e.side.get(e.sb, e.ids[i])[e.side.street]; s != inCRM {
		e.t.Errorf("account %d: CRM street %q, want %q", i, s, inCRM)
	}
}

// TestSandboxListsTheCRMs: steward sandbox prints each CRM with its API's
// URL and how to sign in, and its --write-config names the chosen CRM.
func TestSandboxListsTheCRMs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, _ := serveAsPrinted(t, []string{"sandbox", "--listen", freePorts(t, len(emulatorNames())), "--products", "100", "--crm", "dataverse", "--write-config", dir})
	for _, want := range []string{"hubspot (CRM):", "/crm/v3/objects  (private app token ", "salesforce (CRM):", "/services/data  (client credentials ",
		"dataverse (CRM):", "/api/data/v9.2  (Entra tenant "} {
		if !strings.Contains(out, want) {
			t.Errorf("sandbox output lacks %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "steward.yaml"))
	if err != nil || !strings.Contains(string(b), "\n  dataverse:\n    kind: dataverse\n") || !strings.Contains(string(b), "entity: accounts") {
		t.Errorf("config (%v):\n%s", err, b)
	}
	if _, code := steward(t, "validate", "--config", filepath.Join(dir, "steward.yaml")); code != 0 {
		t.Errorf("validate: exit %d", code)
	}
}
