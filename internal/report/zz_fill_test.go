package report

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/maplab/maplab/claims"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/results"
)

func TestZZFill(t *testing.T) {
	if os.Getenv("ZZFILL") == "" {
		t.Skip()
	}
	files, err := results.ReadAll(filepath.Join("..", "..", "results"))
	if err != nil {
		t.Fatal(err)
	}
	merged, _ := results.Merge(files)
	probes, err := catalogue.Load(filepath.Join("..", "..", "probes"))
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Files: merged, Claims: claims.Embedded(), SourceURL: "../probes/"}
	for _, p := range probes {
		in.Probes = append(in.Probes, ProbeInfo{Name: p.Name, Title: p.Title, Minimum: p.Minimum, Modes: p.Modes, Langs: p.Langs, Claims: p.Claims, Hash: p.Hash, BuildOutcome: p.BuildOutcome(), Observe: p.Observe})
	}
	r, _ := Build(in)
	for i := range r.Verdicts {
		for _, c := range r.Columns {
			if c.Measured {
				r.Verdicts[i].Columns = append(r.Verdicts[i].Columns, ColumnDecision{Column: c.ID, Decision: DecisionRefuted, Text: "refuted 20/20"})
			}
		}
	}
	if err := WriteAll(os.Getenv("ZZFILL"), r); err != nil {
		t.Fatal(err)
	}
}

func TestZZFillReader(t *testing.T) {
	dir := os.Getenv("ZZREAD")
	if dir == "" {
		t.Skip()
	}
	b := startBrowser(t)
	b.run("open", chromedp.Navigate("file://"+dir+"/index.html"), chromedp.WaitReady("table.matrix"))
	checkReaderFinds(t, b, "sync-map-range-order-random", map[string]string{"go1.26.8": "refuted", "go1.19.8": "refuted"})
	p := gridCell(t, b, "sync-map-range-order-random", "go1.26.8")
	o := observationCell(t, b)
	t.Logf("grid %+v obs %+v", p, o)
}

func TestZZLayout(t *testing.T) {
	dir := os.Getenv("ZZREAD")
	if dir == "" {
		t.Skip()
	}
	b := startBrowser(t)
	b.run("open", chromedp.Navigate("file://"+dir+"/index.html"), chromedp.WaitReady("table.matrix"))
	var res []string
	b.eval("layout", `["#claims-grid", "ul.surprises", "nav", "#legend", ".filters", "#mode-plain", "#table-plain"].map(s => { const e = document.querySelector(s); if (!e) return s + " none"; const r = e.getBoundingClientRect(); return s + " " + Math.round(r.top + scrollY) + "-" + Math.round(r.bottom + scrollY); })`, &res)
	t.Log(res)
}
