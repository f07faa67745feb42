package report

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium returns the path of a Chromium-like browser, or skips (fails
// under MAPLAB_REQUIRE_ALL=1) when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	// Looked up on PATH only, so a PATH without it hides it (.ci/run does).
	for _, p := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	msg := "no headless Chromium (chromium, chromium-browser or google-chrome) on PATH; the HTML page is not checked in a real browser"
	if os.Getenv("MAPLAB_REQUIRE_ALL") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// profile returns a fresh browser profile directory. Chromium's helper
// processes may still write to it for a moment after the browser closed,
// so its removal is retried and a failure only logged.
func profile(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "maplab-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; ; i++ {
			err := os.RemoveAll(dir)
			if err == nil {
				return
			}
			if i == 20 {
				t.Logf("removing browser profile: %v", err)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return dir
}

// TestBrowser opens the rendered page of the fixture (whose stderr and
// reasons hold script and markup injections) in headless Chromium from a
// file:// URL and checks it through the DOM.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	bin := chromium(t)
	r := mustBuild(t, fixtureInput(t))
	dir := t.TempDir()
	if err := WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	page := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, HTMLFile))}).String()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(profile(t)),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	bctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	ctx, cancelT := context.WithTimeout(bctx, 90*time.Second)
	defer cancelT()

	var mu sync.Mutex
	var console []string
	chromedp.ListenTarget(ctx, func(ev interface{}) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			console = append(console, string(ev.Entry.Level)+": "+ev.Entry.Text)
		case *runtime.EventConsoleAPICalled:
			console = append(console, "console."+string(ev.Type))
		case *runtime.EventExceptionThrown:
			console = append(console, "exception: "+ev.ExceptionDetails.Text)
		}
	})

	run := func(what string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string, res interface{}) {
		t.Helper()
		run(what, chromedp.Evaluate(js, res))
	}

	run("opening "+page, log.Enable(), chromedp.Navigate(page), chromedp.WaitReady("#table-plain"))

	// Shape of the table.
	var rows, heads int
	eval("counting rows", `document.querySelectorAll('#table-plain > tbody > tr').length`, &rows)
	eval("counting columns", `document.querySelectorAll('#table-plain > thead > tr > th').length`, &heads)
	wantRows := len(r.Sections[0].Rows)
	if rows != wantRows || heads != 1+len(r.Columns) {
		t.Errorf("plain table has %d rows and %d heading cells, want %d and %d", rows, heads, wantRows, 1+len(r.Columns))
	}
	var labels []string
	eval("reading row labels", `Array.from(document.querySelectorAll('#table-plain tbody th.probe a')).map(a => a.textContent)`, &labels)
	if got := strings.Join(labels, ","); !strings.Contains(got, "range-closure-capture (lang go1.21)") || !strings.Contains(got, "concurrent-writes") {
		t.Errorf("row labels = %q", got)
	}

	// The inline script ran (the CSP hash matches) and the style sheet applied.
	var count, bg string
	eval("reading the row count", `document.getElementById('f-count').textContent`, &count)
	total := 0
	for _, s := range r.Sections {
		total += len(s.Rows)
	}
	if want := fmt.Sprintf("%d of %d rows", total, total); count != want {
		t.Errorf("filter count = %q, want %q (did the CSP block the script?)", count, want)
	}
	eval("reading a cell colour", `getComputedStyle(document.querySelector('#row-delete-during-range-plain td.k-clean')).backgroundColor`, &bg)
	if bg != "rgb(217, 242, 208)" {
		t.Errorf("clean cell background = %q, want rgb(217, 242, 208) (did the CSP block the style sheet?)", bg)
	}

	// Expanding a cell shows every outcome's k/n.
	sel := `#row-concurrent-writes-plain td.k-fatal summary`
	var before, after bool
	var evText string
	eval("reading details state", `document.querySelector('#row-concurrent-writes-plain td.k-fatal details').open`, &before)
	run("expanding a cell", chromedp.Click(sel, chromedp.ByQuery))
	eval("reading details state", `document.querySelector('#row-concurrent-writes-plain td.k-fatal details').open`, &after)
	eval("reading expanded cell", `document.querySelector('#row-concurrent-writes-plain td.k-fatal .ev').innerText`, &evText)
	if before || !after {
		t.Errorf("details open before click %v, after %v; want false, true", before, after)
	}
	for _, want := range []string{"15/20", "4/20", "1/20", "<script>window.__pwned=1</script>", "onerror="} {
		if !strings.Contains(evText, want) {
			t.Errorf("expanded cell text lacks %q:\n%s", want, evText)
		}
	}

	// Filtering by probe name.
	visible := `Array.from(document.querySelectorAll('tr[data-probe]')).filter(r => !r.hidden && r.offsetParent !== null).map(r => r.dataset.probe)`
	var shown []string
	run("typing in the probe filter", chromedp.SendKeys("#f-probe", "nil-map", chromedp.ByQuery))
	eval("listing visible rows", visible, &shown)
	if strings.Join(shown, ",") != "nil-map-write" {
		t.Errorf("after typing nil-map, visible rows = %q, want [nil-map-write]", shown)
	}
	// Filtering by outcome kind (after clearing the text).
	var ok bool
	eval("clearing the probe filter", `(() => { const q = document.getElementById('f-probe'); q.value = ''; q.dispatchEvent(new Event('input')); return true })()`, &ok)
	run("choosing an outcome", chromedp.SetValue("#f-kind", "unsupported", chromedp.ByQuery))
	eval("firing change", `(() => { document.getElementById('f-kind').dispatchEvent(new Event('change')); return true })()`, &ok)
	eval("listing visible rows", visible, &shown)
	if got := strings.Join(shown, ","); got != "clear-during-range" {
		t.Errorf("outcome filter unsupported: visible rows = %q", got)
	}
	run("choosing an outcome", chromedp.SetValue("#f-kind", "race", chromedp.ByQuery))
	eval("firing change", `(() => { document.getElementById('f-kind').dispatchEvent(new Event('change')); return true })()`, &ok)
	eval("listing visible rows", visible, &shown)
	if got := strings.Join(shown, ","); got != "concurrent-writes" {
		t.Errorf("outcome filter race: visible rows = %q, want only the race-mode concurrent-writes row", got)
	}
	run("resetting the filter", chromedp.SetValue("#f-kind", "", chromedp.ByQuery))
	eval("firing change", `(() => { document.getElementById('f-kind').dispatchEvent(new Event('change')); return true })()`, &ok)

	// Hiding the releases that were not measured hides whole columns.
	var headsShown int
	visibleHeads := `Array.from(document.querySelectorAll('#table-plain > thead > tr > th')).filter(h => h.offsetParent !== null).length`
	run("unticking not measured", chromedp.Click("#f-nm", chromedp.ByQuery))
	eval("counting visible columns", visibleHeads, &headsShown)
	measured := 0
	for _, c := range r.Columns {
		if c.Measured {
			measured++
		}
	}
	if headsShown != 1+measured {
		t.Errorf("with releases not measured hidden, %d heading cells are visible, want %d", headsShown, 1+measured)
	}
	var cellsInRow int
	eval("counting visible cells", `Array.from(document.querySelectorAll('#row-maps-iterator-delete-plain > td')).filter(c => c.offsetParent !== null).length`, &cellsInRow)
	if cellsInRow != measured {
		t.Errorf("with releases not measured hidden, a row shows %d cells, want %d (one per measured column)", cellsInRow, measured)
	}
	run("ticking not measured", chromedp.Click("#f-nm", chromedp.ByQuery))
	eval("counting visible columns", visibleHeads, &headsShown)
	if headsShown != 1+len(r.Columns) {
		t.Errorf("with every release shown, %d heading cells are visible, want %d", headsShown, 1+len(r.Columns))
	}

	// No injected script ran and no injected element exists.
	var pwned string
	var images, scripts int
	eval("checking for injected script", `typeof window.__pwned`, &pwned)
	eval("counting images", `document.images.length`, &images)
	eval("counting scripts", `document.scripts.length`, &scripts)
	if pwned != "undefined" || images != 0 || scripts != 1 {
		t.Errorf("window.__pwned is %s, %d img elements, %d scripts; want undefined, 0, 1", pwned, images, scripts)
	}

	shots := t.TempDir()
	if d := os.Getenv("MAPLAB_SCREENSHOT_DIR"); d != "" {
		shots = d
	}
	var png []byte
	run("taking a screenshot", chromedp.FullScreenshot(&png, 100))
	shot := filepath.Join(shots, "report-desktop.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("desktop screenshot: %s", shot)
	eval("showing a cell", `(() => { document.querySelector('#row-concurrent-writes-plain td.k-fatal details').open = true; document.getElementById('mode-plain').scrollIntoView(); document.querySelector('.scroll').scrollLeft = 10000; return true })()`, &ok)
	run("taking a table screenshot", chromedp.CaptureScreenshot(&png))
	shot = filepath.Join(shots, "report-table.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("table screenshot: %s", shot)
	var scrollable bool
	run("emulating a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	eval("checking horizontal scrolling", `(() => { const s = document.querySelector('.scroll'); return s.scrollWidth > s.clientWidth && document.documentElement.scrollWidth <= window.innerWidth + 1 })()`, &scrollable)
	if !scrollable {
		t.Errorf("on a 390px viewport the table should scroll inside its box, not widen the page")
	}
	var stickyLeft float64
	eval("scrolling the table", `(() => { const s = document.querySelector('.scroll'); s.scrollLeft = 400; return document.querySelector('#row-concurrent-writes-plain th.probe').getBoundingClientRect().left - s.getBoundingClientRect().left })()`, &stickyLeft)
	if stickyLeft < -1 || stickyLeft > 2 {
		t.Errorf("after scrolling the table, the probe column is %vpx from the box's left edge; want it sticky at 0", stickyLeft)
	}
	eval("closing the cell", `(() => { document.querySelector('#row-concurrent-writes-plain td.k-fatal details').open = false; return true })()`, &ok)
	eval("scrolling to the table", `(() => { document.getElementById('mode-plain').scrollIntoView(); return true })()`, &ok)
	run("taking a phone screenshot", chromedp.CaptureScreenshot(&png))
	shot = filepath.Join(shots, "report-phone.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("phone screenshot: %s", shot)

	mu.Lock()
	defer mu.Unlock()
	for _, line := range console {
		if strings.Contains(line, "Content Security Policy") || strings.HasPrefix(line, "exception") {
			t.Errorf("browser reported: %s", line)
		}
	}
}
