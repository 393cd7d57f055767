package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
)

func (a *app) demoCmd() *cobra.Command {
	var dir string
	var opt sandbox.Options
	var approveAll bool
	var generator, listen, pim, scenario string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the nightly jobs once against the built-in sandbox and show the quality gain",
		Long: `demo starts the sandbox in-process (the PIMs Akeneo, Pimcore and Salsify, SAP
and an OpenAI-compatible sandbox model), writes a config into --dir for the PIM
--pim names and runs the nightly jobs once:
prices are read from the ERP, products are read from the PIM and checked against
the quality rules (the "before" figure), drafts and corrections are proposed, and
the 200 stale prices are written back. With --approve-all it then approves and
pushes every draft and correction, as an editor would, and checks the PIM again.
Every figure comes from the quality engine reading the emulators' APIs; every
PIM serves the same catalog through its own API, so the figures are the same
whichever --pim. Drafts land as drafts: in Akeneo and Salsify in the
description_draft attribute ("Description Draft" in Salsify), in Pimcore in the
descriptionDraft field (Datahub always saves the published object).

The demo always starts clean: an earlier demo's files in --dir are removed; a
folder holding anything else is refused. It runs its sandbox on free ports; at
the end it saves the sandbox's data, with the demo's writes, into --dir/sandbox,
points the config at --sandbox-listen and prints the steward sandbox --state
command that serves the same data there, so run, drafts and report keep working
on the demo's state.

--scenario leads runs scenario 2 instead, lead routing: the catalog and
HubSpot's companies are staged, the leads job routes HubSpot's seeded lead
stream (new companies, existing accounts, ambiguous and spam leads) once and
again, and the routing accuracy against the stream's ground truth, the share
routed automatically and escalated, and the time from a lead's creation to its
routing are measured from HubSpot's API and the escalation table.`,
		Example: "  steward demo\n  steward demo --approve-all\n  steward demo --scenario leads\n  steward demo --pim salsify\n  steward demo --dir /tmp/demo --products 50000 --seed 7",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.demoScenario(cmd.Context(), scenario, dir, opt, approveAll, sandbox.ConfigOptions{Generator: generator, PIM: pim}, listen)
		},
	}
	cmd.Flags().StringVar(&scenario, "scenario", scenarioHeadline, "headline (the nightly PIM quality run) or leads (lead routing)")
	cmd.Flags().StringVar(&dir, "dir", "./steward-demo", "folder for the config, state, snapshots and reports")
	cmd.Flags().IntVar(&opt.Products, "products", 12000, "number of products in the sandbox")
	cmd.Flags().Uint64Var(&opt.Seed, "seed", 1, "data seed")
	cmd.Flags().BoolVar(&approveAll, "approve-all", false, "approve and push every draft and correction, then check again")
	cmd.Flags().StringVar(&generator, "generator", "openai", "description drafts: openai (the sandbox model) or template")
	cmd.Flags().StringVar(&pim, "pim", "pimcore", "the PIM products are read from and prices and drafts written to: "+strings.Join(sandboxPIMNames(), ", "))
	cmd.Flags().StringVar(&listen, "sandbox-listen", "127.0.0.1:8700", "where the sandbox that continues the demo will listen; the config points there")
	return cmd
}

func (a *app) demo(ctx context.Context, dir string, opt sandbox.Options, approveAll bool, cfgOpt sandbox.ConfigOptions, listen string) (retErr error) {
	start := time.Now()
	if _, ok := sandboxPIMs[cfgOpt.PIM]; !ok {
		return usage("--pim %q: want one of %s", cfgOpt.PIM, strings.Join(sandboxPIMNames(), ", "))
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	later, err := fixedSandbox(listen)
	if err != nil {
		return err
	}
	cleaned, err := cleanDemoDir(dir)
	if err != nil {
		return err
	}
	if err := markDemoDir(dir); err != nil {
		return err
	}
	opt.Listen = "127.0.0.1:0"
	sb, err := runSandbox(opt)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = sb.Close(cctx)
	}()
	if a.configPath, err = sb.WriteConfig(dir, cfgOpt); err != nil {
		return err
	}
	// Whatever happens, the config ends up pointing where the continuing
	// sandbox will listen, not at this sandbox's ports, which die with it, and
	// the sandbox's data is saved for it to serve.
	hand := handOver{dir: dir, cfg: cfgOpt, sb: sb, later: later}
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
		a.printf("starting clean: removed the earlier demo's config, state, sandbox data and reports from %s\n", dir)
	}
	a.printf("steward demo — sandbox with %d products (seed %d), PIM: %s\n\n", sb.Catalog.N, sb.Catalog.Seed, cfgOpt.PIM)
	d := demoRun{app: a, r: r, ctx: ctx}
	// Stage the ERP prices first, so the check sees the PIM as found.
	staged := d.run(jobs.Request{Job: "prices", Trigger: store.TriggerManual, SkipWriteBack: true})
	before := d.run(jobs.Request{Job: "products", Trigger: store.TriggerManual})
	prices := d.run(jobs.Request{Job: "prices", Trigger: store.TriggerManual})
	if d.err != nil {
		return d.err
	}
	a.printQuality("quality before", before)
	a.printf("prices:          %d ERP prices read, %d differed from the PIM and were written back\n", staged.Counts.Read, prices.Counts.Written)
	a.printf("proposed:        %d description drafts, %d corrections (waiting for approval)\n",
		before.Quality.Drafts[store.DraftDescription], before.Quality.Drafts[store.DraftCorrection])
	if approveAll {
		if err := a.approveAndPush(ctx, r); err != nil {
			return err
		}
	}
	after := d.run(jobs.Request{Job: "products", Trigger: store.TriggerManual})
	if d.err != nil {
		return d.err
	}
	a.printQuality("quality after", after)
	if err := hand.do(); err != nil {
		return err
	}
	a.printf("\nreport:   %s\nstate:    %s\nparquet:  %s\nconfig:   %s\nsandbox:  %s\n", after.Quality.Reports[0], r.Config.Staging.SQLite,
		r.Config.Staging.ParquetDir, a.configPath, hand.stateDir())
	a.printContinue(later, hand.stateDir(), approveAll)
	a.printf("\ndone in %.1f s\n", time.Since(start).Seconds())
	return nil
}

// printContinue says how to go on with the demo's state: a sandbox serving the
// demo's saved data where the config now points, then the usual commands.
func (a *app) printContinue(later *sandboxSystems, stateDir string, approveAll bool) {
	names := emulatorNames()
	addr := strings.TrimPrefix(later.URL(names[0]), "http://")
	a.printf("\nThe demo's sandbox has stopped; its data, with the demo's writes, is saved in\n"+
		"%s. To continue with the same data, serve it where\n%s now points (%s and the next %d ports)\n"+
		"and keep it running; it saves the data back when stopped (Ctrl-C):\n",
		stateDir, a.configPath, addr, len(names)-1)
	a.printf("  steward sandbox --listen %s --state %s\nThen, in another shell:\n", addr, shellQuote(stateDir))
	cfg := shellQuote(a.configPath)
	if !approveAll {
		a.printf("  steward drafts list --config %s\n", cfg)
	}
	a.printf("  steward run prices products --config %s\n  steward runs --config %s\n", cfg, cfg)
}

func (a *app) approveAndPush(ctx context.Context, r *jobs.Runner) error {
	n, err := approvePending(ctx, r, "demo --approve-all")
	if err != nil {
		return err
	}
	res, err := r.PushDrafts(ctx, "products", store.DraftFilter{})
	if err != nil {
		return err
	}
	a.printf("approved:        %d drafts and corrections; %d pushed to the PIM, %d rejected\n", n, res.Pushed, res.Rejected)
	return nil
}

func (a *app) printQuality(label string, res jobs.Result) {
	s := res.Quality.Summary
	a.printf("%-16s %.1f %% (%d / %d products pass every error-level rule), grade %s; enrichment %.1f %% (%s), consistency %.1f %% (%s)\n",
		label+":", s.Score, s.Passing, s.Checked, s.Grade, s.Axes.Enrichment, s.Axes.EnrichmentGrade, s.Axes.Consistency, s.Axes.ConsistencyGrade)
}

// demoRun runs jobs one after the other and keeps the first error.
type demoRun struct {
	app *app
	r   *jobs.Runner
	ctx context.Context
	err error
}

func (d *demoRun) run(req jobs.Request) jobs.Result {
	if d.err != nil {
		return jobs.Result{Quality: &jobs.QualityOutcome{}}
	}
	res, err := d.r.Run(d.ctx, req)
	if err != nil {
		d.err = fmt.Errorf("demo: %w", err)
	}
	if res.Quality == nil {
		res.Quality = &jobs.QualityOutcome{Reports: []string{""}}
	}
	return res
}
