package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/stewardhq/steward/internal/store"
)

// screenshotsEnv names the folder the screenshots go to.
const screenshotsEnv = "STEWARD_SCREENSHOTS"

// shotWidths are the widths each page is shot at: a desktop and a phone.
var shotWidths = []int64{1400, 390}

// TestConsoleScreenshots writes a PNG of every console page at 1400 and 390
// px wide into $STEWARD_SCREENSHOTS (default <tmp>/steward-screenshots), for
// a reviewer to look at, and logs the folder. A page the console does not
// serve yet is logged as missing and fails the test.
func TestConsoleScreenshots(t *testing.T) {
	browser(t)
	dir := os.Getenv(screenshotsEnv)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "steward-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	e := newConsoleEnv(t)
	anon := newPerson(t, e.base)
	anon.open("/login")
	shoot(t, anon, dir, "login")
	ops := e.login(t, "olaf@example.com", "ops")
	d := descriptionDrafts(t, e.st, store.DraftPending)[0]
	pages := []struct{ name, path string }{
		{"review", "/review"},
		{"review-filtered", "/review?status=pending&kind=description&family=" + d.Family},
		{"review-edit", fmt.Sprintf("/review/%d/edit", d.ID)},
		{"escalations", "/escalations"},
		{"escalation", fmt.Sprintf("/escalations/%d", e.escalation)},
		{"quality", "/quality"},
		{"quality-trend", "/quality/trend"},
		{"product", "/products/" + d.ProductKey},
		{"runs", "/runs"},
		{"run", fmt.Sprintf("/runs/%d", e.deadLetter.RunID)},
		{"audit", "/audit"},
	}
	var missing []string
	for _, pg := range pages {
		if st := ops.open(pg.path); st != http.StatusOK {
			missing = append(missing, fmt.Sprintf("%s (%s: %d)", pg.name, pg.path, st))
			continue
		}
		shoot(t, ops, dir, pg.name)
	}
	t.Logf("screenshots of the console in %s", dir)
	if len(missing) > 0 {
		t.Errorf("pages not served (no screenshot): %v", missing)
	}
}

// shoot writes the page as <name>-<width>.png at each width and checks the
// file is a PNG of that width.
func shoot(t *testing.T, p *person, dir, name string) {
	t.Helper()
	for _, w := range shotWidths {
		b, err := chromedp.Run(p.ctx, func() chromedp.Action[[]byte] {
			return func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
				if _, err := chromedp.EmulateViewport(w, 900)(ctx, tg); err != nil {
					return nil, err
				}
				return chromedp.FullScreenshot(100)(ctx, tg)
			}
		}())
		if err != nil {
			t.Fatalf("screenshot %s at %d px: %v", name, w, err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w)), b, 0o644); err != nil {
			t.Fatal(err)
		}
		// A page wider than the screen scrolls sideways as a whole: only
		// its tables and charts may.
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil || int64(cfg.Width) != w {
			t.Errorf("page %s at %d px is %d px wide (%v)", name, w, cfg.Width, err)
		}
	}
}
