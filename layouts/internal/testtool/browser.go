package testtool

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// Chromium is where Debian installs the browser the tests drive.
const Chromium = "/usr/bin/chromium"

// NeedChromium returns Chromium's path, or skips (fails in CI).
func NeedChromium(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		missing(t, "Chromium ("+Chromium+")")
	}
	return Chromium
}

// Browser starts headless Chromium with the given options besides the
// defaults (no sandbox when the tests run as root) and returns a tab's
// context; the browser closes when the test ends.
func Browser(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(NeedChromium(t)))
	opts = append(opts, extra...)
	if os.Getuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	return ctx
}

// AxeScript is axe-core's axe.min.js ($AXE_CORE, or where .ci/run
// installs it), or skips (fails in CI).
func AxeScript(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("AXE_CORE"), "/opt/axe/node_modules/axe-core/axe.min.js"} {
		if p == "" {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			return string(data)
		}
	}
	missing(t, "axe-core (npm install --prefix /opt/axe axe-core, or set AXE_CORE to axe.min.js)")
	return ""
}

// AxeRun runs axe-core on the page for WCAG 2.1 A and AA and gives
// {passes, violations: [{id, help, nodes}]} as JSON.
const AxeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => JSON.stringify({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))}))`

// Axe checks the page open in ctx with axe-core (script from AxeScript)
// and returns how many checks passed and each violation, described.
func Axe(t testing.TB, ctx context.Context, script string) (passes int, violations []string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](script)); err != nil {
		t.Fatalf("axe: %v", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](AxeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	var res struct {
		Passes     int
		Violations []struct {
			ID, Help string
			Nodes    []string
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	for _, v := range res.Violations {
		violations = append(violations, fmt.Sprintf("%s (%s) at %v", v.ID, v.Help, v.Nodes))
	}
	return res.Passes, violations
}
