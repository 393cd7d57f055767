package main

import (
	"cmp"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	salsifysb "github.com/stewardhq/steward/internal/sandbox/salsify"
)

func (a *app) sandboxCmd() *cobra.Command {
	var opt sandbox.Options
	var configDir, stateDir, pim, crm string
	var leads bool
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve emulators of every supported system on loopback",
		Long: `sandbox serves the emulators of every supported system: the PIMs Akeneo,
Pimcore and Salsify, SAP S/4HANA (OData v4 products and prices, OData v2
business partners), the CRMs HubSpot, Salesforce and Dataverse (Dynamics 365)
and an OpenAI-compatible sandbox model, with
deterministic synthetic data: the headline scenario by default (12,000 products;
3,000 lacking descriptions, 800 inconsistent, 200 stale prices), scaled by
--products. --profile realistic serves the realistic catalog instead (three
locales, two channels, families with requirements per channel, product models
and variants, images, overlapping defects and typos), each PIM holding it as
it holds such data (Akeneo product models, Pimcore object variants, Salsify
parent and child products), and --write-config then writes its rules
(completeness, spelling, consistency). The first system listens
on --listen, the next ones on the following ports, in the order printed.
Faults are switched at POST <base>/_sandbox/faults. With --write-config DIR it
writes a steward.yaml for these systems into DIR, with --pim as its PIM and
--crm as the CRM of its customers and products-crm jobs; the credentials are
in DIR/secrets. With --state DIR it serves the
data saved in DIR (its products and seed; the writes made to the systems) and
saves the data back into DIR when stopped; steward demo leaves such a folder.
It runs until interrupted.`,
		Example: "  steward sandbox --listen 127.0.0.1:8700 --write-config ./sandbox\n" +
			"  steward run prices products --config ./sandbox/steward.yaml\n" +
			"  steward run customers-crm customers-erp products-crm --config ./sandbox/steward.yaml\n" +
			"  steward sandbox --listen 127.0.0.1:8700 --state ./steward-demo/sandbox\n" +
			"  steward sandbox --profile realistic --products 3000 --write-config ./realistic\n" +
			"  steward sandbox --profile realistic --pim salsify --write-config ./realistic-salsify",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.sandbox(cmd, opt, configDir, stateDir, sandbox.ConfigOptions{PIM: pim, CRM: crm, Leads: leads})
		},
	}
	cmd.Flags().StringVar(&opt.Listen, "listen", "127.0.0.1:8700", "host:port of the first system")
	cmd.Flags().IntVar(&opt.Products, "products", 12000, "number of products (a saved --state sets it)")
	cmd.Flags().Uint64Var(&opt.Seed, "seed", 1, "data seed (a saved --state sets it)")
	cmd.Flags().StringVar(&opt.Profile, "profile", catalog.Headline, "catalog profile: headline (the demo's exact scenario) or realistic (three locales, two channels, "+
		"families with requirements per channel, product models and variants, images, overlapping defects and typos; a saved --state sets it)")
	cmd.Flags().StringVar(&configDir, "write-config", "", "write a steward.yaml for the sandbox into this folder")
	cmd.Flags().StringVar(&pim, "pim", "pimcore", "the PIM of the --write-config config: "+strings.Join(sandboxPIMNames(), ", "))
	cmd.Flags().BoolVar(&leads, "leads", false, "add the lead routing jobs (crm-accounts, leads) to the --write-config config")
	cmd.Flags().StringVar(&crm, "crm", "hubspot", "the CRM of the --write-config config: "+strings.Join(sandboxCRMNames(), ", "))
	cmd.Flags().StringVar(&stateDir, "state", "", "serve the data saved in this folder, and save it there when stopped")
	return cmd
}

func (a *app) sandbox(cmd *cobra.Command, opt sandbox.Options, configDir, stateDir string, cfgOpt sandbox.ConfigOptions) (retErr error) {
	if err := checkSandboxSystems(cfgOpt); err != nil {
		return err
	}
	loaded, err := sandboxState(cmd, &opt, stateDir)
	if err != nil {
		return err
	}
	sb, err := runSandbox(opt)
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(cmd.Context()), 5*time.Second)
		defer cancel()
		// Stop serving first, so that the saved state has every answered write.
		err := sb.Close(ctx)
		if stateDir != "" {
			if serr := sb.SaveState(stateDir); serr != nil {
				err = errors.Join(err, serr)
			} else {
				a.printf("state saved:        %s\n", filepath.Join(stateDir, sandbox.StateFile))
			}
		}
		if retErr == nil {
			retErr = err
		}
	}()
	for _, name := range sb.Names() {
		label := cmp.Or(sandboxLabels[name].label, name)
		a.printf("%-19s %s%s%s\n", label+":", sb.URL(name), sandboxLabels[name].path, credentialsNote(name))
	}
	if configDir != "" {
		path, err := sb.WriteConfig(configDir, cfgOpt)
		if err != nil {
			return err
		}
		if err := writeProfileRules(path, sb.Catalog.Profile); err != nil {
			return err
		}
		a.printf("config:             %s\n", path)
	}
	if stateDir != "" {
		what := "none yet, starting fresh"
		if loaded {
			what = "loaded"
		}
		a.printf("state:              %s (%s; saved there when stopped)\n", filepath.Join(stateDir, sandbox.StateFile), what)
	}
	a.printf("products: %d, seed: %d, profile: %s — press Ctrl-C to stop\n", sb.Catalog.N, sb.Catalog.Seed, sb.Catalog.Profile)
	<-cmd.Context().Done()
	return nil
}

// checkSandboxSystems refuses a --pim or --crm the sandbox has no config for.
func checkSandboxSystems(opt sandbox.ConfigOptions) error {
	if _, ok := sandboxPIMs[opt.PIM]; !ok {
		return usage("--pim %q: want one of %s", opt.PIM, strings.Join(sandboxPIMNames(), ", "))
	}
	if _, ok := sandboxCRMs[opt.CRM]; !ok {
		return usage("--crm %q: want one of %s", opt.CRM, strings.Join(sandboxCRMNames(), ", "))
	}
	return nil
}

// sandboxLabels say what each emulator stands for and the path its API is
// served below; an emulator missing here is printed by its name.
var sandboxLabels = map[string]struct{ label, path string }{
	"akeneo":  {"akeneo (PIM)", ""},
	"pimcore": {"pimcore (PIM)", "/pimcore-graphql-webservices/steward"},
	"salsify": {"salsify (PIM)", "/api/v1/orgs/" + salsifysb.SandboxOrg},
	"sap":     {"sap (ERP, OData)", ""},
	"llm":     {"llm (OpenAI API)", "/v1"},
	// The CRMs: their APIs' roots (credentials: credentialsNote).
	"hubspot":    {"hubspot (CRM)", "/crm/v3/objects"},
	"salesforce": {"salesforce (CRM)", "/services/data"},
	"dataverse":  {"dataverse (CRM)", "/api/data/v9.2"},
}

// sandboxState reads the state saved in dir into opt. The saved products and
// seed win; --products or --seed given with other values are refused.
func sandboxState(cmd *cobra.Command, opt *sandbox.Options, dir string) (bool, error) {
	if dir == "" {
		return false, nil
	}
	st, err := sandbox.ReadState(dir)
	if err != nil || st == nil {
		return false, err
	}
	path := filepath.Join(dir, sandbox.StateFile)
	if cmd.Flags().Changed("products") && opt.Products != st.Products {
		return false, usage("--products %d does not match the %d products saved in %s; leave --products out to serve the saved data, or pick another --state folder",
			opt.Products, st.Products, path)
	}
	if cmd.Flags().Changed("seed") && opt.Seed != st.Seed {
		return false, usage("--seed %d does not match the seed %d saved in %s; leave --seed out to serve the saved data, or pick another --state folder",
			opt.Seed, st.Seed, path)
	}
	if cmd.Flags().Changed("profile") && !sameProfile(opt.Profile, st.Profile) {
		return false, usage("--profile %s does not match the profile saved in %s; leave --profile out to serve the saved data, or pick another --state folder",
			opt.Profile, path)
	}
	opt.State = st
	return true, nil
}
