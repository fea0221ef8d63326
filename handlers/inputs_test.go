package handlers_test

import (
	"strings"
	"testing"
)

// inputCase is one request whose body the registry must refuse, the status
// and field it must answer with, and, where the wording matters, a part of
// that field's message.
type inputCase struct {
	name    string
	method  string
	path    string
	body    any
	header  []string
	status  int
	field   string
	message string
}

// refuse sends every case and checks that it is refused as described, and
// that none of them wrote anything.
func refuse(t *testing.T, a *api, cases []inputCase) {
	t.Helper()
	before := a.snapshot()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			res := a.do(tt.method, tt.path, tt.body, tt.header...)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res.Body)
			}
			p := res.problem(t)
			for _, e := range p.Errors {
				if e.Field == tt.field && strings.Contains(e.Message, tt.message) {
					return
				}
			}
			t.Fatalf("problem does not name %q with %q: %s", tt.field, tt.message, res.Body)
		})
	}
	if after := a.snapshot(); after != before {
		t.Fatal("refused requests changed the registry")
	}
}

// TestDuplicateKeys: a key given twice is refused by name rather than
// read as its last value, in a POST and in a PATCH. Nested objects and
// keys the contract does not know are refused by the contract check first;
// TestBindJSON covers them.
func TestDuplicateKeys(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	v1 := []string{"If-Match", `"1"`}
	refuse(t, a, []inputCase{
		{"ErrDuplicateValidFrom", "POST", "/api/v1/people", `{"name":"A","valid_from":"2004-01-01","valid_from":"1999-01-01"}`, nil, 400, "valid_from", "more than once"},
		{"ErrDuplicateInPatch", "PATCH", "/api/v1/people/" + f.person, `{"name":"A","name":"B"}`, v1, 400, "name", "more than once"},
		{"ErrDuplicateEscapedKey", "POST", "/api/v1/people", `{"name":"A","valid_from":"2004-01-01","\u006eame":"B"}`, nil, 400, "name", "more than once"},
	})
}

// TestTextAndLinks: control and bidirectional characters, names that show
// nothing and links that are not http or https are refused by the API and
// by the import alike, naming the field.
func TestTextAndLinks(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	doc := a.create("/api/v1/documents", map[string]any{"kind": "owner_directive", "title": "Ägardirektiv", "decided_on": "2003-05-01", "issuer_id": f.muni, "valid_from": "2003-05-01"})
	v1 := []string{"If-Match", `"1"`}
	person := func(name string) map[string]any { return map[string]any{"name": name, "valid_from": "2004-01-01"} }
	document := func(url string) map[string]any {
		return map[string]any{"kind": "owner_directive", "title": "Ägardirektiv", "decided_on": "2003-05-01", "issuer_id": f.muni, "url": url, "valid_from": "2003-05-01"}
	}
	line := func(description string) map[string]any {
		return map[string]any{"from_post_id": f.chair, "to_post_id": f.head, "kind": "direct_political", "basis": "practice", "description": description, "valid_from": "2003-01-01"}
	}
	refuse(t, a, []inputCase{
		{"ErrNameRightToLeftOverride", "POST", "/api/v1/people", person("Evil\u202eBA"), nil, 422, "name", "bidirectional"},
		{"ErrNameIsolate", "POST", "/api/v1/people", person("Anna \u2067Berg"), nil, 422, "name", "bidirectional"},
		{"ErrNameEscape", "POST", "/api/v1/organizations", map[string]any{"kind": "committee", "name": "Nämnd\x1b[31m", "parent_id": f.muni, "valid_from": "2003-01-01"}, nil, 422, "name", "control"},
		{"ErrNameBell", "PATCH", "/api/v1/people/" + f.person, map[string]any{"name": "Anna\aBerg"}, v1, 422, "name", "control"},
		{"ErrNameZeroWidthOnly", "POST", "/api/v1/people", person("\u200b\u200d\ufeff"), nil, 422, "name", "visible"},
		{"ErrTitleLineFeed", "POST", "/api/v1/posts", map[string]any{"organization_id": f.admin, "title": "Chef\nför allt", "role": "head", "valid_from": "2003-01-01"}, nil, 422, "title", "one line"},
		{"ErrTitleLineSeparator", "PATCH", "/api/v1/posts/" + f.head, map[string]any{"title": "Chef\u2028för allt"}, v1, 422, "title", "one line"},
		{"ErrEmailOverride", "POST", "/api/v1/people", map[string]any{"name": "Anna", "email": "anna\u202e@example.se", "valid_from": "2004-01-01"}, nil, 422, "email", ""},
		{"ErrDescriptionEscape", "POST", "/api/v1/steering-lines", line("Se\x1b[2J"), nil, 422, "description", "line feed and tab"},
		{"ErrURLJavascript", "POST", "/api/v1/documents", document("javascript:alert(1)"), nil, 422, "url", "http or https"},
		{"ErrURLData", "POST", "/api/v1/documents", document("data:text/html;base64,PHNjcmlwdD4="), nil, 422, "url", "http or https"},
		{"ErrURLVBScript", "POST", "/api/v1/documents", document("vbscript:msgbox(1)"), nil, 422, "url", "http or https"},
		{"ErrURLFile", "POST", "/api/v1/documents", document("file:///etc/passwd"), nil, 422, "url", "http or https"},
		{"ErrURLPatchJavascript", "PATCH", "/api/v1/documents/" + doc, map[string]any{"url": "JavaScript:alert(1)"}, v1, 422, "url", "http or https"},
		{"ErrImportURL", "POST", "/api/v1/import?kind=documents&dry_run=true",
			"kind,title,decided_on,url,issuer_org_number,valid_from\nowner_directive,Ägardirektiv,2003-05-01,javascript:alert(1),212000-0530,2003-05-01\n",
			[]string{"Content-Type", "text/csv"}, 422, "documents[2].url", "http or https"},
		{"ErrImportNameOverride", "POST", "/api/v1/import?kind=people&dry_run=true",
			"name,valid_from\nEvil\u202eBA,2004-01-01\n", []string{"Content-Type", "text/csv"}, 422, "people[2].name", "bidirectional"},
	})
	t.Run("LettersMarksAndEmojiPass", func(t *testing.T) {
		for _, name := range []string{"Åsa Öberg-Ängström", "Bjørn Łukasz", "Дмитрий 王小明", "Rene\u0301e 👩\u200d💻"} {
			var p struct{ Name string }
			a.mustDo(201, "POST", "/api/v1/people", person(name)).decode(t, &p)
			if p.Name != name {
				t.Fatalf("stored %q as %q", name, p.Name)
			}
		}
		a.mustDo(201, "POST", "/api/v1/steering-lines", line("Rad ett\nrad två\tmed indrag"))
		a.mustDo(201, "POST", "/api/v1/documents", document("https://www.jonkoping.se/beslut.pdf"))
	})
}

// TestShareCapThroughTheAPI: the issue's case. A company at 10^15 shares
// takes no new issue (422 naming shares, nothing written) and stays
// editable.
func TestShareCapThroughTheAPI(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	const most = 1_000_000_000_000_000
	big := a.create("/api/v1/organizations", map[string]any{"kind": "company", "name": "Storbolaget AB", "parent_id": f.muni, "total_shares": most, "total_votes": most, "valid_from": "2003-01-01"})
	a.create("/api/v1/stakes", map[string]any{"owner_id": f.muni, "company_id": big, "shares": 1, "votes": 1, "valid_from": "2003-01-01"})
	issue := func(shares, votes int64, on string) map[string]any {
		return map[string]any{"type": "new_issue", "company_id": big, "buyer_id": f.muni, "shares": shares, "votes": votes, "effective_date": on}
	}
	refuse(t, a, []inputCase{
		{"ErrNewIssueOfTheCap", "POST", "/api/v1/ownership/transactions", issue(most, most, "2010-01-01"), nil, 422, "shares", "the most a company may have"},
		{"ErrNewIssueOfOneVote", "POST", "/api/v1/ownership/transactions", issue(0, 1, "2010-01-01"), nil, 422, "votes", "the most a company may have"},
		{"ErrImportTotalSharesBeyondCap", "POST", "/api/v1/import?kind=organizations&dry_run=true",
			"kind,name,parent_org_number,total_shares,total_votes,valid_from\ncompany,Jättebolaget AB,212000-0530,1000000000000001,1,2004-01-01\n",
			[]string{"Content-Type", "text/csv"}, 422, "organizations[2].total_shares", "at most 1000000000000000"},
		{"ErrImportStakeBeyondCap", "POST", "/api/v1/import?kind=stakes&dry_run=true",
			"owner_org_number,company_name,shares,votes,valid_from\n212000-0530,Storbolaget AB,1E+16,1,2004-01-01\n",
			[]string{"Content-Type", "text/csv"}, 422, "stakes[2].shares", "at most 1000000000000000"},
	})
	t.Run("StaysEditable", func(t *testing.T) {
		a.mustDo(200, "PATCH", "/api/v1/organizations/"+big, map[string]any{"name": "Storbolaget i Jönköping AB"}, "If-Match", a.etag("/api/v1/organizations/"+big))
	})
}
