package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/store"
)

func (a *app) listDraftsCmd(d *draftFlags) *cobra.Command {
	c := &cobra.Command{
		Use:   "list",
		Short: "List drafts, oldest first, and say how many of how many match",
		Long: `list shows the drafts the filters select, oldest first, at most --limit of
them (--limit 0 shows all), and then how many it showed of how many match.`,
		Example: "  steward drafts list --status flagged\n  steward drafts list --kind description --limit 0",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := d.filter(nil, false)
			if err != nil {
				return err
			}
			if d.limit < 0 {
				return usage("--limit %d: want a positive number, or 0 for all", d.limit)
			}
			f.Limit = d.limit
			return a.withReadStore(cmd, func(st readStore) error {
				ds, err := st.Drafts(cmd.Context(), f)
				if err != nil {
					return err
				}
				total, err := st.CountDrafts(cmd.Context(), f)
				if err != nil {
					return err
				}
				if err := a.printDraftsTable(ds); err != nil {
					return err
				}
				a.printf("%d of %d drafts shown", len(ds), total)
				if len(ds) < total {
					a.printf("; --limit N shows more, --limit 0 all")
				}
				a.printf("\n")
				return nil
			})
		},
	}
	c.Flags().StringVar(&d.status, "status", "", "pending, approved, rejected, pushed, flagged or superseded")
	c.Flags().IntVar(&d.limit, "limit", 100, "how many to show (0: all)")
	return c
}

func (a *app) printDraftsTable(ds []store.Draft) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATUS\tSKU\tFAMILY\tATTRIBUTE\tLOCALE\tCHANNEL\tVALUE")
	for _, x := range ds {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, x.Kind, x.Status, x.SKU, x.Family, x.Attribute, x.Locale, x.Channel, clipText(listedValue(x), 60))
	}
	return tw.Flush()
}

// listedValue is a draft's value as listed: a description's text as stored
// (JSON), a correction's canonical value as it reads.
func listedValue(x store.Draft) string {
	if x.Kind == store.DraftCorrection {
		return shownValue(x.Value)
	}
	return x.Value
}
