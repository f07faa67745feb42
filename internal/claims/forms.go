package claims

import (
	"fmt"
	"strings"
)

// rules is what a claim form is: how its cells decide it overall and per
// column, which trials its comparisons count, and how its verdict reads.
// A new form is one type implementing rules, in one file, registered in
// forms; Parse refuses a form that is not registered.
type rules interface {
	// decide sets d.Status, d.Where, the bound and, where the form makes
	// them, the comparisons, from the cells in column order.
	decide(d *Decision, c Claim, cells []CellResult, decided, observed []bool)
	// column decides the claim on one column from its cells.
	column(cells []CellResult, d Decision, col Column) (ColumnStatus, string)
	// lead is the summary's first sentence or two.
	lead(d Decision) string
}

// forms registers every form's rules.
var forms = map[Form]rules{
	Universal:   universal{},
	Existential: existential{},
	Invariant:   invariant{},
}

// formRules returns the rules of form f. An unknown form is a programming
// error (Parse refuses it), never silently another form.
func formRules(f Form) rules {
	r, ok := forms[f]
	if !ok {
		panic(fmt.Sprintf("claims: unknown form %q (Parse accepts only registered forms)", f))
	}
	return r
}

// knownForms lists the registered forms for error messages.
func knownForms() string {
	var q []string
	for _, f := range []Form{Universal, Existential, Invariant} {
		if _, ok := forms[f]; ok {
			q = append(q, fmt.Sprintf("%q", f))
		}
	}
	return strings.Join(q, ", ")
}

// Decide turns the evaluations of a claim's checks into its verdict,
// following the claim's form (see the package documentation).
func Decide(c Claim, cells []CellResult) Decision {
	return decide(c, cells, 0, Confidence)
}

// decide is Decide for cells evaluated at level, the confidence a family
// of that many median estimates needs (FamilyLevel).
func decide(c Claim, cells []CellResult, family int, level float64) Decision {
	rs := formRules(c.Form)
	d := Decision{Claim: c, Family: family, Level: level}
	decided := make([]bool, len(c.Checks))
	observed := make([]bool, len(c.Checks))
	for _, r := range cells {
		d.Idle += r.Result.Idle
		if !r.Result.Known {
			if r.Result.Noise {
				d.Noise++
				if r.Result.Within {
					d.Within++
				}
			}
			d.Undecided = append(d.Undecided, fmt.Sprintf("%s on %s (%s): %s", r.Probe+rowSuffix(r.Row.String()), r.Column.Label, r.Mode, r.Result.Why))
			continue
		}
		decided[r.Check] = true
		d.Cells++
		d.Trials += r.Result.N
		if r.Result.Holds {
			observed[r.Check] = true
		}
	}
	for i, ch := range c.Checks {
		if !decided[i] {
			d.Unmeasured = append(d.Unmeasured, ch.String())
		}
	}
	rs.decide(&d, c, sortedByOrder(cells), decided, observed)
	if d.Comparison.Result == "" {
		d.Comparison = Comparison{Result: NothingToCompare, Text: "Nothing to compare."}
	}
	d.Summary = rs.lead(d) + d.tail()
	return d
}

// tail is the part of a summary every form shares: the cells that could
// not decide, the checks not measured, the idle trials.
func (d Decision) tail() string {
	var s string
	if d.Status != NotMeasured && len(d.Undecided) > 0 {
		s += fmt.Sprintf(" %d %s could not decide it and %s not counted: %s", len(d.Undecided),
			pluralWord(len(d.Undecided), "cell", "cells"), pluralWord(len(d.Undecided), "is", "are"), d.Undecided[0])
		if len(d.Undecided) > 1 {
			s += fmt.Sprintf(" (and %d more)", len(d.Undecided)-1)
		}
		s += "."
	}
	if d.Status != NotMeasured && len(d.Unmeasured) > 0 {
		s += " Not measured: " + strings.Join(d.Unmeasured, "; ") + "."
	}
	if d.Idle > 0 {
		s += fmt.Sprintf(" %d idle trials (the goroutines never overlapped) excluded.", d.Idle)
	}
	return s
}

// notMeasuredLead is the summary of a claim no cell decides.
func (d Decision) notMeasuredLead() string {
	s := "No measured cell decides it."
	if len(d.Undecided) > 0 {
		s = "No measured cell decides it: " + d.Undecided[0]
		if len(d.Undecided) > 1 {
			s += fmt.Sprintf(" (and %d more)", len(d.Undecided)-1)
		}
		s += "."
	}
	if len(d.Where) > 0 {
		s += fmt.Sprintf(" Observed so far: %s.", listWhere(d.Where))
	}
	return s
}

// familyNote says how the median estimates of a claim were corrected for
// their number, or "" when the claim reads none.
func (d Decision) familyNote() string {
	switch {
	case d.Family == 1:
		return fmt.Sprintf(" Its one median estimate is taken at %s%% confidence.", formatConf(d.Level))
	case d.Family > 1:
		return fmt.Sprintf(" Each of its %d median estimates is taken at %s%% confidence (Bonferroni: 1 − %s/%d), so that together they are right with at least %s%%.",
			d.Family, formatConf(d.Level), formatNum(Alpha), d.Family, formatConf(1-Alpha))
	}
	return ""
}
