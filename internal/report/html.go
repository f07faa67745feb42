package report

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"github.com/maplab/maplab/internal/claims"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// pageCSS is the page's only style sheet: baseCSS and the palette's
// rules (see Palette). The Content-Security-Policy allows it by hash.
var pageCSS = baseCSS + paletteCSS()

// baseCSS is the style sheet's layout and type.
const baseCSS = `
:root { --border: #c8c8c8; --muted: #666; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; padding: 0 12px 48px; max-width: 1600px; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.5em; margin: 16px 0 8px; }
h2 { font-size: 1.25em; margin: 28px 0 8px; border-bottom: 1px solid var(--border); }
h3 { font-size: 1.05em; margin: 18px 0 6px; }
a { color: #0b57a4; }
code, pre { font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; word-break: break-all; background: #f6f6f6; padding: 4px 6px; margin: 2px 0 6px; max-width: 60ch; }
nav a { margin-right: 10px; white-space: nowrap; }
.filters { position: sticky; top: 0; z-index: 3; background: #fff; padding: 8px 0; border-bottom: 1px solid var(--border); display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.filters input, .filters select { font: inherit; padding: 3px 6px; }
.filters output { color: var(--muted); }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--border); margin: 8px 0 16px; }
table { border-collapse: collapse; }
.matrix th, .matrix td { border: 1px solid var(--border); padding: 3px 5px; vertical-align: top; }
.matrix thead th { background: #f0f0f0; font-weight: 600; font-size: 12px; white-space: normal; overflow-wrap: anywhere; }
.matrix th.probe { position: sticky; left: 0; z-index: 2; background: #fafafa; text-align: left; font-weight: 500; min-width: 11em; max-width: 18em; }
.matrix thead th.probe { background: #f0f0f0; }
.matrix td { min-width: 7.5em; font-size: 12px; }
.matrix .sep { border-left: 3px solid #555; }
.matrix thead th.nmcol { color: var(--muted); font-weight: 400; white-space: normal; min-width: 3.6em; font-size: 11px; }
.matrix td.nmcol { min-width: 3.6em; }
.matrix td.nm { text-align: center; }
.hide-nm .nmcol { display: none; }
.hide-quiet:not(.filtering) tr.quiet { display: none; }
body:not(.hide-quiet) tr.fold, body.filtering tr.fold { display: none; }
tr.fold th { text-align: left; font-weight: 400; color: #444; background: #fafafa; }
summary { cursor: pointer; }
details[open] > summary { margin-bottom: 4px; }
.ev { background: #fff; color: #1a1a1a; border: 1px solid var(--border); padding: 4px; margin-top: 2px; min-width: 22em; }
.ev table td, .ev table th { border: 1px solid #ddd; padding: 1px 4px; font-size: 11px; }
.ev p { margin: 4px 0 0; font-size: 11px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 0; margin: 6px 0; list-style: none; font-size: 12px; }
.legend li { display: flex; align-items: center; gap: 4px; }
.sw { flex: none; display: inline-block; width: 1.6em; height: 1.1em; border: 1px solid var(--border); }
.grid td, .grid th { border: 1px solid var(--border); padding: 0 4px; font-size: 11px; line-height: 1.25; white-space: nowrap; }
.grid th.claim { text-align: left; font-weight: 500; background: #fafafa; }
.grid tbody th.topic { text-align: left; vertical-align: top; background: #f0f0f0; font-weight: 600; }
.grid td a { color: inherit; text-decoration: none; display: block; }
.grid td, .grid thead th, .grid tbody th { white-space: normal; }
.grid { table-layout: fixed; width: 100%; min-width: 1000px; }
.grid thead th:first-child { width: 7.5em; }
.grid thead th.claim { width: 18em; }
.grid thead th:last-child { width: 8.5em; }
.surprises { columns: 3 24em; column-gap: 1.5em; font-size: 11px; line-height: 1.3; margin: 4px 0 8px; padding-left: 1.2em; }
.surprises li { margin: 0 0 2px; break-inside: avoid; }
.surprises-all { font-size: 11px; }
.verdict { padding: 1px 6px; border-radius: 3px; white-space: nowrap; font-weight: 600; }
.claims td, .claims th, .env td, .env th, .nmlist td, .nmlist th { border: 1px solid var(--border); padding: 3px 6px; vertical-align: top; text-align: left; }
.muted { color: var(--muted); }
.matrix td.target { outline: 3px solid #e0a800; outline-offset: -3px; }
.matrix td:target { outline: 3px solid #e0a800; outline-offset: -3px; }
h2, tr, td { scroll-margin-top: 64px; } /* below the sticky filters */
.ci, .others { font-size: 11px; }
.perma { font-size: 11px; }
.howto li { margin: 2px 0; }
blockquote { margin: 6px 0; padding: 2px 10px; border-left: 3px solid var(--border); }
footer { margin-top: 28px; border-top: 1px solid var(--border); color: var(--muted); font-size: 12px; }
figure { margin: 8px 0 18px; overflow-x: auto; }
figcaption { font-weight: 600; margin-bottom: 4px; }
@media (max-width: 640px) {
  body { padding: 0 6px 32px; font-size: 13px; }
  .matrix th.probe { min-width: 8em; max-width: 10em; }
  .matrix td { min-width: 6em; }
  .matrix th.probe .muted { display: none; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10px; }
  nav, .filters, .perma { display: none; }
  .scroll { overflow: visible; border: none; }
  .matrix th.probe { position: static; min-width: 0; }
  .matrix td { min-width: 0; font-size: 9px; padding: 2px 3px; }
  .matrix thead th { white-space: normal; }
  .ci, .others { font-size: inherit; }
  .matrix td.target, .matrix td:target { outline: none; }
  tr, figure, blockquote { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  summary { list-style: none; }
  summary::-webkit-details-marker { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

// pageJS filters the table rows by probe name and outcome kind. The
// Content-Security-Policy allows it by hash; it adds no markup.
const pageJS = `
(function () {
  // Each decision of the claims grid links to its claim's verdict and
  // evidence, the link its row's claim header has; the links are made
  // here, so the page does not carry the claim's anchor once per column.
  document.querySelectorAll('#claims-grid tbody tr').forEach(function (tr) {
    var head = tr.querySelector('th.claim a');
    if (!head) return;
    tr.querySelectorAll('td[class^="d-"]').forEach(function (td) {
      var a = document.createElement('a');
      a.href = head.getAttribute('href');
      while (td.firstChild) a.appendChild(td.firstChild);
      td.appendChild(a);
    });
  });
  // The cells of releases not measured are all "—": the page carries
  // only their column headers, and each row gets its cells here, with
  // the permalink ids ROW/COLUMN/MODE a cell of the page would have.
  var tables = document.querySelectorAll('table.matrix');
  for (var t = 0; t < tables.length; t++) {
    var heads = tables[t].querySelectorAll('thead th');
    var mode = tables[t].getAttribute('data-mode');
    var trs = tables[t].querySelectorAll('tbody tr[data-name]');
    for (var r = 0; r < trs.length; r++) {
      for (var h = 1; h < heads.length; h++) {
        if (!heads[h].classList.contains('nmcol')) continue;
        var td = trs[r].insertCell(h);
        td.id = trs[r].getAttribute('data-name') + '/' + heads[h].getAttribute('data-col') + '/' + mode;
        td.className = heads[h].className + ' nm';
        td.textContent = '—';
      }
    }
  }
  // Each cell's permalink is its own id: the links get it here rather
  // than each carrying it in the page.
  var perma = document.querySelectorAll('td[id] a.perma');
  for (var p = 0; p < perma.length; p++) {
    var cell = perma[p].closest('td');
    perma[p].setAttribute('href', '#' + encodeURI(cell.id).replace(/#/g, '%23'));
  }
  var q = document.getElementById('f-probe');
  var k = document.getElementById('f-kind');
  var out = document.getElementById('f-count');
  var nm = document.getElementById('f-nm');
  var qt = document.getElementById('f-quiet');
  function apply() {
    var text = q.value.trim().toLowerCase();
    var kind = k.value;
    var rows = document.querySelectorAll('tr[data-probe]');
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!text || r.getAttribute('data-probe').toLowerCase().indexOf(text) >= 0) &&
        (!kind || (' ' + r.getAttribute('data-kinds') + ' ').indexOf(' ' + kind + ' ') >= 0);
      r.hidden = !ok;
      if (ok) shown++;
    }
    out.textContent = shown + ' of ' + rows.length + ' rows';
    // A filter shows the folded rows that match it too.
    document.body.classList.toggle('filtering', !!(text || kind));
  }
  function columns() {
    document.body.classList.toggle('hide-nm', !nm.checked);
  }
  function quiet() {
    document.body.classList.toggle('hide-quiet', !qt.checked);
  }
  // A permalink (#ROW/COLUMN/MODE) opens its cell: it shows the cell's
  // column and row, expands the cell and marks it.
  function openTarget() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var cell = id && document.getElementById(id);
    if (!cell || cell.tagName !== 'TD') return;
    if (cell.classList.contains('nmcol') && !nm.checked) { nm.checked = true; columns(); }
    if (cell.parentElement.classList.contains('quiet') && !qt.checked) { qt.checked = true; quiet(); }
    if (cell.parentElement.hidden) { q.value = ''; k.value = ''; apply(); }
    var old = document.querySelectorAll('td.target');
    for (var i = 0; i < old.length; i++) old[i].classList.remove('target');
    cell.classList.add('target');
    var d = cell.querySelector('details');
    if (d) d.open = true;
    cell.scrollIntoView({block: 'center', inline: 'center'});
  }
  nm.addEventListener('change', columns);
  columns();
  qt.addEventListener('change', quiet);
  quiet();
  q.addEventListener('input', apply);
  k.addEventListener('change', apply);
  apply();
  window.addEventListener('hashchange', openTarget);
  openTarget();
})();
`

// cspHash returns the CSP source expression for an inline element.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// ContentSecurityPolicy is the policy of the HTML page: nothing may load
// from anywhere, and only the page's own style sheet and script may run.
func ContentSecurityPolicy() string {
	return "default-src 'none'; style-src " + cspHash(pageCSS) + "; script-src " + cspHash(pageJS) +
		"; img-src 'none'; base-uri 'none'; form-action 'none'"
}

type htmlPage struct {
	Title   string
	CSP     string
	CSS     template.CSS
	JS      template.JS
	R       Report
	Kinds   []outcome.Kind
	Meaning map[outcome.Kind]string
	Charts  []htmlChart
	// PerfCharts are the performance charts with their tables.
	PerfCharts []htmlPerfChart
	PerfIntro  string
	// MemoryColumns and MemoryRows are the memory table, formatted.
	MemoryColumns []string
	MemoryRows    [][]string
	MemoryIntro   string
	Classes       []string
	Missing       []Column
	Rule          string
	CostNote      string
	// ClaimsIntro explains the verdict vocabulary.
	ClaimsIntro string
	HowTo       []readItem
	Noise       string
	Footer      []string
	Alpha       string
	// Grid is the claims × toolchains grid, Surprises the refuted claims.
	Grid                  Grid
	GridIntro, GridLegend string
	Surprises, Everywhere []Surprise
}

type htmlChart struct {
	Chart
	SVG template.HTML
}

var funcs = template.FuncMap{
	"provenance": ProvenanceLine,
	"pct":        pct,
	"pctf":       pctf,
	"modeTitle":  modeTitle,
	"lines":      func(ls []string) string { return strings.Join(ls, "\n") },
	"join":       strings.Join,
	"date":       date,
	"machine":    machine,
	"count":      count,
	"capital":    capitalize,
	"seconds":    func(s float64) string { return fmt.Sprintf("%.1fs", s) },
	"kinds": func(ks []outcome.Kind) string {
		s := make([]string, len(ks))
		for i, k := range ks {
			s[i] = string(k)
		}
		return strings.Join(s, " ")
	},
	"sep": func(cols []Column, i int) bool {
		return i > 0 && cols[i].Kind == toolchain.GCCGO && cols[i-1].Kind != toolchain.GCCGO
	},
	"changes": func(cs []Change, class string) []Change {
		var out []Change
		for _, c := range cs {
			if c.Class == class {
				out = append(out, c)
			}
		}
		return out
	},
	"modeList": modeList,
	"pval":     func(p float64) string { return strconv.FormatFloat(sig4(p), 'g', -1, 64) },
	// rejected reports whether an outcome is a build the compiler
	// rejected: one deterministic build, with no rate or interval.
	"rejected": func(k outcome.Kind) bool { return k == outcome.Rejected },
	"vclass":   func(status claims.Status) string { return "v-" + strings.ReplaceAll(string(status), " ", "-") },
	"view":     viewOf,
	"cellID":   func(r Row, c Column, m toolchain.Mode) string { return CellID(r, c, string(m)) },
	"others": func(v cellView) string {
		var parts []string
		for _, o := range v.Others {
			parts = append(parts, fmt.Sprintf("%s %d", o.Label, o.K))
		}
		return "+ " + strings.Join(parts, ", ")
	},
	"code":          codeSpans,
	"machineLine":   machineLine,
	"costText":      costText,
	"shownDetails":  shownDetails,
	"evidenceCount": evidenceCount,
	"claimLink":     claimLink,
	"quiet":         Quiet,
	"hasSamples":    hasSamples,
	// plainCell reports whether a cell's summary says all its panel's
	// table would: one outcome, without a reason, and no idle trial.
	"plainCell": func(c Cell) bool {
		return len(c.Outcomes) == 1 && c.Outcomes[0].Reason == "" && c.Idle == 0 && c.Outcomes[0].Kind != outcome.Rejected
	},
	"claimPage": claimPagePath,
	"samplesURL": func(r Row, c Column, m toolchain.Mode) string {
		return probePagePath(r.Probe) + "#" + sampleAnchor(r, c, string(m))
	},
	"mark":     markOf,
	"dclass":   func(d string) string { return "d-" + strings.ReplaceAll(d, " ", "-") },
	"surprise": surpriseText,
	"quietCount": func(ss []Section) int {
		n := 0
		for _, s := range ss {
			for _, r := range s.Rows {
				if Quiet(r) {
					n++
				}
			}
		}
		return n
	},
	"sections": func(s Section) []Section { return []Section{s} },
	"inc":      func(n int) int { return n + 1 },
	"nmCount": func(cols []Column) int {
		n := 0
		for _, c := range cols {
			if !c.Measured {
				n++
			}
		}
		return n
	},
	"holds": func(e Evidence) string {
		switch {
		case !e.Known:
			return "undecided"
		case e.Holds:
			return "holds"
		}
		return "fails"
	},
}

var page = template.Must(template.New("page").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="referrer" content="no-referrer">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body class="hide-nm hide-quiet">
<h1>{{.Title}}</h1>
<section id="grid"><h2>Claims by toolchain</h2>
{{with .Grid}}{{if .Topics}}<p>{{$.GridIntro}} <span class="muted">{{$.GridLegend}}</span></p><div class="scroll"><table class="grid" id="claims-grid"><thead><tr><th scope="col">topic</th><th class="claim" scope="col">claim</th>{{range .Columns}}<th scope="col" data-col="{{.ID}}">{{.Label}}</th>{{end}}<th scope="col">verdict</th></tr></thead>
{{range $t := .Topics}}<tbody>
{{range $ri, $r := $t.Rows}}<tr data-claim="{{$r.Claim}}">{{if eq $ri 0}}<th class="topic" rowspan="{{len $t.Rows}}" scope="rowgroup">{{capital $t.Name}}</th>{{end}}<th class="claim" scope="row" title="{{$r.Statement}}"><a href="#{{claimLink $r.Claim}}">{{$r.Claim}}</a></th>{{range $r.Cells}}<td{{if .Decision}} class="{{dclass .Decision}}"{{end}}>{{if .Decision}}{{mark .Decision}} {{.Text}}{{end}}</td>{{end}}<td class="{{dclass $r.Status}}"><b>{{mark $r.Status}} {{$r.Status}}</b></td></tr>
{{end}}</tbody>
{{end}}</table></div>{{else}}<p>No claims were given.</p>{{end}}{{end}}
{{if or .Surprises .Everywhere}}<p><b>Surprises</b>: beliefs the data refutes (the claim's statement is its link's title).</p>{{with .Surprises}}<ul class="surprises">{{range .}}<li><a href="#{{claimLink .Claim}}" title="{{.Statement}}">{{.Claim}}</a>: {{surprise .}}.</li>{{end}}</ul>{{end}}{{with .Everywhere}}<p class="surprises-all">Refuted on every column measured: {{range $i, $s := .}}{{if $i}}, {{end}}<a href="#{{claimLink $s.Claim}}" title="{{$s.Statement}}">{{$s.Claim}}</a>{{end}}.</p>{{end}}{{end}}
</section>
<p>Each probe is a small program that misuses a map in one way, and checks for itself what happened. A cell shows how the probe's trials ended on one toolchain: the most frequent outcome as k of n counted trials with its 95% Wilson interval, and the other outcomes' counts; open it for every outcome with its interval and the first lines of sample output, and for its permalink. Nothing is inferred from neighbouring releases.</p>
<nav><a href="#grid">Claims by toolchain</a> <b><a href="#how-to-read">How to read this table</a></b> {{range .R.Sections}}<a href="#mode-{{.Mode}}">{{modeTitle .Mode}}</a> {{end}}<a href="#claims">Claims</a> <a href="#changes">What changed</a> <a href="#charts">Rate charts</a> {{if or .PerfCharts .R.Memory}}<a href="#performance">Performance</a> {{end}}<a href="#machines">Machines</a> <a href="#toolchains">Toolchains</a> <a href="#not-measured">Not measured</a> <a href="#kinds">Outcome kinds</a></nav>
<ul class="legend" id="legend" aria-label="legend">{{range .Kinds}}<li title="{{index $.Meaning .}}"><span class="sw k-{{.}}"></span>{{.}}</li>{{end}}<li title="other outcomes occurred too"><span class="sw k-fatal mixed"></span>mixed</li><li><span class="sw nm"></span>— not measured</li></ul>
<div class="filters" role="search">
<label>Probe <input id="f-probe" type="search" placeholder="filter by name" autocomplete="off"></label>
<label>Outcome <select id="f-kind"><option value="">any</option>{{range .Kinds}}<option value="{{.}}">{{.}}</option>{{end}}</select></label>
<label><input id="f-nm" type="checkbox"> show the {{nmCount .R.Columns}} releases not measured</label>
<label><input id="f-quiet" type="checkbox"> show the {{quietCount .R.Sections}} rows where nothing happened</label>
<output id="f-count"></output>
</div>
{{range $s := .R.Sections}}
<h2 id="mode-{{$s.Mode}}">{{modeTitle $s.Mode}}</h2>
<div class="scroll"><table class="matrix" id="table-{{$s.Mode}}" data-mode="{{$s.Mode}}">
<thead><tr><th class="probe" scope="col">probe</th>{{range $i, $c := $.R.Columns}}<th scope="col" data-col="{{$c.ID}}" class="{{if not $c.Measured}}nmcol{{end}}{{if sep $.R.Columns $i}} sep{{end}}" title="{{if $c.Measured}}{{$c.Toolchain.Version}} {{$c.Toolchain.GOOS}}/{{$c.Toolchain.GOARCH}}{{else}}not measured: {{$c.HowTo}}{{end}}">{{$c.Label}}{{if not $c.Measured}}<br>not measured{{end}}</th>{{end}}</tr></thead>
<tbody>
{{range $r := $s.Rows}}<tr id="row-{{$r.Anchor}}"{{if quiet $r}} class="quiet"{{end}} data-name="{{$r.Name}}" data-probe="{{$r.Label}}" data-kinds="{{kinds $r.Kinds}}"><th class="probe" scope="row"><a href="{{$r.Source}}">{{$r.Label}}</a>{{if and $r.Title (eq $s.Mode "plain")}}<br><span class="muted">{{$r.Title}}</span>{{end}}</th>{{range $i, $c := $r.Cells}}{{$id := cellID $r (index $.R.Columns $i) $s.Mode}}{{if eq $c.State "measured"}}<td id="{{$id}}" class="k-{{$c.Leading}}{{if $c.Mixed}} mixed{{end}}{{if sep $.R.Columns $i}} sep{{end}}"><details><summary>{{with view $c}}{{if .Rejected}}<b>rejected</b> by the compiler:<br><span class="others">{{.Rejected}}</span>{{else if .N}}{{if .Obs}}<b class="obs">{{.Obs}}</b><br><span class="ci">{{.Lead.Label}} {{.Lead.K}}/{{.N}} ({{.Interval}})</span>{{else}}<b>{{.Lead.Label}}</b> {{.Lead.K}}/{{.N}}<br><span class="ci">{{.Interval}}</span>{{end}}{{if .Others}}<br><span class="others">{{others .}}</span>{{end}}{{else}}<b>idle</b> {{.Idle}}/{{.Idle}}<br><span class="others">no counted trial</span>{{end}}{{if and .N .Idle}}<br><span class="others">{{.Idle}} idle</span>{{end}}{{end}}</summary><div class="ev">{{if plainCell $c}}{{else}}<table>{{range $c.Outcomes}}<tr><td>{{.Kind}}{{if .Reason}}: {{.Reason}}{{end}}</td>{{if rejected .Kind}}<td>1 build</td><td>deterministic: no rate</td>{{else}}<td>{{.K}}/{{.N}}</td><td>{{pctf .Lo}}–{{pctf .Hi}}</td>{{end}}</tr>{{end}}{{if $c.Idle}}<tr><td>idle (not counted)</td><td>{{$c.Idle}}</td><td>—</td></tr>{{end}}</table>{{end}}<p class="muted">{{if and $r.Lang $c.Lang}}lang {{$c.Lang}} · {{end}}{{if hasSamples $c}}<a href="{{samplesURL $r (index $.R.Columns $i) $s.Mode}}">samples</a> · {{end}}<a class="perma">permalink</a></p></div></details></td>{{else if eq $c.State "not-run"}}<td id="{{$id}}" class="k-{{$c.Leading}}{{if sep $.R.Columns $i}} sep{{end}}"><details><summary>{{$c.Leading}}</summary><div class="ev"><p>{{$c.NotRunReason}}</p><p class="muted"><a class="perma">permalink</a></p></div></details></td>{{else}}{{if (index $.R.Columns $i).Measured}}<td id="{{$id}}" class="nm{{if sep $.R.Columns $i}} sep{{end}}" title="{{$c.Note}}">—</td>{{end}}{{end}}{{end}}</tr>
{{end}}{{with quietCount (sections $s)}}<tr class="fold"><th class="probe" colspan="{{inc (len $.R.Columns)}}">{{.}} {{if eq . 1}}row{{else}}rows{{end}} where nothing happened (every measured cell idle, or clean with nothing observed) folded: tick “show the rows where nothing happened” above</th></tr>{{end}}</tbody></table></div>
{{end}}
<h2 id="how-to-read">How to read this table</h2>
<ul class="howto">{{range .HowTo}}<li><b>{{.Term}}</b>{{code .Text}}</li>{{end}}<ul>{{range .R.Machines}}<li>{{machineLine .}}</li>{{else}}<li>none: no column was measured.</li>{{end}}</ul></ul>
<h2 id="claims">Claims</h2>
{{if .R.Verdicts}}<p>{{.ClaimsIntro}}</p><div class="scroll"><table class="claims"><thead><tr><th>claim</th><th>form and modes</th><th>verdict</th><th>columns</th><th>what the data says</th></tr></thead><tbody>
{{range .R.Verdicts}}<tr id="{{claimLink .ID}}"><td><b><a href="#{{claimLink .ID}}">{{.ID}}</a></b><br>{{.Statement}}</td><td>{{.Form}}<br>modes: {{modeList .Modes}}</td><td><span class="verdict {{vclass .Status}}">{{.Status}}</span></td><td>{{.Comparison.Result}}</td><td>{{.Summary}} <a href="{{claimPage .ID}}">checks, comparisons and evidence ({{len .Evidence}} cells)</a></td></tr>
{{end}}</tbody></table></div>{{else}}<p>No claims were given.</p>{{end}}
<h2 id="changes">What changed</h2>
<p>Adjacent measured columns of one implementation (gc releases, each gc variant, gccgo; a column of another machine only with that machine's) compared per row and mode: the trials of every outcome kind, and of every message only one of the two cells has, by Fisher's exact test, with Holm's correction over all {{.R.ChangeStats.Tests}} comparisons of the report; and every measured value a claim reads or a probe's observation shows: a value every trial of both cells reported alike that changed, or two median intervals that do not overlap, each taken so that all {{.R.ChangeStats.Metrics}} value comparisons together are right with 95%. Listed when the adjusted p is at most {{.Alpha}}, or when a probe stops or starts building; a build-outcome probe that one column compiles and the next rejects (or rejects with another message) is always listed as changed, since a build is deterministic. Regressed: more corrupt, crash, hang or build-failed; fixed: fewer; changed: anything else.</p>
{{if not .R.Changes}}<p>No significant change between adjacent measured columns.</p>{{end}}
{{range $class := .Classes}}{{with changes $.R.Changes $class}}<h3>{{capital $class}} ({{len .}})</h3><ul>{{range .}}<li><a href="#row-{{.Anchor}}">{{.RowLabel}}</a>, {{.Mode}}, {{.From}} → {{.To}}: {{join (shownDetails .Details) "; "}}</li>{{end}}</ul>{{end}}{{end}}
<p>{{.Noise}}</p>
<h2 id="charts">Rate charts</h2>
{{if .Charts}}<p>For rows whose outcome is a rate: the share of trials with the plotted outcome per column, with its 95% Wilson interval. Grey labels without a point were not measured.</p>{{else}}<p>No probe had a mixed outcome.</p>{{end}}
{{range .Charts}}<figure id="chart-{{.Anchor}}"><figcaption>{{.RowLabel}}, {{.Mode}}: rate of {{.Kind}}</figcaption>{{.SVG}}</figure>
{{end}}
{{if or .PerfCharts .R.Memory}}<h2 id="performance">Performance</h2>
{{if .PerfCharts}}<p>{{.PerfIntro}}</p>{{else}}<p>No performance claim was measured.</p>{{end}}
{{range $ch := .PerfCharts}}<figure id="chart-{{$ch.Anchor}}"><figcaption><a href="#{{claimLink $ch.Claim}}">{{$ch.Claim}}</a>: {{$ch.Statement}}</figcaption>{{$ch.SVG}}<div class="scroll"><table class="env"><thead><tr><th>ratio</th>{{range $ch.Columns}}<th>{{.}} ({{index $ch.CPUs .}} CPUs)</th>{{end}}</tr></thead><tbody>{{range $ch.Rows}}<tr><td>{{.Label}}</td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>{{end}}</tbody></table></div></figure>
{{end}}{{if .MemoryRows}}<h3 id="memory">Memory</h3><p>{{.MemoryIntro}}</p><div class="scroll"><table class="env"><thead><tr><th>metric</th>{{range .MemoryColumns}}<th>{{.}}</th>{{end}}</tr></thead><tbody>{{range .MemoryRows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</tbody></table></div>{{end}}{{end}}<h2 id="machines">Machines</h2>
<p>{{.Rule}} The table's architecture is {{.R.Arch}}.</p>
<div class="scroll"><table class="env"><thead><tr><th>machine</th><th>runner</th><th>GOOS/GOARCH</th><th>CPUs</th><th>CPU model</th><th>columns: cell-time, trials</th></tr></thead><tbody>
{{range .R.Machines}}<tr><td>{{.ID}}</td><td>{{.Runner}}{{if .Image}} ({{.Image}}){{end}}</td><td>{{.GOOS}}/{{.GOARCH}}</td><td>{{count .CPUs}}</td><td>{{.CPUModel}}</td><td>{{costText .}}</td></tr>
{{end}}</tbody></table></div><p>{{.CostNote}}</p>
<h2 id="toolchains">Toolchains</h2>
<div class="scroll"><table class="env"><thead><tr><th>column</th><th>kind</th><th>release</th><th>runtime.Version()</th><th>GOOS/GOARCH</th><th>machine</th><th>CPUs</th><th>GOMAXPROCS</th><th>kernel</th><th>date</th><th>maplab</th><th>found via</th></tr></thead><tbody>
{{range .R.Columns}}{{if .Measured}}<tr><td>{{.Label}}</td><td>{{.Kind}}</td><td>{{.Release}}</td><td>{{.Toolchain.Version}}</td><td>{{.Toolchain.GOOS}}/{{.Toolchain.GOARCH}}</td><td>{{machine .}}</td><td>{{count .Env.CPUs}}</td><td>{{count .Env.GOMAXPROCS}}</td><td>{{.Env.Kernel}}</td><td>{{date .Env.Date}}</td><td>{{.Env.MaplabVersion}}</td><td>{{.Toolchain.Source}}</td></tr>
{{end}}{{end}}</tbody></table></div>
<h2 id="not-measured">Not measured</h2>
{{if .Missing}}<p>These releases have no results; their columns stay empty until someone measures them.</p><div class="scroll"><table class="nmlist"><thead><tr><th>release</th><th>how to measure</th></tr></thead><tbody>
{{range .Missing}}<tr><td>{{.Label}}</td><td><code>{{.HowTo}}</code></td></tr>
{{end}}</tbody></table></div>{{else}}<p>Every expected release was measured.</p>{{end}}
<h2 id="kinds">Outcome kinds</h2>
<div class="scroll"><table class="env"><thead><tr><th>kind</th><th>meaning</th></tr></thead><tbody>
{{range .Kinds}}<tr><td class="k-{{.}}">{{.}}</td><td>{{index $.Meaning .}}</td></tr>
{{end}}</tbody></table></div>
<footer>{{range .Footer}}<p>{{.}}</p>{{end}}</footer>
<script>{{.JS}}</script>
</body>
</html>
`))

// HTML writes the report as one self-contained page: inline style sheet
// and script only, allowed by a Content-Security-Policy that forbids
// every external load. Everything taken from results is escaped by
// html/template; the charts are SVG built with XML escaping.
func HTML(w io.Writer, r Report) error {
	pg := htmlPage{
		Title:    Title,
		CSP:      ContentSecurityPolicy(),
		CSS:      template.CSS(pageCSS),
		JS:       template.JS(pageJS),
		R:        r,
		Kinds:    outcome.Order,
		Meaning:  kindMeaning,
		Classes:  []string{Regressed, Fixed, Changed},
		Rule:     ReferenceRule,
		CostNote: CostNote,

		ClaimsIntro: claimsIntro,
		HowTo:       howToReadItems,
		Noise:       noiseLine(r.ChangeStats),
		Footer:      footer(r),
		Alpha:       strconv.FormatFloat(Alpha, 'g', -1, 64),
		Grid:        GridOf(r),
		GridIntro:   gridIntro,
		GridLegend:  gridLegend,
	}
	pg.Surprises, pg.Everywhere = splitSurprises(Surprises(r))
	for _, ch := range r.Charts {
		pg.Charts = append(pg.Charts, htmlChart{Chart: ch, SVG: template.HTML(ChartSVG(ch))}) // #nosec: built with esc
	}
	pg.PerfCharts, pg.PerfIntro = htmlPerfCharts(r), perfIntro
	pg.MemoryColumns, pg.MemoryRows = memoryTable(r)
	pg.MemoryIntro = memoryIntro
	for _, c := range r.Columns {
		if !c.Measured {
			pg.Missing = append(pg.Missing, c)
		}
	}
	if err := page.Execute(w, pg); err != nil {
		return fmt.Errorf("rendering html: %w", err)
	}
	return nil
}

// codeSpans renders our own text in which `backticks` mark code as HTML:
// the text escaped, each code span in a code element.
func codeSpans(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
			continue
		}
		b.WriteString(template.HTMLEscapeString(part))
	}
	return template.HTML(b.String()) // #nosec: every part is escaped
}
