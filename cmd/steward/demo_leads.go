package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	hubspotsb "github.com/stewardhq/steward/internal/sandbox/hubspot"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
)

// Demo scenarios.
const (
	scenarioHeadline = "headline"
	scenarioLeads    = "leads"
)

// demoLeads runs scenario 2, lead routing: the sandbox's catalog and CRM
// companies are staged, the leads job routes HubSpot's lead stream once,
// and the figures are measured from HubSpot's state (read over its API)
// and the escalation table against the stream's ground truth.
func (a *app) demoLeads(ctx context.Context, dir string, opt sandbox.Options, cfgOpt sandbox.ConfigOptions, listen string) (retErr error) {
	start := time.Now()
	sb, hand, clock, cleaned, err := a.startDemo(dir, opt, cfgOpt, listen)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = sb.Close(cctx)
	}()
	defer func() {
		if err := hand.do(); err != nil && retErr == nil {
			retErr = err
		}
	}()
	r, closeFn, err := a.runner(ctx)
	if err != nil {
		return err
	}
	defer closeFn()
	if cleaned {
		a.printf("starting clean: removed the earlier demo's files from %s\n", hand.dir)
	}
	a.printf("steward demo --scenario leads — sandbox with %d products, %d accounts, %d leads (seed %d), PIM: %s\n\n",
		sb.Catalog.N, sb.Catalog.Accounts(), sb.Catalog.LeadCount(), sb.Catalog.Seed, cfgOpt.PIM)
	fig, err := a.routeLeads(ctx, r, sb)
	if err != nil {
		return err
	}
	a.printLeadFigures(fig)
	live, err := a.routeLive(ctx, r, sb, clock)
	if err != nil {
		return err
	}
	a.printLiveFigures(live)
	if err := hand.do(); err != nil {
		return err
	}
	a.printf("\nstate:    %s\nconfig:   %s\nsandbox:  %s\n", r.Config.Staging.SQLite, a.configPath, hand.stateDir())
	a.printLeadsContinue(hand)
	a.printf("\ndone in %.1f s\n", time.Since(start).Seconds())
	return nil
}

// startDemo prepares --dir, starts the sandbox on free ports (HubSpot's
// clock starting where the seeded lead stream ends) and writes the config.
func (a *app) startDemo(dir string, opt sandbox.Options, cfgOpt sandbox.ConfigOptions, listen string) (*sandboxSystems, *handOver, *demoClock, bool, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, nil, false, err
	}
	later, err := fixedSandbox(listen)
	if err != nil {
		return nil, nil, nil, false, err
	}
	cleaned, err := cleanDemoDir(dir)
	if err == nil {
		err = markDemoDir(dir)
	}
	if err != nil {
		return nil, nil, nil, false, err
	}
	opt.Listen = "127.0.0.1:0"
	sb, err := runSandbox(opt)
	if err != nil {
		return nil, nil, nil, false, err
	}
	// The seeded leads arrived in the hours before the catalog's base time:
	// HubSpot's clock runs on from there, so a routing's modified time and
	// a lead's createdate are on one clock.
	clock := &demoClock{base: sb.Catalog.Base, begin: time.Now()}
	if hs := sb.Emulator(hubspotsb.Name); hs != nil {
		hs.SetClock(clock.Now)
	}
	if a.configPath, err = sb.WriteConfig(dir, cfgOpt); err != nil {
		_ = sb.Close(context.Background())
		return nil, nil, nil, false, err
	}
	return sb, &handOver{dir: dir, cfg: cfgOpt, sb: sb, later: later}, clock, cleaned, nil
}

// routeLeads stages the catalog and the CRM's accounts, runs the leads job
// and a rerun of it, and measures the outcome.
func (a *app) routeLeads(ctx context.Context, r *jobs.Runner, sb *sandboxSystems) (leadFigures, error) {
	d := demoRun{app: a, r: r, ctx: ctx}
	products := d.run(jobs.Request{Job: "products", Trigger: store.TriggerManual, SkipWriteBack: true, SkipDerived: true})
	accounts := d.run(jobs.Request{Job: "crm-accounts", Trigger: store.TriggerManual})
	began := time.Now()
	routed := d.run(jobs.Request{Job: "leads", Trigger: store.TriggerManual})
	took := time.Since(began)
	rerun := d.run(jobs.Request{Job: "leads", Trigger: store.TriggerManual})
	if d.err != nil {
		return leadFigures{}, d.err
	}
	a.printf("staged:      %d products from the PIM, %d accounts from HubSpot\n", products.Counts.Staged, accounts.Counts.Staged)
	a.printf("leads run:   %d contacts read, %d written back to HubSpot in %.1f s (run %d)\n", routed.Counts.Read, routed.Counts.Written, took.Seconds(), routed.RunID)
	a.printf("rerun:       %d contacts read (steward's own writes coming back), %d written\n\n", rerun.Counts.Read, rerun.Counts.Written)
	fig, err := measure(ctx, r, sb, sb.Catalog.Leads())
	fig.RunTook, fig.RerunWritten = took, rerun.Counts.Written
	return fig, err
}

// liveCount is how many of the stream's inquiries arrive again, as new
// leads, in the live phase.
const liveCount = 20

// routeLive runs the live phase (liveLeads) and measures it.
func (a *app) routeLive(ctx context.Context, r *jobs.Runner, sb *sandboxSystems, clock *demoClock) (leadFigures, error) {
	live, longest, err := a.liveLeads(ctx, r, sb, clock, liveCount)
	if err != nil {
		return leadFigures{}, err
	}
	fig, err := measure(ctx, r, sb, live)
	fig.RunTook = longest
	return fig, err
}

// measure compares the leads in HubSpot and the escalations with truth.
func measure(ctx context.Context, r *jobs.Runner, sb *sandboxSystems, truth []catalog.Lead) (leadFigures, error) {
	st, ok := r.Store.(escalationLister)
	if !ok {
		return leadFigures{}, fmt.Errorf("demo: the state store %T keeps no escalations", r.Store)
	}
	es, err := st.Escalations(ctx, store.EscalationFilter{Job: "leads"})
	if err != nil {
		return leadFigures{}, err
	}
	return measureLeads(ctx, sb.URL(hubspotsb.Name), hubspotToken, truth, es)
}

// escalationLister reads the escalation table.
type escalationLister interface {
	Escalations(ctx context.Context, f store.EscalationFilter) ([]store.Escalation, error)
}

// printLeadFigures prints what measureLeads found.
func (a *app) printLeadFigures(f leadFigures) {
	pct := func(n int) float64 { return 100 * float64(n) / float64(max(1, f.Leads)) }
	a.printf("routed:      %d of %d leads automatically (%.1f %%), %d escalated (%.1f %%), %d neither\n",
		f.Routed, f.Leads, pct(f.Routed), f.Escalated, pct(f.Escalated), f.Leads-f.Routed-f.Escalated)
	a.printf("accuracy:    %.1f %% (%d of %d: routed to the ground truth's rep, or escalated where it says escalate)\n", pct(f.Right), f.Right, f.Leads)
	a.printf("escalations: %d, %d with a reason (%s)\n", f.Escalated, f.Explained, f.reasonsText())
	if len(f.Latency) > 0 {
		a.printf("latency:     lead created → routed: median %s, newest lead %s, oldest %s\n", round(f.median()), round(f.Latency[0]), round(f.Latency[len(f.Latency)-1]))
		a.printf("             (one catch-up run over a stream created in the %s before it; it routed %d leads in %.1f s)\n",
			round(f.Span), f.Leads, f.RunTook.Seconds())
	}
	for _, w := range f.Wrong {
		a.printf("  wrong:     %s\n", w)
	}
}

// printLiveFigures prints the live phase's figures.
func (a *app) printLiveFigures(f leadFigures) {
	pct := func(n int) float64 { return 100 * float64(n) / float64(max(1, f.Leads)) }
	a.printf("\nlive:        %d new leads arriving 17–99 s apart while the leads job runs every 2 minutes (HubSpot's clock)\n", f.Leads)
	a.printf("             routed %d (%.1f %%), escalated %d (%.1f %%), accuracy %.1f %% (%d of %d)\n",
		f.Routed, pct(f.Routed), f.Escalated, pct(f.Escalated), pct(f.Right), f.Right, f.Leads)
	if len(f.Latency) > 0 {
		a.printf("             lead created → routed: median %s, longest %s (HubSpot's clock is stepped; the longest run took %.2f s)\n",
			round(f.median()), round(f.Latency[len(f.Latency)-1]), f.RunTook.Seconds())
	}
	for _, w := range f.Wrong {
		a.printf("  wrong:     %s\n", w)
	}
}

// round writes a duration as hours and minutes, or seconds under a minute.
func round(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%d h %02d min", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%d min %02d s", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%d s", int(d.Seconds()))
}

// demoScenario runs the scenario --scenario names.
func (a *app) demoScenario(ctx context.Context, scenario, dir string, opt sandbox.Options, approveAll bool, cfgOpt sandbox.ConfigOptions, listen string) error {
	switch scenario {
	case scenarioHeadline, "":
		return a.demo(ctx, dir, opt, approveAll, cfgOpt, listen)
	case scenarioLeads:
		cfgOpt.Leads = true
		if _, ok := sandboxPIMs[cfgOpt.PIM]; !ok {
			return usage("--pim %q: want one of %s", cfgOpt.PIM, fmt.Sprint(sandboxPIMNames()))
		}
		return a.demoLeads(ctx, dir, opt, cfgOpt, listen)
	}
	return usage("--scenario %q: want %s or %s", scenario, scenarioHeadline, scenarioLeads)
}

// printLeadsContinue says how to go on: the sandbox serving the demo's
// saved data where the config points, then deciding escalated leads.
func (a *app) printLeadsContinue(hand *handOver) {
	names := emulatorNames()
	addr := strings.TrimPrefix(hand.later.URL(names[0]), "http://")
	cfg := shellQuote(a.configPath)
	a.printf("\nTo continue with the same data, serve it where the config points and keep it running:\n"+
		"  steward sandbox --listen %s --state %s\nThen, in another shell, decide the escalated leads and write the decisions:\n"+
		"  steward escalations list --config %s\n  steward escalations resolve ID --owner rep1@sandbox.example --reviewer NAME --config %s\n"+
		"  steward run leads --config %s\n", addr, shellQuote(hand.stateDir()), cfg, cfg, cfg)
}
