package analysis

import (
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// The statuses of a recommendation on a day. A recommendation is resolved
// by the auditors' judgment, or while the findings it targets do not hold;
// otherwise it is open, and then overdue past its due date, reopened when
// its findings stopped holding after the report and came back, answered
// once the addressed body's answer is decided.
const (
	StatusOpen     = "open"
	StatusAnswered = "answered"
	StatusOverdue  = "overdue"
	StatusReopened = "reopened"
	StatusResolved = "resolved"
)

// RecommendationStatuses lists the statuses, from the first a
// recommendation has to the last.
var RecommendationStatuses = []string{StatusOpen, StatusAnswered, StatusOverdue, StatusReopened, StatusResolved}

// The events on a recommendation's way, each on the day it happened.
const (
	EventGiven    = "given"    // the report's day
	EventAnswered = "answered" // the day the answer was decided
	EventResolved = "resolved" // the first day the targeted findings no longer held
	EventReopened = "reopened" // the first day they held again after a pause
	EventOverdue  = "overdue"  // the day after the due date, while not resolved
	EventJudged   = "judged"   // the day the auditors judged it resolved
)

// FollowUpEvents lists the kinds of event in the order of a
// recommendation's life.
var FollowUpEvents = []string{EventGiven, EventAnswered, EventResolved, EventReopened, EventOverdue, EventJudged}

// Target selects the findings a recommendation is about, as Filter does,
// with several subjects; an empty target selects none, and its status then
// comes from the auditors' judgment alone.
type Target struct {
	Rules      []string
	SubjectIDs []uuid.UUID
	Severity   string
}

// Empty reports whether the target selects no findings.
func (t Target) Empty() bool { return len(t.Rules) == 0 && len(t.SubjectIDs) == 0 && t.Severity == "" }

// Followed is what the status of a recommendation depends on, besides the
// graph: the day it was given (its report's decision), its due date, its
// target, the day its answer was decided and the auditors' judgment.
type Followed struct {
	Given           koncern.Date
	DueOn           *koncern.Date
	Target          Target
	AnsweredOn      *koncern.Date
	JudgedOn        *koncern.Date
	JudgmentComment string
}

// EvidenceChange is a record that began or ended where a recommendation's
// findings stopped or started holding: evidence of what changed. Change is
// "ended" for a record whose last day was the day before, "started" for one
// whose first day it is.
type EvidenceChange struct {
	Evidence
	Change string `json:"change"`
}

// FollowUpEvent is one dated event on a recommendation's way, with the
// status it left the recommendation in and, for a resolution or a
// reopening, the records that changed that day.
type FollowUpEvent struct {
	On       koncern.Date     `json:"on"`
	Kind     string           `json:"kind"`
	Status   string           `json:"status"`
	Evidence []EvidenceChange `json:"evidence"`
}

// FollowUp is a recommendation's status on day On: since when it has had
// it, whether the auditors' judgment gave it, the findings that still hold
// and the events since the report.
type FollowUp struct {
	On     koncern.Date `json:"on"`
	Status string       `json:"status"`
	// GivenOn is the report's day and AnsweredOn the answer's, when it
	// was decided by On.
	GivenOn    koncern.Date  `json:"given_on"`
	AnsweredOn *koncern.Date `json:"answered_on"`
	// Since is the first day of the status, in the run that lasts to On.
	Since koncern.Date `json:"since"`
	// ByJudgment is true when the auditors' judgment resolved it;
	// JudgmentComment is then their comment.
	ByJudgment      bool    `json:"by_judgment"`
	JudgmentComment *string `json:"judgment_comment"`
	// DaysToResolve counts the days from the report to the resolution,
	// for a resolved recommendation.
	DaysToResolve *int `json:"days_to_resolve"`
	// Findings are the targeted findings that hold on On, with the days
	// they held since the report.
	Findings []Finding `json:"findings"`
	// Evidence is what changed on the day a resolution by the data began.
	Evidence []EvidenceChange `json:"evidence"`
	History  []FollowUpEvent  `json:"history"`
}

// FollowUps computes the status of each recommendation on day at, over a
// snapshot that covers every day from the earliest report to at, loaded
// for the reports' municipality (the findings are that group's). A
// recommendation given after at has no status yet: the caller leaves it
// out. The findings of each target are computed once, however many
// recommendations share it.
//
// The status of each day is that day's alone: the findings hold on exactly
// the same days whichever window they are computed over, so the history
// can be read off the days the findings held between the report and at.
func FollowUps(s *Snapshot, recs []Followed, at koncern.Date) []FollowUp {
	byTarget := map[string][]Finding{}
	out := make([]FollowUp, len(recs))
	for i, rec := range recs {
		var fs []Finding
		if !rec.Target.Empty() {
			key := targetKey(rec.Target)
			all, ok := byTarget[key]
			if !ok {
				all = Findings(s, Filter{Rules: rec.Target.Rules, Severity: rec.Target.Severity})
				byTarget[key] = all
			}
			fs = targeted(all, rec.Target.SubjectIDs)
		}
		out[i] = newTrack(s, rec, at, fs).followUp()
	}
	return out
}

// FollowUpOf computes one recommendation's status (FollowUps).
func FollowUpOf(s *Snapshot, rec Followed, at koncern.Date) FollowUp {
	return FollowUps(s, []Followed{rec}, at)[0]
}

// targetKey names a target's rules and severity, the part the rules
// compute; the subjects are picked from their findings.
func targetKey(t Target) string {
	rules := slices.Clone(t.Rules)
	slices.Sort(rules)
	key := t.Severity
	for _, r := range rules {
		key += "\x00" + r
	}
	return key
}

// targeted keeps the findings about the subjects, or all of them when no
// subject is named.
func targeted(fs []Finding, subjects []uuid.UUID) []Finding {
	if len(subjects) == 0 {
		return fs
	}
	var out []Finding
	for _, f := range fs {
		if slices.Contains(subjects, f.Subject.ID) {
			out = append(out, f)
		}
	}
	return out
}

// track is one recommendation followed from its report to day at.
type track struct {
	s        *Snapshot
	rec      Followed
	given    Day
	at       Day
	targeted bool
	findings []Finding
	// holds are the days from the report to at on which some targeted
	// finding holds.
	holds Spans
}

func newTrack(s *Snapshot, rec Followed, at koncern.Date, fs []Finding) *track {
	t := &track{s: s, rec: rec, given: DayOf(rec.Given), at: DayOf(at), targeted: !rec.Target.Empty()}
	window := Spans{{t.given, t.at}}
	for _, f := range fs {
		days := f.Spans().Intersect(window)
		if len(days) == 0 {
			continue
		}
		t.holds = t.holds.Union(days)
		t.findings = append(t.findings, f)
	}
	return t
}

// state is a recommendation's status on one day, and whether the
// judgment gave it.
type state struct {
	status  string
	judged  bool
	holding bool
}

// on computes the status of day d (see the constants).
func (t *track) on(d Day) state {
	holding := t.targeted && t.holds.Overlaps(Span{d, d})
	switch {
	case t.judgedBy(d):
		return state{StatusResolved, true, holding}
	case t.targeted && !holding:
		return state{StatusResolved, false, false}
	case t.rec.DueOn != nil && d > DayOf(*t.rec.DueOn):
		return state{StatusOverdue, false, holding}
	case t.targeted && t.pausedBefore(d):
		return state{StatusReopened, false, holding}
	case t.rec.AnsweredOn != nil && d >= DayOf(*t.rec.AnsweredOn):
		return state{StatusAnswered, false, holding}
	}
	return state{StatusOpen, false, holding}
}

// judgedBy reports whether the auditors had judged the recommendation
// resolved by day d.
func (t *track) judgedBy(d Day) bool {
	return t.rec.JudgedOn != nil && d >= DayOf(*t.rec.JudgedOn)
}

// pausedBefore reports whether the findings, holding on d, did not hold on
// some day between the report and d.
func (t *track) pausedBefore(d Day) bool {
	for _, x := range t.holds {
		if x.Contains(d) {
			return x.From > t.given
		}
	}
	return false
}

// turns are the days from the report to at on which the status may
// change: the report's, the answer's, the judgment's, the day after the
// due date and the first day of every run of holding and not holding.
func (t *track) turns() []Day {
	days := []Day{t.given}
	add := func(d Day) {
		if d > t.given && d <= t.at {
			days = append(days, d)
		}
	}
	for _, d := range []*koncern.Date{t.rec.AnsweredOn, t.rec.JudgedOn} {
		if d != nil {
			add(DayOf(*d))
		}
	}
	if t.rec.DueOn != nil {
		add(DayOf(*t.rec.DueOn) + 1)
	}
	for _, x := range t.holds {
		add(x.From)
		if x.To != Forever {
			add(x.To + 1)
		}
	}
	slices.Sort(days)
	return slices.Compact(days)
}

// followUp walks the turns from the report to at and records the events.
func (t *track) followUp() FollowUp {
	var history []FollowUpEvent
	var since Day
	prev := state{}
	for _, d := range t.turns() {
		cur := t.on(d)
		history = append(history, t.events(d, prev, cur)...)
		if d == t.given || cur.status != prev.status || cur.judged != prev.judged {
			since = d
		}
		prev = cur
	}
	f := FollowUp{On: t.at.Date(), Status: prev.status, GivenOn: t.rec.Given, Since: since.Date(), ByJudgment: prev.judged,
		History: history, Findings: []Finding{}, Evidence: []EvidenceChange{}}
	if a := t.rec.AnsweredOn; a != nil && DayOf(*a) <= t.at {
		f.AnsweredOn = a
	}
	if prev.judged {
		f.JudgmentComment = &t.rec.JudgmentComment
	}
	if prev.status == StatusResolved {
		days := int(since - t.given)
		f.DaysToResolve = &days
		if !prev.judged {
			f.Evidence = t.changes(since)
		}
	} else {
		f.Findings = t.holdingOn(t.at)
	}
	return f
}

// events are what happened on day d, which turned the status from prev to
// cur. The data's resolutions and reopenings after a judgment are not
// events of the recommendation: the judgment settled it.
func (t *track) events(d Day, prev, cur state) []FollowUpEvent {
	var out []FollowUpEvent
	add := func(kind string, evidence []EvidenceChange) {
		if evidence == nil {
			evidence = []EvidenceChange{}
		}
		out = append(out, FollowUpEvent{On: d.Date(), Kind: kind, Status: cur.status, Evidence: evidence})
	}
	settled := t.judgedBy(d - 1)
	if d == t.given {
		add(EventGiven, nil)
	}
	if t.rec.AnsweredOn != nil && d == DayOf(*t.rec.AnsweredOn) {
		add(EventAnswered, nil)
	}
	switch {
	case settled || !t.targeted:
	case !cur.holding && (d == t.given || prev.holding):
		add(EventResolved, t.changes(d))
	case cur.holding && d > t.given && !prev.holding:
		add(EventReopened, t.changes(d))
	}
	if !settled && cur.status == StatusOverdue && prev.status != StatusOverdue && d == DayOf(*t.rec.DueOn)+1 {
		add(EventOverdue, nil)
	}
	if t.rec.JudgedOn != nil && d == DayOf(*t.rec.JudgedOn) {
		add(EventJudged, nil)
	}
	return out
}

// holdingOn returns the targeted findings that hold on day d, each with
// the days it held from the report to at.
func (t *track) holdingOn(d Day) []Finding {
	out := []Finding{}
	for _, f := range t.findings {
		if f.spans.Overlaps(Span{d, d}) {
			f.spans = f.spans.Intersect(Spans{{t.given, t.at}})
			f.Periods = f.spans.Periods()
			out = append(out, f)
		}
	}
	return out
}
