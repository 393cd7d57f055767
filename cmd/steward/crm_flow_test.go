package main

import (
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// unconflictedChangesFlow: a city changed in SAP only reaches the CRM, one
// changed in the CRM only reaches SAP.
func (e *crmEnv) unconflictedChangesFlow() {
	t := e.t
	e.clock.step()
	e.sap.patchAddress(t, sap.PartnerID(1), map[string]string{"CityName": "Bremen"})
	e.side.patch(t, e.sb, e.ids[2], map[string]any{e.side.city: "Köln"})
	e.run("customers-erp", "customers-crm")
	if c := e.side.get(e.sb, e.ids[1])[e.side.city]; c != "Bremen" {
		t.Errorf("account 1: CRM city %q, want SAP's Bremen", c)
	}
	if _, c := e.sap.street(t, sap.PartnerID(2)); c != "Köln" {
		t.Errorf("account 2: SAP city %q, want the CRM's Köln", c)
	}
}

// rerunWritesNothing: another run of both jobs stages what steward wrote,
// writes nothing and leaves no pending write.
func (e *crmEnv) rerunWritesNothing() {
	t := e.t
	sapBefore, crmBefore := writeCalls(e.sb.SAP.Calls()), writeCalls(e.side.calls(e.sb))
	e.run("customers-crm", "customers-erp")
	for _, j := range []string{"customers-crm", "customers-erp"} {
		if r := lastRun(t, e.cfg, j); r.Written != 0 || r.Rejected != 0 {
			t.Errorf("rerun %s: %+v; want nothing written", j, r.Counts)
		}
	}
	st := e.state()
	for job, target := range map[string]string{"customers-crm": "erp", "customers-erp": e.crm} {
		if p, err := st.PendingOutbox(t.Context(), job, target, 0, 10); err != nil || len(p) != 0 {
			t.Errorf("%s → %s: pending %+v (%v)", job, target, p, err)
		}
	}
	if n := writeCalls(e.sb.SAP.Calls()) - sapBefore; n != 0 {
		t.Errorf("the rerun sent %d write requests to SAP", n)
	}
	if n := writeCalls(e.side.calls(e.sb)) - crmBefore; n != 0 {
		t.Errorf("the rerun sent %d write requests to the CRM", n)
	}
}

// productsReachTheCRM: every catalog product reaches the CRM with its PIM
// price to the cent; a rerun writes nothing; a price changed in the PIM
// flows.
func (e *crmEnv) productsReachTheCRM() {
	t := e.t
	first := writeCalls(e.side.calls(e.sb))
	e.run("products-crm")
	if writeCalls(e.side.calls(e.sb)) == first {
		t.Fatalf("the CRM's request log shows no write for the first products run")
	}
	for i := range crmProducts {
		sku := e.sb.Catalog.SKU(i)
		if p, ok := e.side.price(e.sb, sku); !ok || !sameAmount(p, catalog.Cents(e.sb.Catalog.PIMPrice(i))) {
			t.Errorf("product %s: CRM price %q (found %v), want %s", sku, p, ok, catalog.Cents(e.sb.Catalog.PIMPrice(i)))
		}
	}
	before := writeCalls(e.side.calls(e.sb))
	e.run("products-crm")
	if r := lastRun(t, e.cfg, "products-crm"); r.Written != 0 || writeCalls(e.side.calls(e.sb)) != before {
		t.Errorf("products rerun: %+v, %d write requests; want none", r.Counts, writeCalls(e.side.calls(e.sb))-before)
	}
	sku := e.sb.Catalog.SKU(3)
	e.clock.step()
	setPIMPrice(t, e.sb, 3, "1234.56")
	e.run("products-crm")
	if p, _ := e.side.price(e.sb, sku); !sameAmount(p, "1234.56") {
		t.Errorf("after the PIM's price change: CRM price of %s %q, want 1234.56", sku, p)
	}
	if r := lastRun(t, e.cfg, "products-crm"); r.Written != 1 {
		t.Errorf("price change run: %+v; want one write", r.Counts)
	}
}

// keylessAccounts: account 9's city changed in the CRM, which lacks its
// external id, reaches SAP by the partner's external id; account 19's city
// changed in SAP reaches the CRM account lacking the id: written by the
// account's native id (the crosswalked record), which gets the external id
// too, never upserted by the id, so the CRM keeps one account per company
// and nothing is quarantined.
func (e *crmEnv) keylessAccounts() {
	t := e.t
	e.clock.step()
	e.side.patch(t, e.sb, e.ids[9], map[string]any{e.side.city: "Lübeck"})
	e.run("customers-crm")
	if _, c := e.sap.street(t, sap.PartnerID(9)); c != "Lübeck" {
		t.Errorf("account 9: SAP city %q, want the CRM's Lübeck", c)
	}
	e.clock.step()
	e.sap.patchAddress(t, sap.PartnerID(19), map[string]string{"CityName": "Kiel"})
	e.run("customers-erp")
	if q := e.quarantined(); q != "" {
		t.Errorf("quarantined:\n%s", q)
	}
	if r := lastRun(t, e.cfg, "customers-erp"); r.Written != 1 || r.Rejected != 0 {
		t.Errorf("customers-erp with a change for a CRM account lacking its external id: %+v; want one write", r.Counts)
	}
	acc := e.side.get(e.sb, e.ids[19])
	if acc[e.side.city] != "Kiel" || acc[e.side.ext] != e.sb.Catalog.Account(19).Number {
		t.Errorf("account 19 in the CRM: city %q, external id %q; want Kiel and %s", acc[e.side.city], acc[e.side.ext], e.sb.Catalog.Account(19).Number)
	}
	if n := e.side.accounts(e.sb); n != e.sb.Catalog.Accounts() {
		t.Errorf("the CRM holds %d accounts, want %d (no second account)", n, e.sb.Catalog.Accounts())
	}
	// The account now carries the id: the CRM's next run matches it by it
	// and writes nothing back.
	e.run("customers-crm")
	if r := lastRun(t, e.cfg, "customers-crm"); r.Written != 0 || r.Rejected != 0 {
		t.Errorf("customers-crm after the account got its id: %+v; want nothing written", r.Counts)
	}
}
