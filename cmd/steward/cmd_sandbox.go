package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/sandbox"
)

func (a *app) sandboxCmd() *cobra.Command {
	var opt sandbox.Options
	var configDir string
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve emulators of every supported system on loopback",
		Long: `sandbox serves the Akeneo PIM and SAP S/4HANA (OData v4) emulators and an
OpenAI-compatible sandbox model, with
deterministic synthetic data: the headline scenario by default (12,000 products;
3,000 lacking descriptions, 800 inconsistent, 200 stale prices), scaled by
--products. The first system listens on --listen, the next on the following port.
Faults are switched at POST <base>/_sandbox/faults. With --write-config DIR it
writes a steward.yaml for these systems into DIR. It runs until interrupted.`,
		Example: "  steward sandbox --listen 127.0.0.1:8700 --write-config ./sandbox\n  steward run prices products --config ./sandbox/steward.yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sb, err := sandbox.Start(opt)
			if err != nil {
				return err
			}
			defer func() {
				ctx, cancel := context.WithTimeout(context.WithoutCancel(cmd.Context()), 5*time.Second)
				defer cancel()
				_ = sb.Close(ctx)
			}()
			a.printf("akeneo (PIM):       %s\n", sb.AkeneoURL)
			a.printf("sap (ERP, OData v4): %s\n", sb.SAPURL)
			a.printf("llm (OpenAI API):   %s/v1\n", sb.LLMURL)
			if configDir != "" {
				path, err := sb.WriteConfig(configDir, sandbox.ConfigOptions{})
				if err != nil {
					return err
				}
				a.printf("config:             %s\n", path)
			}
			a.printf("products: %d, seed: %d — press Ctrl-C to stop\n", sb.Catalog.N, sb.Catalog.Seed)
			<-cmd.Context().Done()
			return nil
		},
	}
	cmd.Flags().StringVar(&opt.Listen, "listen", "127.0.0.1:8700", "host:port of the first system")
	cmd.Flags().IntVar(&opt.Products, "products", 12000, "number of products")
	cmd.Flags().Uint64Var(&opt.Seed, "seed", 1, "data seed")
	cmd.Flags().StringVar(&configDir, "write-config", "", "write a steward.yaml for the sandbox into this folder")
	return cmd
}
