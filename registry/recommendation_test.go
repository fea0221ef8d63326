package registry_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// auditWorld is a group whose city manager coordinates a head in practice
// until the executive board's decision of 2003-11-12 grounds it, the
// auditors' report of 2003-10-15 and the committee's answer of 2003-12-01.
type auditWorld struct {
	group
	board, auditors, admin koncern.Organization
	cityManager, head      koncern.Post
	practice, formal       koncern.SteeringLine
	decision, report       koncern.Document
	answer, otherDoc       koncern.Document
}

func mustAuditWorld(tb testing.TB, r *registry.Registry) auditWorld {
	tb.Helper()
	w := auditWorld{group: mustGroup(tb, r)}
	org := func(kind, name string, parent uuid.UUID) koncern.Organization {
		return must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: kind, Name: name, ParentID: &parent, Period: period("2003-01-01")}))(tb)
	}
	w.board = org("executive_board", "Kommunstyrelsen", w.muni.ID)
	w.auditors = org("auditors", "Kommunrevisionen", w.muni.ID)
	w.admin = org("administration", "Tekniska kontoret", w.committee.ID)
	post := func(org uuid.UUID, title, role string) koncern.Post {
		return must(r.CreatePost(ctx, koncern.PostInput{OrganizationID: org, Title: title, Role: role, Period: period("2003-01-01")}))(tb)
	}
	w.cityManager = post(w.board.ID, "Stadsdirektör", "city_manager")
	w.head = post(w.admin.ID, "Förvaltningschef", "head")
	doc := func(kind, title string, issuer uuid.UUID, on string) koncern.Document {
		return must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: kind, Title: title, DecidedOn: d(on), IssuerID: issuer, Period: period(on)}))(tb)
	}
	w.decision = doc("board_decision", "Stadsdirektörens roll", w.board.ID, "2003-11-12")
	w.report = doc("audit_report", "Granskning av stadskontoret", w.auditors.ID, "2003-10-15")
	w.answer = doc("audit_response", "Yttrande över granskningen", w.committee.ID, "2003-12-01")
	w.otherDoc = doc("council_decision", "Budget", w.muni.ID, "2003-01-01")
	line := func(basis string, doc *uuid.UUID, p koncern.Period) koncern.SteeringLine {
		return must(r.CreateSteeringLine(ctx, koncern.SteeringLineInput{FromPostID: &w.cityManager.ID, ToPostID: &w.head.ID,
			Kind: "coordination", Basis: basis, DocumentID: doc, Period: p}))(tb)
	}
	w.practice = line("practice", nil, period("2003-01-01", "2003-11-11"))
	w.formal = line("formal", &w.decision.ID, period("2003-11-12"))
	return w
}

// coordinationInput is the recommendation of a clearer coordinating role,
// targeting the coordination of the head.
func (w auditWorld) coordinationInput() koncern.RecommendationInput {
	return koncern.RecommendationInput{ReportID: w.report.ID, Text: "Tydliggör stadsdirektörens samordnande roll.",
		AddressedOrganizationID: &w.board.ID, DueOn: dateP("2004-06-30"),
		TargetRules: []string{"coordination_without_basis"}, TargetSubjectIDs: []uuid.UUID{w.head.ID}}
}

func TestRecommendationChecks(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	w := mustAuditWorld(t, r)
	other := must(r.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Tranås kommun", Period: period("2003-01-01")}))(t)
	otherReport := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "audit_report", Title: "Annan granskning", DecidedOn: d("2003-10-01"),
		IssuerID: other.ID, Period: period("2003-10-01")}))(t)
	early := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "audit_response", Title: "Tidigt yttrande", DecidedOn: d("2003-10-01"),
		IssuerID: w.committee.ID, Period: period("2003-10-01")}))(t)
	secondReport := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "audit_report", Title: "Granskning av bolagen", DecidedOn: d("2003-10-01"),
		IssuerID: w.auditors.ID, Period: period("2003-10-01")}))(t)
	otherAnswer := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "audit_response", Title: "Yttrande över bolagsgranskningen", DecidedOn: d("2003-12-01"),
		IssuerID: w.committee.ID, RefersToID: &secondReport.ID, Period: period("2003-12-01")}))(t)
	cases := []struct {
		name  string
		edit  func(in *koncern.RecommendationInput)
		code  string
		field string
	}{
		{"ErrAnswerToAnotherReport", func(in *koncern.RecommendationInput) { in.ResponseDocumentID = &otherAnswer.ID }, koncern.EINVALID, "response_document_id"},
		{"ErrReportUnknown", func(in *koncern.RecommendationInput) { in.ReportID = uuid.New() }, koncern.EINVALID, "report_id"},
		{"ErrReportNotAnAuditReport", func(in *koncern.RecommendationInput) { in.ReportID = w.decision.ID }, koncern.EINVALID, "report_id"},
		{"ErrTextRequired", func(in *koncern.RecommendationInput) { in.Text = "" }, koncern.EINVALID, "text"},
		{"ErrTextTooLong", func(in *koncern.RecommendationInput) { in.Text = string(make([]rune, 4001)) }, koncern.EINVALID, "text"},
		{"ErrNoAddressee", func(in *koncern.RecommendationInput) { in.AddressedOrganizationID = nil }, koncern.EINVALID, "addressed_organization_id"},
		{"ErrTwoAddressees", func(in *koncern.RecommendationInput) { in.AddressedPostID = &w.head.ID }, koncern.EINVALID, "addressed_post_id"},
		{"ErrAddresseeUnknown", func(in *koncern.RecommendationInput) { in.AddressedOrganizationID = ptrID(uuid.New()) }, koncern.EINVALID, "addressed_organization_id"},
		{"ErrAddresseeOfAnotherGroup", func(in *koncern.RecommendationInput) { in.AddressedOrganizationID = &other.ID }, koncern.EINVALID, "addressed_organization_id"},
		{"ErrUnknownRule", func(in *koncern.RecommendationInput) { in.TargetRules = []string{"no_such_rule"} }, koncern.EINVALID, "target_rules"},
		{"ErrRuleTwice", func(in *koncern.RecommendationInput) {
			in.TargetRules = []string{"vacant_head", "vacant_head"}
		}, koncern.EINVALID, "target_rules"},
		{"ErrSubjectUnknown", func(in *koncern.RecommendationInput) { in.TargetSubjectIDs = []uuid.UUID{uuid.New()} }, koncern.EINVALID, "target_subject_ids"},
		{"ErrSubjectOfAnotherGroup", func(in *koncern.RecommendationInput) { in.TargetSubjectIDs = []uuid.UUID{other.ID} }, koncern.EINVALID, "target_subject_ids"},
		{"ErrSeverity", func(in *koncern.RecommendationInput) { in.TargetSeverity = ptr("urgent") }, koncern.EINVALID, "target_severity"},
		{"ErrDueBeforeReport", func(in *koncern.RecommendationInput) { in.DueOn = dateP("2003-10-14") }, koncern.EINVALID, "due_on"},
		{"ErrAnswerNotAResponse", func(in *koncern.RecommendationInput) { in.ResponseDocumentID = &w.otherDoc.ID }, koncern.EINVALID, "response_document_id"},
		{"ErrAnswerBeforeReport", func(in *koncern.RecommendationInput) { in.ResponseDocumentID = &early.ID }, koncern.EINVALID, "response_document_id"},
		{"ErrAnswerTextWithoutAnswer", func(in *koncern.RecommendationInput) { in.ResponseText = ptr("Vi håller med.") }, koncern.EINVALID, "response_document_id"},
		{"ErrJudgmentWithoutComment", func(in *koncern.RecommendationInput) { in.JudgedResolvedOn = dateP("2004-01-01") }, koncern.EINVALID, "judgment_comment"},
		{"ErrCommentWithoutJudgment", func(in *koncern.RecommendationInput) { in.JudgmentComment = ptr("Åtgärdat.") }, koncern.EINVALID, "judged_resolved_on"},
		{"ErrJudgedBeforeReport", func(in *koncern.RecommendationInput) {
			in.JudgedResolvedOn, in.JudgmentComment = dateP("2003-10-01"), ptr("Åtgärdat.")
		}, koncern.EINVALID, "judged_resolved_on"},
		{"ErrJudgedAfterToday", func(in *koncern.RecommendationInput) {
			in.JudgedResolvedOn, in.JudgmentComment = dateP("2026-11-28"), ptr("Åtgärdat.")
		}, koncern.EINVALID, "judged_resolved_on"},
		{"ErrReportOfAnotherGroupForTheSubjects", func(in *koncern.RecommendationInput) {
			in.ReportID, in.AddressedOrganizationID = otherReport.ID, &other.ID
		}, koncern.EINVALID, "target_subject_ids"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := w.coordinationInput()
			c.edit(&in)
			_, err := r.CreateRecommendation(as(koncern.AccessAuditor), in)
			wantError(t, err, c.code, c.field)
		})
	}
	t.Run("ErrPatchChecksToo", func(t *testing.T) {
		rec := must(r.CreateRecommendation(as(koncern.AccessAuditor), w.coordinationInput()))(t)
		_, err := r.UpdateRecommendation(as(koncern.AccessAuditor), rec.ID, rec.Version, koncern.RecommendationPatch{
			JudgedResolvedOn: koncern.Opt[koncern.Date]{Set: true, Value: d("2004-01-01")}})
		wantError(t, err, koncern.EINVALID, "judgment_comment")
		_, err = r.UpdateRecommendation(as(koncern.AccessAuditor), rec.ID, rec.Version, koncern.RecommendationPatch{Text: koncern.Opt[string]{Set: true, Null: true}})
		wantError(t, err, koncern.EINVALID, "text")
	})
	t.Run("ErrDocumentKindChangeUnderARecommendation", func(t *testing.T) {
		rec := must(r.CreateRecommendation(ctx, w.coordinationInput()))(t)
		must(r.UpdateRecommendation(ctx, rec.ID, 0, koncern.RecommendationPatch{ResponseDocumentID: koncern.Opt[uuid.UUID]{Set: true, Value: w.answer.ID}}))(t)
		other := koncern.Opt[string]{Set: true, Value: "other"}
		_, err := r.UpdateDocument(ctx, w.report.ID, 0, koncern.DocumentPatch{Kind: other})
		wantError(t, err, koncern.ECONFLICT, "kind")
		_, err = r.UpdateDocument(ctx, w.answer.ID, 0, koncern.DocumentPatch{Kind: other})
		wantError(t, err, koncern.ECONFLICT, "kind")
		must(r.UpdateDocument(ctx, w.answer.ID, 0, koncern.DocumentPatch{Title: koncern.Opt[string]{Set: true, Value: "Yttrande (rättat)"}}))(t)
	})
	t.Run("ErrDocumentDayChangeUnderARecommendation", func(t *testing.T) {
		// The report of 2003-10-15 is answered on 2003-12-01 and the
		// recommendation due on 2004-06-30: the report cannot move past
		// them, nor the answer before the report, or the recommendation
		// would hold what its own checks refuse.
		r := registrytest.MustRegistry(t, now)
		w := mustAuditWorld(t, r)
		rec := must(r.CreateRecommendation(ctx, w.coordinationInput()))(t)
		must(r.UpdateRecommendation(ctx, rec.ID, 0, koncern.RecommendationPatch{ResponseDocumentID: koncern.Opt[uuid.UUID]{Set: true, Value: w.answer.ID}}))(t)
		day := func(on string) koncern.DocumentPatch {
			return koncern.DocumentPatch{DecidedOn: koncern.Opt[koncern.Date]{Set: true, Value: d(on)},
				PeriodPatch: koncern.PeriodPatch{ValidFrom: koncern.Opt[koncern.Date]{Set: true, Value: d(on)}}}
		}
		_, err := r.UpdateDocument(ctx, w.report.ID, 0, day("2004-01-10"))
		wantError(t, err, koncern.ECONFLICT, "decided_on")
		_, err = r.UpdateDocument(ctx, w.answer.ID, 0, day("2003-10-01"))
		wantError(t, err, koncern.ECONFLICT, "decided_on")
		if got := must(r.GetDocument(ctx, w.report.ID))(t); got.DecidedOn != d("2003-10-15") {
			t.Errorf("report decided on %s after a refused change", got.DecidedOn)
		}
		elsewhere := must(r.CreateDocument(ctx, koncern.DocumentInput{Kind: "audit_report", Title: "Granskning av bolagen", DecidedOn: d("2003-10-01"),
			IssuerID: w.auditors.ID, Period: period("2003-10-01")}))(t)
		_, err = r.UpdateDocument(ctx, w.answer.ID, 0, koncern.DocumentPatch{RefersToID: koncern.Opt[uuid.UUID]{Set: true, Value: elsewhere.ID}})
		wantError(t, err, koncern.ECONFLICT, "refers_to_id")
		must(r.UpdateDocument(ctx, w.answer.ID, 0, koncern.DocumentPatch{RefersToID: koncern.Opt[uuid.UUID]{Set: true, Value: w.report.ID}}))(t)
		must(r.UpdateDocument(ctx, w.report.ID, 0, day("2003-10-20")))(t)
		must(r.UpdateRecommendation(ctx, rec.ID, 0, koncern.RecommendationPatch{ResponseText: koncern.Opt[string]{Set: true, Value: "Rollen är beslutad."}}))(t)
	})
}

func ptrID(id uuid.UUID) *uuid.UUID { return &id }

// TestRecommendationRoles checks the privacy rules: the auditors give and
// judge, the registrar records the answer and nothing else, every role
// reads and an anonymous caller does not.
func TestRecommendationRoles(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	w := mustAuditWorld(t, r)
	auditor, registrar := as(koncern.AccessAuditor), as(koncern.AccessRegistrar)
	rec := must(r.CreateRecommendation(auditor, w.coordinationInput()))(t)
	answer := koncern.RecommendationPatch{ResponseDocumentID: koncern.Opt[uuid.UUID]{Set: true, Value: w.answer.ID},
		ResponseText: koncern.Opt[string]{Set: true, Value: "Nämnden delar revisionens bedömning."}}
	judgment := koncern.RecommendationPatch{JudgedResolvedOn: koncern.Opt[koncern.Date]{Set: true, Value: d("2004-02-01")},
		JudgmentComment: koncern.Opt[string]{Set: true, Value: "Rollen är förtydligad."}}

	t.Run("EveryRoleReads", func(t *testing.T) {
		for _, role := range koncern.AccessRoles {
			must(r.GetRecommendation(as(role), rec.ID))(t)
		}
	})
	t.Run("ErrAnonymousReads", func(t *testing.T) {
		pub := viewer.NewContext(context.Background(), viewer.Viewer{Name: viewer.Anonymous, PublicRead: true})
		_, err := r.GetRecommendation(pub, rec.ID)
		wantCode(t, err, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrOthersGive", func(t *testing.T) {
		for _, role := range []string{koncern.AccessRegistrar, koncern.AccessFinance, koncern.AccessReader} {
			_, err := r.CreateRecommendation(as(role), w.coordinationInput())
			wantCode(t, err, koncern.EFORBIDDEN)
		}
	})
	t.Run("ErrAuditorGivesAnAnswer", func(t *testing.T) {
		in := w.coordinationInput()
		in.ResponseDocumentID = &w.answer.ID
		_, err := r.CreateRecommendation(auditor, in)
		wantCode(t, err, koncern.EFORBIDDEN)
	})
	t.Run("ErrAuditorRecordsTheAnswer", func(t *testing.T) {
		_, err := r.UpdateRecommendation(auditor, rec.ID, 0, answer)
		wantCode(t, err, koncern.EFORBIDDEN)
	})
	t.Run("ErrRegistrarChangesTheRecommendation", func(t *testing.T) {
		_, err := r.UpdateRecommendation(registrar, rec.ID, 0, koncern.RecommendationPatch{Text: koncern.Opt[string]{Set: true, Value: "Annat."}})
		wantCode(t, err, koncern.EFORBIDDEN)
		_, err = r.UpdateRecommendation(registrar, rec.ID, 0, judgment)
		wantCode(t, err, koncern.EFORBIDDEN)
	})
	t.Run("RegistrarRecordsTheAnswer", func(t *testing.T) {
		got := must(r.UpdateRecommendation(registrar, rec.ID, rec.Version, answer))(t)
		if got.ResponseDocumentID == nil || *got.ResponseDocumentID != w.answer.ID || got.Version != rec.Version+1 {
			t.Fatalf("answer not recorded: %+v", got)
		}
	})
	t.Run("AuditorJudges", func(t *testing.T) {
		got := must(r.UpdateRecommendation(auditor, rec.ID, 0, judgment))(t)
		if got.JudgedBy == nil || *got.JudgedBy != "test-auditor" || got.JudgmentComment == nil {
			t.Fatalf("judgment %+v", got)
		}
		cleared := must(r.UpdateRecommendation(auditor, rec.ID, 0, koncern.RecommendationPatch{
			JudgedResolvedOn: koncern.Opt[koncern.Date]{Set: true, Null: true}, JudgmentComment: koncern.Opt[string]{Set: true, Null: true}}))(t)
		if cleared.JudgedBy != nil || cleared.JudgedResolvedOn != nil {
			t.Fatalf("judgment not cleared: %+v", cleared)
		}
	})
	t.Run("TrailAndReconciliation", func(t *testing.T) {
		events := must(r.ListAuditEvents(ctx, registry.AuditFilter{EntityID: rec.ID.String()}))(t)
		ops := []string{}
		for _, e := range events.Items {
			ops = append(ops, e.Operation)
		}
		if !slices.Equal(ops, []string{"create", "update", "update", "update"}) {
			t.Errorf("audit events %v, want the creation, the answer, the judgment and its clearing", ops)
		}
		if got := reconcile(t, r); len(got) != 0 {
			t.Errorf("discrepancies %v", got)
		}
	})
}

// TestFollowUpThroughTheRegistry computes the status from the stored
// graph: open on the report's day, resolved on the decision's, with the
// practice line's end and the decision as evidence; listed by status, and
// counted in the year's report.
func TestFollowUpThroughTheRegistry(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	w := mustAuditWorld(t, r)
	coord := must(r.CreateRecommendation(ctx, w.coordinationInput()))(t)
	delegation := must(r.CreateRecommendation(ctx, koncern.RecommendationInput{ReportID: w.report.ID, Text: "Pröva mer delegation.",
		AddressedOrganizationID: &w.board.ID}))(t)
	followUp := must(r.CreateRecommendation(ctx, koncern.RecommendationInput{ReportID: w.report.ID, Text: "Inför ett uppföljningssystem.",
		AddressedOrganizationID: &w.board.ID, DueOn: dateP("2004-06-30"), ResponseDocumentID: &w.answer.ID}))(t)

	status := func(at string) map[uuid.UUID]string {
		fs := must(r.FollowUps(ctx, []koncern.Recommendation{coord, delegation, followUp}, d(at)))(t)
		out := map[uuid.UUID]string{}
		for _, f := range fs {
			if f.FollowUp == nil {
				out[f.ID] = "not given"
				continue
			}
			out[f.ID] = f.FollowUp.Status + " since " + f.FollowUp.Since.String()
		}
		return out
	}
	for _, c := range []struct {
		at                   string
		coord, deleg, follow string
	}{
		{"2003-10-14", "not given", "not given", "not given"},
		{"2003-10-15", "open since 2003-10-15", "open since 2003-10-15", "open since 2003-10-15"},
		{"2003-11-12", "resolved since 2003-11-12", "open since 2003-10-15", "open since 2003-10-15"},
		{"2003-12-01", "resolved since 2003-11-12", "open since 2003-10-15", "answered since 2003-12-01"},
		{"2004-07-01", "resolved since 2003-11-12", "open since 2003-10-15", "overdue since 2004-07-01"},
	} {
		t.Run(c.at, func(t *testing.T) {
			got := status(c.at)
			if got[coord.ID] != c.coord || got[delegation.ID] != c.deleg || got[followUp.ID] != c.follow {
				t.Errorf("coordination %q, delegation %q, follow-up %q; want %q, %q, %q",
					got[coord.ID], got[delegation.ID], got[followUp.ID], c.coord, c.deleg, c.follow)
			}
		})
	}

	t.Run("Evidence", func(t *testing.T) {
		f := must(r.FollowUps(ctx, []koncern.Recommendation{coord}, d("2004-01-01")))(t)[0].FollowUp
		var got []string
		for _, e := range f.Evidence {
			got = append(got, e.Change+" "+e.ID.String())
		}
		want := []string{"ended " + w.practice.ID.String(), "started " + w.decision.ID.String(), "started " + w.formal.ID.String()}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("evidence %v, want %v", got, want)
		}
	})

	t.Run("ListByStatus", func(t *testing.T) {
		at := d("2004-07-01")
		for _, c := range []struct {
			status string
			want   []uuid.UUID
		}{
			{"", []uuid.UUID{coord.ID, delegation.ID, followUp.ID}},
			{analysis.StatusResolved, []uuid.UUID{coord.ID}},
			{analysis.StatusOpen, []uuid.UUID{delegation.ID}},
			{analysis.StatusOverdue, []uuid.UUID{followUp.ID}},
			{analysis.StatusAnswered, nil},
		} {
			var got []uuid.UUID
			f := registry.RecommendationFilter{MunicipalityID: &w.muni.ID, Status: c.status, At: &at, Limit: 1}
			for {
				p := must(r.ListRecommendations(ctx, f))(t)
				for _, x := range p.Items {
					got = append(got, x.ID)
				}
				if p.NextCursor == nil {
					break
				}
				f.Cursor = *p.NextCursor
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("status %q: %v, want %v", c.status, got, c.want)
			}
		}
		before := d("2003-10-14")
		if p := must(r.ListRecommendations(ctx, registry.RecommendationFilter{At: &before}))(t); len(p.Items) != 0 {
			t.Errorf("%d recommendations listed before their report", len(p.Items))
		}
		_, err := r.ListRecommendations(ctx, registry.RecommendationFilter{Limit: registry.MaxLimit + 1})
		wantError(t, err, koncern.EINVALID, "limit")
	})

	t.Run("Report", func(t *testing.T) {
		rep := must(r.FollowUpReport(ctx, w.muni.ID, 2003, d("2004-07-01")))(t)
		want := analysis.FollowUpTotals{Given: 3, Open: 1, Overdue: 1, Resolved: 1, MeanDaysToResolve: rep.Totals.MeanDaysToResolve}
		if rep.Totals != want || rep.Totals.MeanDaysToResolve == nil || *rep.Totals.MeanDaysToResolve != 28 {
			t.Errorf("totals %+v, want %+v with 28 days to resolve", rep.Totals, want)
		}
		if len(rep.Items) != 3 || rep.Items[0].Addressed.Name != "Kommunstyrelsen" || rep.Items[0].Report != "Granskning av stadskontoret" {
			t.Errorf("items %+v", rep.Items)
		}
		if other := must(r.FollowUpReport(ctx, w.muni.ID, 2004, d("2004-07-01")))(t); other.Totals.Given != 0 || len(other.Items) != 0 {
			t.Errorf("2004 has %+v", other.Totals)
		}
		_, err := r.FollowUpReport(ctx, w.committee.ID, 2003, d("2004-07-01"))
		wantError(t, err, koncern.EINVALID, "municipality")
	})
}
