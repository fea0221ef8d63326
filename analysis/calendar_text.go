package analysis

import (
	"fmt"

	"github.com/koncernregistret/koncern"
)

// The descriptions of the duties, in Swedish and English: what is due and
// what does it. The pages and the calendar feed show them as they are.

// periodText writes a period as its first and last day joined by a dash.
func periodText(p koncern.Period) string {
	if p.To == nil {
		return p.From.String() + "–"
	}
	return p.From.String() + "–" + p.To.String()
}

func annualReviewText(c *koncern.Organization, year int) Texts {
	return Texts{
		SV: fmt.Sprintf("Kommunstyrelsen ska pröva om verksamheten i %s under %d har varit förenlig med det fastställda kommunala ändamålet och utförts inom ramen för de kommunala befogenheterna.", c.Name, year),
		EN: fmt.Sprintf("The executive board decides whether the activity of %s in %d was consistent with its municipal purpose and carried out within the municipal powers.", c.Name, year),
	}
}

func mandateText(m *koncern.Organization, e, next Election) Texts {
	return Texts{
		SV: fmt.Sprintf("Kommunfullmäktiges mandatperiod %s slutar i %s. Det nya fullmäktige väljer ledamöter och ersättare i nämnder och bolagsstyrelser för mandatperioden %s.",
			periodText(e.Council), m.Name, periodText(next.Council)),
		EN: fmt.Sprintf("The council's mandate period %s ends in %s. The new council elects the members and deputies of the committees and company boards for the mandate period %s.",
			periodText(e.Council), m.Name, periodText(next.Council)),
	}
}

func layAuditorText(c *koncern.Organization, e Election) Texts {
	return Texts{
		SV: fmt.Sprintf("%s är helägt av kommunen och behöver lekmannarevisorer, utsedda av fullmäktige, för revisorernas mandatperiod %s.",
			c.Name, periodText(e.Auditors)),
		EN: fmt.Sprintf("%s is wholly owned by the municipality and needs lay auditors, appointed by the council, for the auditors' mandate period %s.",
			c.Name, periodText(e.Auditors)),
	}
}

func directiveText(c *koncern.Organization, doc *koncern.Document) Texts {
	next := doc.To.AddDays(1)
	return Texts{
		SV: fmt.Sprintf("Ägardirektivet ”%s” för %s gäller till och med %s. Ett nytt ägardirektiv behöver gälla från %s.", doc.Title, c.Name, doc.To, next),
		EN: fmt.Sprintf("The owner directive “%s” for %s is in force until %s. A new owner directive needs to be in force from %s.", doc.Title, c.Name, doc.To, next),
	}
}

func termText(person, post string, last koncern.Date) Texts {
	next := last.AddDays(1)
	return Texts{
		SV: fmt.Sprintf("Uppdraget som %s, som %s innehar, löper ut %s. En efterträdare behöver tillträda %s, om inte befattningen upphör.", post, person, last, next),
		EN: fmt.Sprintf("%s's term as %s ends on %s. A successor needs to take up the post on %s, unless the post ends.", person, post, last, next),
	}
}

// CalendarTable lays out duties for CSV and XLSX, one row per duty.
func CalendarTable(ds []Duty) Table {
	t := Table{Columns: []string{"id", "due", "status", "kind", "subject_type", "subject_id", "subject", "municipality",
		"basis", "done_on", "done_by_type", "done_by_id", "done_by", "document_id", "document", "description_sv", "description_en"},
		Types: map[string]ColumnType{"due": DateColumn, "done_on": DateColumn}}
	for _, d := range ds {
		muni := ""
		if d.Municipality != nil {
			muni = d.Municipality.Name
		}
		var done [6]string
		if d.Done != nil {
			done = [6]string{d.Done.On.String(), d.Done.Record.Type, d.Done.Record.ID.String(), d.Done.Record.Name}
			if doc := d.Done.Document; doc != nil {
				done[4], done[5] = doc.ID.String(), doc.Name
			}
		}
		row := []string{d.ID, d.Due.String(), d.Status, d.Kind, d.Subject.Type, d.Subject.ID.String(), d.Subject.Name, muni, d.Basis}
		row = append(row, done[:]...)
		t.Rows = append(t.Rows, append(row, d.Description.SV, d.Description.EN))
	}
	return t
}
