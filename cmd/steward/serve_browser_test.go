package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
)

// The browser tests share one headless chromium for the package: each
// person logs in in a browser context of their own (their own cookies), each
// page is a tab. TestMain stops it after the last test.

// browserEnv names the variable that makes a missing chromium a failure
// instead of a skip (CI sets it after installing Debian's chromium).
const browserEnv = "STEWARD_REQUIRE_CHROMIUM"

// chromium is the package's browser, started on first use.
var chromium struct {
	once    sync.Once
	ctx     context.Context // the browser; tabs are its children
	stop    func()
	err     error
	dataDir string
}

// stopChromium ends the shared browser, if a test started one.
func stopChromium() {
	if chromium.stop != nil {
		chromium.stop()
		_ = os.RemoveAll(chromium.dataDir)
	}
}

// browser returns the shared browser, or skips the test (fails it under
// STEWARD_REQUIRE_CHROMIUM=1) when no chromium is installed.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv(browserEnv) == "1" {
			t.Fatalf("chromium is not installed and %s=1: apt-get install chromium (.ci/run does)", browserEnv)
		}
		t.Skipf("chromium is not installed (apt-get install chromium); set %s=1 to fail instead", browserEnv)
	}
	chromium.once.Do(func() { chromium.err = startChromium(path) })
	if chromium.err != nil {
		t.Fatalf("start chromium: %v", chromium.err)
	}
	return chromium.ctx
}

func startChromium(path string) error {
	dir, err := os.MkdirTemp("", "steward-chromium-")
	if err != nil {
		return err
	}
	chromium.dataDir = dir
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1400, 1000))
	ctx, cancel := chromedp.NewContext(alloc)
	chromium.ctx, chromium.stop = ctx, func() { cancel(); cancelAlloc() }
	// The first Run starts the browser.
	_, err = chromedp.Run(ctx, chromedp.Navigate("about:blank"))
	return err
}

// person is one browser context: one login, its own cookies.
type person struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// newPerson opens a tab in a fresh browser context, closed with the test.
func newPerson(t *testing.T, base string) *person {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute) // a loaded CI machine under -race
	t.Cleanup(cancelTimeout)
	return &person{t: t, ctx: ctx, base: base}
}

// css selects elements by a CSS selector (querySelectorAll), never by text.
func css(sel string) chromedp.QueryOption {
	return chromedp.ByFunc(func(ctx context.Context, t *chromedp.Target, n *chromedp.Node) ([]cdp.NodeID, error) {
		res, err := cdp.Call(ctx, t, dom.QuerySelectorAll, dom.QuerySelectorAllParams{NodeID: n.NodeID, Selector: sel})
		return res.NodeIDs, err
	})
}

// do runs steps, failing the test with what was being done.
func (p *person) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v (page %s)", what, err, p.location())
	}
}

// open navigates to a console path and returns its HTTP status.
func (p *person) open(path string) int {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Navigate(p.base+path))
	if err != nil {
		p.t.Fatalf("open %s: %v", path, err)
	}
	return int(resp.Status)
}

// submit clicks the button matched by sel and returns the status of the
// page the form led to.
func (p *person) submit(sel string) int {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(sel, css(sel)))
	if err != nil {
		p.t.Fatalf("click %s: %v (page %s)", sel, err, p.location())
	}
	return int(resp.Status)
}

// text is the visible text of the first element matching sel.
func (p *person) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(sel, css(sel)))
	if err != nil {
		p.t.Fatalf("read %s: %v (page %s)", sel, err, p.location())
	}
	return s
}

// count is how many elements match sel on the page.
func (p *person) count(sel string) int {
	p.t.Helper()
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
	if err != nil {
		p.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// fill sets the value of the field matched by sel.
func (p *person) fill(sel, value string) {
	p.t.Helper()
	script := fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return false; el.value = %q; return true; })()`, sel, value)
	ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](script))
	if err != nil || !ok {
		p.t.Fatalf("fill %s: no such field (%v) on %s", sel, err, p.location())
	}
}

func (p *person) location() string {
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(loc, p.base)
}
