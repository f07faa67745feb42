package report

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/maplab/maplab/internal/claims"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
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
// reasons hold script and markup injections) in headless Chromium at
// 1280×800 from a file:// URL and checks it through the DOM.
func TestBrowser(t *testing.T) {
	r := mustBuild(t, fixtureInput(t))
	dir := t.TempDir()
	if err := WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	page := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, HTMLFile))}).String()
	b := startBrowser(t)
	run, eval := b.run, b.eval

	run("opening "+page, chromedp.Navigate(page), chromedp.WaitReady("#table-plain"))

	// Shape of the table.
	var rows, heads int
	eval("counting rows", `document.querySelectorAll('#table-plain > tbody > tr[data-probe]').length`, &rows)
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

	// A row where nothing happened is folded into its table's fold line
	// until the toggle shows it.
	var quietShown, foldShown bool
	quietVisible := `document.getElementById('row-clear-during-range-plain').offsetParent !== null`
	foldVisible := `document.querySelector('#table-plain tr.fold').offsetParent !== null`
	eval("reading a quiet row", quietVisible, &quietShown)
	eval("reading the fold line", foldVisible, &foldShown)
	if quietShown || !foldShown {
		t.Errorf("before the toggle: quiet row shown %v, fold line shown %v; want false, true", quietShown, foldShown)
	}
	run("showing quiet rows", chromedp.Click("#f-quiet", chromedp.ByQuery))
	eval("reading a quiet row", quietVisible, &quietShown)
	eval("reading the fold line", foldVisible, &foldShown)
	if !quietShown || foldShown {
		t.Errorf("after the toggle: quiet row shown %v, fold line shown %v; want true, false", quietShown, foldShown)
	}
	run("folding quiet rows again", chromedp.Click("#f-quiet", chromedp.ByQuery))

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

	// The releases that were not measured are hidden until asked for, as
	// whole columns, and every measured column fits the window.
	var headsShown int
	visibleHeads := `Array.from(document.querySelectorAll('#table-plain > thead > tr > th')).filter(h => h.offsetParent !== null).length`
	eval("counting visible columns", visibleHeads, &headsShown)
	measured := 0
	for _, c := range r.Columns {
		if c.Measured {
			measured++
		}
	}
	if headsShown != 1+measured {
		t.Errorf("by default, %d heading cells are visible, want %d (releases not measured hidden)", headsShown, 1+measured)
	}
	var cellsInRow int
	eval("counting visible cells", `Array.from(document.querySelectorAll('#row-maps-iterator-delete-plain > td')).filter(c => c.offsetParent !== null).length`, &cellsInRow)
	if cellsInRow != measured {
		t.Errorf("by default, a row shows %d cells, want %d (one per measured column)", cellsInRow, measured)
	}
	checkColumnsFit(t, b, measured)
	run("ticking not measured", chromedp.Click("#f-nm", chromedp.ByQuery))
	eval("counting visible columns", visibleHeads, &headsShown)
	if headsShown != 1+len(r.Columns) {
		t.Errorf("with every release shown, %d heading cells are visible, want %d", headsShown, 1+len(r.Columns))
	}
	run("unticking not measured", chromedp.Click("#f-nm", chromedp.ByQuery))
	eval("counting visible columns", visibleHeads, &headsShown)
	if headsShown != 1+measured {
		t.Errorf("with releases not measured hidden again, %d heading cells are visible, want %d", headsShown, 1+measured)
	}

	// Following a cell's permalink on the page opens that cell.
	var opened struct {
		Hash   string `json:"hash"`
		Target bool   `json:"target"`
		Open   bool   `json:"open"`
	}
	eval("following a permalink", `new Promise(done => {
  window.addEventListener('hashchange', () => {
    const c = document.getElementById('nil-map-write/go1.26.8/plain');
    done({hash: location.hash, target: c.classList.contains('target'), open: c.querySelector('details').open});
  }, {once: true});
  document.querySelector('a.perma[href="#nil-map-write/go1.26.8/plain"]').click();
})`, &opened, awaitPromise)
	if opened.Hash != "#nil-map-write/go1.26.8/plain" || !opened.Target || !opened.Open {
		t.Errorf("after following a permalink: hash %q, cell marked %v, open %v; want #nil-map-write/go1.26.8/plain, true, true", opened.Hash, opened.Target, opened.Open)
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

	// A permalink opens its cell; one into a hidden column shows the
	// column first. (This navigates away, so it comes last.)
	run("leaving the phone", chromedp.EmulateViewport(1280, 800))
	checkPermalink(t, b, page, "concurrent-writes/go1.19.8/plain", "15/20")
	checkPermalink(t, b, page, "concurrent-writes/go1.19.8/race", "race+corrupt")
	checkPermalink(t, b, page, "range-closure-capture-lang-go1.21/go1.20/plain", "—")
	b.checkConsole(t)
}

// browser is a headless Chromium with one page, in a 1280×800 window.
type browser struct {
	ctx context.Context
	// run runs actions and fails the test, naming what, on an error;
	// eval evaluates js into res.
	run  func(what string, actions ...chromedp.Action)
	eval func(what, js string, res interface{}, opts ...chromedp.EvaluateOption)

	mu      sync.Mutex
	console []string
}

// startBrowser starts headless Chromium (skipping, or failing under
// MAPLAB_REQUIRE_ALL=1, without one) with a 1280×800 window, and collects
// what the page reports on its console.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	bin := chromium(t)
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
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(profile(t)),
		chromedp.WindowSize(1280, 800),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	bctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(cancelC)
	ctx, cancelT := context.WithTimeout(bctx, 90*time.Second)
	t.Cleanup(cancelT)
	b := &browser{ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev interface{}) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *log.EventEntryAdded:
			b.console = append(b.console, string(ev.Entry.Level)+": "+ev.Entry.Text)
		case *runtime.EventConsoleAPICalled:
			b.console = append(b.console, "console."+string(ev.Type))
		case *runtime.EventExceptionThrown:
			b.console = append(b.console, "exception: "+ev.ExceptionDetails.Text)
		}
	})
	b.run = func(what string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	b.eval = func(what, js string, res interface{}, opts ...chromedp.EvaluateOption) {
		t.Helper()
		b.run(what, chromedp.Evaluate(js, res, opts...))
	}
	b.run("setting the viewport to 1280×800", chromedp.EmulateViewport(1280, 800), log.Enable())
	return b
}

// checkConsole fails the test for every Content-Security-Policy violation
// and exception the page reported.
func (b *browser) checkConsole(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, line := range b.console {
		if strings.Contains(line, "Content Security Policy") || strings.HasPrefix(line, "exception") {
			t.Errorf("browser reported: %s", line)
		}
	}
}

// checkColumnsFit checks, at the page's current size, that every measured
// column of every table is visible without scrolling sideways: neither the
// page nor a table's box scrolls, and each of the want measured headings
// lies within the window.
func checkColumnsFit(t *testing.T, b *browser, want int) {
	t.Helper()
	var res []struct {
		ID         string   `json:"id"`
		Width      float64  `json:"width"`
		PageScroll bool     `json:"pageScroll"`
		BoxScroll  bool     `json:"boxScroll"`
		Outside    []string `json:"outside"`
		Measured   int      `json:"measured"`
	}
	b.eval("measuring the tables", `Array.from(document.querySelectorAll('table.matrix')).map(table => {
  const box = table.closest('.scroll');
  const heads = Array.from(table.querySelectorAll('thead th')).slice(1).filter(h => !h.classList.contains('nmcol'));
  return {
    id: table.id,
    width: window.innerWidth,
    pageScroll: document.documentElement.scrollWidth > window.innerWidth + 1,
    boxScroll: box.scrollWidth > box.clientWidth + 1,
    outside: heads.filter(h => { const b = h.getBoundingClientRect(); return b.width === 0 || b.left < 0 || b.right > window.innerWidth + 1; }).map(h => h.textContent),
    measured: heads.length,
  };
})`, &res)
	if len(res) == 0 {
		t.Fatal("the page has no table")
	}
	for _, tb := range res {
		if tb.Width != 1280 || tb.Measured != want || tb.PageScroll || tb.BoxScroll || len(tb.Outside) > 0 {
			t.Errorf("%s in a %vpx window (want 1280): %d measured headings (want %d), page scrolls sideways %v, table box scrolls %v, headings outside the window %q",
				tb.ID, tb.Width, tb.Measured, want, tb.PageScroll, tb.BoxScroll, tb.Outside)
		}
	}
}

// checkPermalink opens page#id afresh and checks that the cell with that
// id is marked, expanded when it has details, shown, within the window,
// and holds text.
func checkPermalink(t *testing.T, b *browser, page, id, text string) {
	t.Helper()
	var res struct {
		Found    bool   `json:"found"`
		Target   bool   `json:"target"`
		Open     bool   `json:"open"`
		Details  bool   `json:"details"`
		Visible  bool   `json:"visible"`
		InWindow bool   `json:"inWindow"`
		Text     string `json:"text"`
	}
	u := page + "#" + (&url.URL{Fragment: id}).EscapedFragment()
	b.run("opening "+u, chromedp.Navigate("about:blank"), chromedp.Navigate(u), chromedp.WaitReady("#table-plain"))
	js := fmt.Sprintf(`(() => {
  const c = document.getElementById(%q);
  if (!c) return {found: false};
  const d = c.querySelector('details');
  const r = c.getBoundingClientRect();
  return {found: true, target: c.classList.contains('target'), details: !!d, open: !!d && d.open,
    visible: c.offsetParent !== null, inWindow: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
    text: c.innerText};
})()`, id)
	b.eval("reading the permalinked cell", js, &res)
	if !res.Found || !res.Target || res.Details && !res.Open || !res.Visible || !res.InWindow || !strings.Contains(res.Text, text) {
		first, _, _ := strings.Cut(res.Text, "\n")
		t.Errorf("permalink #%s: found %v, marked %v, details %v open %v, visible %v, in the window %v, text %q… (want %q in it)",
			id, res.Found, res.Target, res.Details, res.Open, res.Visible, res.InWindow, first, text)
	}
}

// screenshot asks TestDocsPage to write docs/screenshot.png.
var screenshot = flag.Bool("screenshot", false, "write docs/screenshot.png: the committed docs/index.html in headless Chromium at 1280×800")

// docsDir is the repository's docs/, which `go run ./matrix report`
// renders from the committed results.
var docsDir = filepath.Join("..", "..", "docs")

// screenshotFile is the picture of docs/index.html kept in docs/ for
// readers of the repository, 1280×800 pixels.
const screenshotFile = "screenshot.png"

// TestDocsPage opens the committed docs/index.html in headless Chromium at
// 1280×800: every measured column of every table must be visible without
// scrolling sideways, and a permalink must open its cell. With
// -screenshot it writes docs/screenshot.png from the page as it opens:
//
//	go test ./internal/report -run TestDocsPage -screenshot
func TestDocsPage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(docsDir, JSONFile))
	if err != nil {
		t.Fatalf("%v: render docs/ first: go run ./matrix report", err)
	}
	var doc struct {
		Columns []struct {
			ID       string `json:"id"`
			Measured bool   `json:"measured"`
		} `json:"columns"`
		Probes map[string]struct {
			Rows []struct {
				Lang  string                                `json:"lang"`
				Modes map[string]map[string]json.RawMessage `json:"modes"`
			} `json:"rows"`
		} `json:"probes"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	measured := 0
	firstMeasured := ""
	for _, c := range doc.Columns {
		if c.Measured {
			measured++
			if firstMeasured == "" {
				firstMeasured = c.ID
			}
		}
	}
	abs, err := filepath.Abs(filepath.Join(docsDir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	page := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	b := startBrowser(t)
	b.run("opening "+page, chromedp.Navigate(page), chromedp.WaitReady("table.matrix"))
	if *screenshot {
		var png []byte
		b.run("taking the screenshot", chromedp.CaptureScreenshot(&png))
		if err := os.WriteFile(filepath.Join(docsDir, screenshotFile), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", filepath.Join(docsDir, screenshotFile))
	}
	checkColumnsFit(t, b, measured)
	// The last probe's race cell in the first measured column: far down
	// the page, so opening it must scroll.
	var names []string
	for name := range doc.Probes {
		names = append(names, name)
	}
	sort.Strings(names)
	id := ""
	for _, name := range names {
		if _, ok := doc.Probes[name].Rows[0].Modes["race"][firstMeasured]; ok && doc.Probes[name].Rows[0].Lang == "" {
			id = name + "/" + firstMeasured + "/race"
		}
	}
	if id == "" {
		t.Fatalf("docs/compat.json has no race cell in column %s", firstMeasured)
	}
	checkPermalink(t, b, page, id, "/")
	checkPrint(t, b)
	b.checkConsole(t)
}

// checkPrint checks the page as printed on A4 paper (794 CSS pixels
// wide): no filters or navigation, and every table within the page.
func checkPrint(t *testing.T, b *browser) {
	t.Helper()
	var res struct {
		Filters string   `json:"filters"`
		Nav     string   `json:"nav"`
		Wide    []string `json:"wide"`
	}
	b.run("emulating print on A4", emulation.SetEmulatedMedia().WithMedia("print"), chromedp.EmulateViewport(794, 1123))
	b.eval("measuring the printed page", `({
  filters: getComputedStyle(document.querySelector('.filters')).display,
  nav: getComputedStyle(document.querySelector('nav')).display,
  wide: Array.from(document.querySelectorAll('table.matrix')).filter(t => t.getBoundingClientRect().right > window.innerWidth + 1).map(t => t.id),
})`, &res)
	if res.Filters != "none" || res.Nav != "none" || len(res.Wide) > 0 {
		t.Errorf("printed: filters display %q, navigation %q (want none, none); tables wider than the page: %q", res.Filters, res.Nav, res.Wide)
	}
	b.run("back to the screen", emulation.SetEmulatedMedia().WithMedia(""), chromedp.EmulateViewport(1280, 800))
}

// TestScreenshotKept checks that docs/ keeps its screenshot, a 1280×800
// PNG (written by TestDocsPage with -screenshot).
func TestScreenshotKept(t *testing.T) {
	f, err := os.Open(filepath.Join(docsDir, screenshotFile))
	if err != nil {
		t.Fatalf("%v: write it with go test ./internal/report -run TestDocsPage -screenshot", err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("docs/%s: %v", screenshotFile, err)
	}
	if cfg.Width != 1280 || cfg.Height != 800 {
		t.Errorf("docs/%s is %d×%d, want 1280×800", screenshotFile, cfg.Width, cfg.Height)
	}
}

// awaitPromise makes an evaluation wait for the promise it returns.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// maxScreens is how far a reader scrolls for an answer: what the tests
// below look for must end within this many window heights of the top of
// the page.
const maxScreens = 3

// placed is where a reader finds a cell: its text, its class and the
// bottom of its box, in window heights from the top of the page.
type placed struct {
	Found   bool    `json:"found"`
	Text    string  `json:"text"`
	Class   string  `json:"class"`
	Screens float64 `json:"screens"`
}

// gridCell finds the grid cell of a claim in a column (by the column's
// ID), as a reader reads the grid: the claim's row, the column's header.
func gridCell(t *testing.T, b *browser, claim, column string) placed {
	t.Helper()
	js := fmt.Sprintf(`(() => {
  const table = document.getElementById('claims-grid');
  if (!table) return {found: false};
  const heads = Array.from(table.querySelectorAll('thead th'));
  const i = heads.findIndex(h => h.dataset.col === %q);
  const row = Array.from(table.querySelectorAll('tr[data-claim]')).find(r => r.dataset.claim === %q);
  // The headers are topic, claim, then a column per toolchain; a row's
  // cells (td) are the columns' decisions, then the verdict.
  const c = row && i >= 2 ? row.querySelectorAll('td')[i - 2] : null;
  if (!c) return {found: false};
  const r = c.getBoundingClientRect();
  return {found: true, text: c.innerText, class: c.className, screens: (r.bottom + window.scrollY) / window.innerHeight};
})()`, column, claim)
	var p placed
	b.eval("finding the grid cell of "+claim+" in "+column, js, &p)
	return p
}

// observationCell finds the first cell of the probe tables that shows an
// observation (what the probe measured, in words and numbers).
func observationCell(t *testing.T, b *browser) placed {
	t.Helper()
	var p placed
	b.eval("finding an observation cell", `(() => {
  const o = document.querySelector('table.matrix tr:not(.quiet) b.obs');
  if (!o) return {found: false};
  const r = o.closest('td').getBoundingClientRect();
  return {found: true, text: o.innerText, class: o.closest('td').className, screens: (r.bottom + window.scrollY) / window.innerHeight};
})()`, &p)
	return p
}

// checkReaderFinds checks, as a reader at 1280×800 would, that the grid
// cell of claim in each column of want reads the decision wanted and
// that it, and an observation cell, end within maxScreens screens.
func checkReaderFinds(t *testing.T, b *browser, claim string, want map[string]string) {
	t.Helper()
	var cols []string
	for c := range want {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, col := range cols {
		p := gridCell(t, b, claim, col)
		switch {
		case !p.Found:
			t.Errorf("the page has no grid cell for %s in column %s (a grid with a row per claim and a column per measured toolchain)", claim, col)
		case !strings.Contains(p.Text, want[col]) || !strings.HasPrefix(p.Class, "d-"):
			t.Errorf("grid cell %s/%s reads %q with class %q, want the decision %q", claim, col, p.Text, p.Class, want[col])
		case p.Screens > maxScreens:
			t.Errorf("grid cell %s/%s ends %.1f screens down, want at most %d", claim, col, p.Screens, maxScreens)
		}
	}
	o := observationCell(t, b)
	switch {
	case !o.Found:
		t.Error("no cell of the probe tables shows an observation")
	case o.Screens > maxScreens:
		t.Errorf("the first observation cell (%q) ends %.1f screens down, want at most %d", o.Text, o.Screens, maxScreens)
	}
}

// TestBrowserReader renders the fixture with column decisions filled in
// by hand (as the verdict engine fills them) and reads it as a user at
// 1280×800: the grid cell of a claim per column, and an observation cell,
// within maxScreens screens.
func TestBrowserReader(t *testing.T) {
	r := mustBuild(t, fixtureInput(t))
	claim := r.Verdicts[0].ID
	r.Verdicts[0].Columns = []ColumnDecision{
		{Column: "go1.26.8", Decision: claims.ColumnStatus(DecisionHeld), Text: "held (120)"},
		{Column: "go1.19.8", Decision: claims.ColumnStatus(DecisionRefuted), Text: "refuted 5/20"},
	}
	dir := t.TempDir()
	if err := WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	page := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, HTMLFile))}).String()
	b := startBrowser(t)
	b.run("opening "+page, chromedp.Navigate(page), chromedp.WaitReady("#claims-grid"))
	checkReaderFinds(t, b, claim, map[string]string{"go1.26.8": "held (120)", "go1.19.8": "refuted 5/20"})
	// Without a decision a cell is blank: the test above fails on it.
	if p := gridCell(t, b, claim, "gccgo12-go1.18"); !p.Found || p.Text != "" {
		t.Errorf("a column without a decision: found %v, text %q; want a blank cell", p.Found, p.Text)
	}
	b.checkConsole(t)
}

// TestDocsReader reads the committed docs/index.html as a user with a
// question would: "is sync.Map's Range order random on go1.26? on
// go1.19?" is answered by the grid (refuted on go1.26.8, held on
// go1.19.8, decided by the verdict engine per column), and a probe table
// cell shows what was measured, all within maxScreens screens at
// 1280×800. It fails while docs/ has no grid or its cells no decisions.
func TestDocsReader(t *testing.T) {
	abs, err := filepath.Abs(filepath.Join(docsDir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	page := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	b := startBrowser(t)
	b.run("opening "+page, chromedp.Navigate(page), chromedp.WaitReady("table.matrix"))
	checkReaderFinds(t, b, "sync-map-range-order-random", map[string]string{"go1.26.8": "refuted", "go1.19.8": "held"})
	// Every column of the grid is on the first screen's width: a reader
	// compares releases side by side without scrolling sideways.
	var fit struct {
		Table, Box float64
	}
	b.eval("measuring the grid", `(() => { const g = document.getElementById('claims-grid'); return {table: g.scrollWidth, box: g.parentElement.clientWidth} })()`, &fit)
	if fit.Table > fit.Box+1 {
		t.Errorf("the claims grid is %.0f px wide in a %.0f px box at 1280×800: its columns do not fit side by side", fit.Table, fit.Box)
	}
}
