package demo

import (
	"fmt"

	"github.com/koncernregistret/koncern"
)

// The rule book's company law in the demo: articles of association the
// council approved, general meetings adopting the owner directives, the
// executive board's annual reviews of the companies from 2013, and a
// stämmoombud for Rådhus AB. Each rule of it is broken once, on purpose,
// on days away from the review's 2003-10-01:
//
//   - articles_not_approved: Jönköping Airport AB's own articles are
//     approved by the council only on 2003-06-16;
//   - owner_directive_not_adopted: Vätterns Vatten AB's general meeting
//     adopts the common directive only on 2003-05-20;
//   - ombud_not_appointed: the council appoints Rådhus AB's ombud from
//     2003-03-01;
//   - annual_review_missing: the 2019 review leaves out Jönköpings Hamn
//     AB, which a decision of 2020-10-01 makes good.
const (
	docCompanyArticles  = "Bolagsordningar för dotterbolagen i Jönköpings Rådhus AB"
	docAirportArticles  = "Bolagsordning för Jönköping Airport AB"
	docAirportApproval  = "Godkännande av bolagsordning för Jönköping Airport AB"
	airportCo           = "Jönköping Airport AB"
	lateAdopter         = "Vätterns Vatten AB (illustrativt)"
	lateAdoption        = "2003-05-20"
	reviewedLate        = "Jönköpings Hamn AB (illustrativt)"
	reviewedLateYear    = 2019
	reviewedLateOn      = "2020-10-01"
	ombudTitle          = "Stämmoombud"
	ombudAppointedFrom  = "2003-03-01"
	firstReviewedYear   = 2013
	reviewDecidedOnDate = "03-15" // the executive board decides in March
	reviewDeadline      = "06-30"
)

// articlesDocs are the companies' articles of association: Rådhus AB's and
// its wholly owned subsidiaries' adopted by the council, Airport AB's by
// its general meeting and approved by the council later.
func articlesDocs() []docSpec {
	var subs []string
	for _, c := range companies {
		if c.parent() != "" && c.Name != holdingCo && c.Name != airportCo && len(c.Owners) == 1 {
			subs = append(subs, c.Name)
		}
	}
	return []docSpec{
		{Title: docHoldingArticles, Kind: "articles_of_association", Issuer: council, Subjects: []string{holdingCo}},
		{Title: docCompanyArticles, Kind: "articles_of_association", Issuer: council, Subjects: subs},
		{Title: docAirportArticles, Kind: "articles_of_association", Issuer: airportCo},
		{Title: docAirportApproval, Kind: "council_decision", Issuer: council, DecidedOn: "2003-06-16",
			Reference: "KF § 98/2003 (illustrativt)", RefersTo: docAirportArticles},
	}
}

// adoptions are the general meetings' resolutions adopting each company's
// owner directive, on the day the company is steered by it.
func adoptions() []docSpec {
	var out []docSpec
	for _, c := range companies {
		if c.Directive == "" {
			continue
		}
		on := c.From
		if c.Name == lateAdopter {
			on = lateAdoption
		}
		out = append(out, docSpec{Title: "Bolagsstämmans fastställande av ägardirektiv, " + c.Name,
			Kind: "general_meeting_resolution", Issuer: c.Name, DecidedOn: on, RefersTo: c.Directive})
	}
	return out
}

// annualReviews are the executive board's decisions on the companies'
// past year, one a year from 2013 for every company of the group, decided
// in March, as many as have been taken by today.
func annualReviews(today koncern.Date) []docSpec {
	var out []docSpec
	for year := firstReviewedYear; ; year++ {
		decided := fmt.Sprintf("%d-%s", year+1, reviewDecidedOnDate)
		if koncern.MustDate(decided).After(today) {
			return out
		}
		var covered []string
		for _, c := range companies {
			if c.parent() != "" && !(year == reviewedLateYear && c.Name == reviewedLate) {
				covered = append(covered, c.Name)
			}
		}
		out = append(out, docSpec{Title: fmt.Sprintf("Prövning av de kommunala bolagens verksamhet %d", year),
			Kind: "annual_review", Issuer: board, DecidedOn: decided, Subjects: covered, Year: year})
		if year == reviewedLateYear && !koncern.MustDate(reviewedLateOn).After(today) {
			out = append(out, docSpec{Title: fmt.Sprintf("Prövning av %s verksamhet %d", reviewedLate, year),
				Kind: "annual_review", Issuer: board, DecidedOn: reviewedLateOn, Subjects: []string{reviewedLate}, Year: year})
		}
	}
}

// ombudLine is the council's appointment of Rådhus AB's stämmoombud, which
// begins after the post does.
var ombudLine = lineSpec{From: org(council), To: post(holdingCo, ombudTitle), Kind: "appointment", Basis: "formal",
	Doc: docElection, Start: ombudAppointedFrom}
