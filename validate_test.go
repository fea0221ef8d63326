package koncern_test

import (
	"math"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

func TestValidate(t *testing.T) {
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	ok := koncern.OrganizationInput{Kind: "committee", Name: "Socialnämnden", Period: period("2003-01-01", "")}
	if err := v.Validate(ok); err != nil {
		t.Fatalf("valid input rejected: %v", err)
	}
	bad := func(field string, in any) {
		t.Helper()
		err := v.Validate(in)
		var kerr *koncern.Error
		if e, isK := err.(*koncern.Error); isK {
			kerr = e
		}
		if kerr == nil || kerr.Code != koncern.EINVALID {
			t.Fatalf("%s: got %v, want EINVALID", field, err)
		}
		for _, f := range kerr.Fields {
			if f.Field == field && f.Message != "" {
				return
			}
		}
		t.Fatalf("%s not named in %v", field, kerr.Fields)
	}
	with := func(f func(*koncern.OrganizationInput)) koncern.OrganizationInput { in := ok; f(&in); return in }
	t.Run("ErrKind", func(t *testing.T) { bad("kind", with(func(in *koncern.OrganizationInput) { in.Kind = "ministry" })) })
	t.Run("ErrNameRequired", func(t *testing.T) { bad("name", with(func(in *koncern.OrganizationInput) { in.Name = "" })) })
	t.Run("ErrNameSpaces", func(t *testing.T) { bad("name", with(func(in *koncern.OrganizationInput) { in.Name = " X" })) })
	t.Run("ErrNameLong", func(t *testing.T) {
		bad("name", with(func(in *koncern.OrganizationInput) { in.Name = strings.Repeat("å", 201) }))
	})
	t.Run("ErrOrgNumber", func(t *testing.T) {
		n := "212000-0143"
		bad("org_number", with(func(in *koncern.OrganizationInput) { in.OrgNumber = &n }))
	})
	t.Run("ErrValidFromRequired", func(t *testing.T) {
		bad("valid_from", with(func(in *koncern.OrganizationInput) { in.Period = koncern.Period{} }))
	})
	t.Run("ErrValidToBeforeValidFrom", func(t *testing.T) {
		bad("valid_to", with(func(in *koncern.OrganizationInput) { in.Period = period("2003-01-02", "2003-01-01") }))
	})
	t.Run("OneDayPeriod", func(t *testing.T) {
		if err := v.Validate(with(func(in *koncern.OrganizationInput) { in.Period = period("2003-01-01", "2003-01-01") })); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrPostIDRequired", func(t *testing.T) {
		bad("post_id", koncern.AssignmentInput{PersonID: uuid.New(), Period: period("2003-01-01", "")})
	})
	t.Run("ErrEmail", func(t *testing.T) {
		e := "anna.berg"
		bad("email", koncern.PersonInput{Name: "Anna", Email: &e, Period: period("2003-01-01", "")})
	})
	t.Run("ErrRole", func(t *testing.T) {
		bad("role", koncern.PostInput{OrganizationID: uuid.New(), Title: "Chef", Role: "boss", Period: period("2003-01-01", "")})
	})
}

func TestPatchApply(t *testing.T) {
	in := koncern.PersonInput{Name: "Anna", Period: period("2003-01-01", "2003-12-31")}
	email := "anna@example.se"
	p := koncern.PersonPatch{Email: koncern.Opt[string]{Set: true, Value: email}}
	p.ValidTo = koncern.Opt[koncern.Date]{Set: true, Null: true}
	if err := p.Apply(&in); err != nil {
		t.Fatal(err)
	}
	if in.Name != "Anna" || in.Email == nil || *in.Email != email || in.To != nil {
		t.Fatalf("after patch: %+v", in)
	}
	t.Run("ErrNullName", func(t *testing.T) {
		err := koncern.PersonPatch{Name: koncern.Opt[string]{Set: true, Null: true}}.Apply(&in)
		if koncern.ErrorCode(err) != koncern.EINVALID || in.Name != "Anna" {
			t.Fatalf("null name: %v, name %q", err, in.Name)
		}
	})
}

// textField is one text field of an input, set to a value by set, with the
// name the Validator must blame.
type textField struct {
	what, field string
	set         func(s string) any
}

// singleLineFields are every single-line text field a client writes.
func singleLineFields() []textField {
	p := period("2003-01-01", "")
	id := uuid.New()
	ptr := func(s string) *string { return &s }
	return []textField{
		{"Organization", "name", func(s string) any { return koncern.OrganizationInput{Kind: "committee", Name: s, Period: p} }},
		{"Person", "name", func(s string) any { return koncern.PersonInput{Name: s, Period: p} }},
		{"Person", "email", func(s string) any {
			return koncern.PersonInput{Name: "Anna", Email: ptr("anna" + s + "@example.se"), Period: p}
		}},
		{"Post", "title", func(s string) any { return koncern.PostInput{OrganizationID: id, Title: s, Role: "head", Period: p} }},
		{"Document", "title", func(s string) any {
			return koncern.DocumentInput{Kind: "owner_directive", Title: s, DecidedOn: p.From, IssuerID: id, Period: p}
		}},
		{"Document", "reference", func(s string) any {
			return koncern.DocumentInput{Kind: "owner_directive", Title: "Ägardirektiv", Reference: ptr("KS/" + s), DecidedOn: p.From, IssuerID: id, Period: p}
		}},
		{"Document", "url", func(s string) any {
			return koncern.DocumentInput{Kind: "owner_directive", Title: "Ägardirektiv", URL: ptr("https://example.se/" + s), DecidedOn: p.From, IssuerID: id, Period: p}
		}},
		{"Token", "name", func(s string) any { return koncern.TokenInput{Name: s, Role: "reader"} }},
		{"FindingComment", "rule", func(s string) any {
			return koncern.FindingCommentInput{Rule: "vacant_head" + s, SubjectID: id, Body: "Noterat."}
		}},
	}
}

// multiLineFields are the text fields that may hold line feeds and tabs.
func multiLineFields() []textField {
	id := uuid.New()
	return []textField{
		{"SteeringLine", "description", func(s string) any {
			return koncern.SteeringLineInput{FromPostID: &id, ToPostID: &id, Kind: "mandate", Basis: "practice", Description: &s, Period: period("2003-01-01", "")}
		}},
		{"FindingComment", "body", func(s string) any { return koncern.FindingCommentInput{Rule: "vacant_head", SubjectID: id, Body: s} }},
	}
}

// blames reports whether err is EINVALID and blames field.
func blames(err error, field string) bool {
	kerr, ok := err.(*koncern.Error)
	if !ok || kerr.Code != koncern.EINVALID {
		return false
	}
	for _, f := range kerr.Fields {
		if f.Field == field && f.Message != "" {
			return true
		}
	}
	return false
}

// TestText: every text field refuses control characters, the Unicode line
// separators and the bidirectional embeddings, overrides and isolates;
// names and titles refuse what shows nothing; letters of every script,
// combining marks and emoji pass.
func TestText(t *testing.T) {
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	good := []struct{ name, text string }{
		{"Swedish", "Åsa Öberg-Ängström"},
		{"Accents", "Émile Zoła"},
		{"Norwegian", "Bjørn Ødegård"},
		{"Cyrillic", "Дмитрий Иванов"},
		{"CJK", "王小明"},
		{"CombiningAcute", "Rene\u0301e"},
		{"Emoji", "IT-enheten 🖥"},
		{"EmojiZWJSequence", "👩\u200d💻 Utvecklare"},
		{"FlagSequence", "🇸🇪 Sverige"},
		{"RightToLeftMark", "\u05d0\u05d1\u200f (IT)"},
		{"LeftToRightMark", "Ali\u200e (\u0639\u0644\u064a)"},
	}
	bad := []struct{ name, text string }{
		{"ErrBEL", "Anna\aBerg"},
		{"ErrESCColour", "\x1b[31mAnna"},
		{"ErrDEL", "Anna\x7f"},
		{"ErrNUL", "Anna\x00"},
		{"ErrC1NextLine", "Anna\u0085Berg"},
		{"ErrLineFeed", "Anna\nBerg"},
		{"ErrTab", "Anna\tBerg"},
		{"ErrCarriageReturn", "Anna\rBerg"},
		{"ErrLineSeparator", "Anna\u2028Berg"},
		{"ErrParagraphSeparator", "Anna\u2029Berg"},
		{"ErrLeftToRightEmbedding", "Evil\u202aBA"},
		{"ErrRightToLeftEmbedding", "Evil\u202bBA"},
		{"ErrPopDirectionalFormatting", "Evil\u202cBA"},
		{"ErrLeftToRightOverride", "Evil\u202dBA"},
		{"ErrRightToLeftOverride", "Evil\u202eBA"},
		{"ErrLeftToRightIsolate", "Evil\u2066BA"},
		{"ErrRightToLeftIsolate", "Evil\u2067BA"},
		{"ErrFirstStrongIsolate", "Evil\u2068BA"},
		{"ErrPopDirectionalIsolate", "Evil\u2069BA"},
		{"ErrInvalidUTF8", "Anna\xffBerg"},
	}
	for _, f := range singleLineFields() {
		for _, tt := range good {
			if f.field == "email" || f.field == "url" || f.field == "rule" {
				continue // not free text: each has its own form
			}
			t.Run(f.what+"."+f.field+"/"+tt.name, func(t *testing.T) {
				if err := v.Validate(f.set(tt.text)); err != nil {
					t.Fatalf("%q refused: %v", tt.text, err)
				}
			})
		}
		for _, tt := range bad {
			t.Run(f.what+"."+f.field+"/"+tt.name, func(t *testing.T) {
				if err := v.Validate(f.set(tt.text)); !blames(err, f.field) {
					t.Fatalf("%q: got %v, want %s refused", tt.text, err, f.field)
				}
			})
		}
	}
	for _, f := range multiLineFields() {
		for _, tt := range append(good, struct{ name, text string }{"LinesAndTabs", "Rad ett\nrad två\tmed indrag"}) {
			t.Run(f.what+"."+f.field+"/"+tt.name, func(t *testing.T) {
				if err := v.Validate(f.set(tt.text)); err != nil {
					t.Fatalf("%q refused: %v", tt.text, err)
				}
			})
		}
		for _, tt := range bad {
			if tt.name == "ErrLineFeed" || tt.name == "ErrTab" {
				continue
			}
			t.Run(f.what+"."+f.field+"/"+tt.name, func(t *testing.T) {
				if err := v.Validate(f.set(tt.text)); !blames(err, f.field) {
					t.Fatalf("%q: got %v, want %s refused", tt.text, err, f.field)
				}
			})
		}
	}
}

// TestVisible: a name, title or comment must show something once the
// characters that show nothing are left out.
func TestVisible(t *testing.T) {
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	id := uuid.New()
	p := period("2003-01-01", "")
	fields := []textField{
		{"Organization", "name", func(s string) any { return koncern.OrganizationInput{Kind: "committee", Name: s, Period: p} }},
		{"Person", "name", func(s string) any { return koncern.PersonInput{Name: s, Period: p} }},
		{"Post", "title", func(s string) any { return koncern.PostInput{OrganizationID: id, Title: s, Role: "head", Period: p} }},
		{"Document", "title", func(s string) any {
			return koncern.DocumentInput{Kind: "owner_directive", Title: s, DecidedOn: p.From, IssuerID: id, Period: p}
		}},
		{"Token", "name", func(s string) any { return koncern.TokenInput{Name: s, Role: "reader"} }},
		{"FindingComment", "body", func(s string) any { return koncern.FindingCommentInput{Rule: "vacant_head", SubjectID: id, Body: s} }},
	}
	invisible := []struct{ name, text string }{
		{"ErrZeroWidthSpace", "\u200b"},
		{"ErrZeroWidthNonJoiner", "\u200c"},
		{"ErrZeroWidthJoiner", "\u200d"},
		{"ErrWordJoiner", "\u2060"},
		{"ErrByteOrderMark", "\ufeff"},
		{"ErrZeroWidthMix", "\u200b\u200d\u2060\ufeff\u200c"},
		{"ErrSpacesAroundZeroWidth", "\u200b \u200b"},
		{"ErrDirectionMarksOnly", "\u200e\u200f"},
		{"ErrHangulFiller", "\u3164"},
		{"ErrCombiningMarkOnly", "\u0301"},
		{"ErrSoftHyphenOnly", "\u00ad"},
	}
	for _, f := range fields {
		for _, tt := range invisible {
			t.Run(f.what+"."+f.field+"/"+tt.name, func(t *testing.T) {
				if err := v.Validate(f.set(tt.text)); !blames(err, f.field) {
					t.Fatalf("%q: got %v, want %s refused", tt.text, err, f.field)
				}
			})
		}
		t.Run(f.what+"."+f.field+"/OneVisibleAmongZeroWidth", func(t *testing.T) {
			if err := v.Validate(f.set("\u200bA\u200d")); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestDocumentURL: a document's link is an absolute http or https URL
// with a host, never one a browser would run or read locally.
func TestDocumentURL(t *testing.T) {
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	doc := func(u string) koncern.DocumentInput {
		p := period("2003-01-01", "")
		return koncern.DocumentInput{Kind: "owner_directive", Title: "Ägardirektiv", URL: &u, DecidedOn: p.From, IssuerID: uuid.New(), Period: p}
	}
	for _, tt := range []struct{ name, url string }{
		{"HTTPS", "https://www.jonkoping.se/beslut/ks-2003-123.pdf"},
		{"HTTP", "http://diarium.example.se/?id=1"},
		{"UpperCaseScheme", "HTTPS://EXAMPLE.SE/A"},
		{"PortAndFragment", "https://example.se:8443/a#p2"},
		{"InternationalHost", "https://exempel.åäö.se/"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := v.Validate(doc(tt.url)); err != nil {
				t.Fatalf("%q refused: %v", tt.url, err)
			}
		})
	}
	for _, tt := range []struct{ name, url string }{
		{"ErrJavascript", "javascript:alert(1)"},
		{"ErrJavascriptSlashes", "javascript://example.se/%0aalert(1)"},
		{"ErrData", "data:text/html,<script>alert(1)</script>"},
		{"ErrVBScript", "vbscript:msgbox(1)"},
		{"ErrFile", "file:///etc/passwd"},
		{"ErrFileWithHost", "file://server/share/beslut.pdf"},
		{"ErrFTP", "ftp://example.se/a"},
		{"ErrRelative", "/beslut/a.pdf"},
		{"ErrSchemeRelative", "//example.se/a"},
		{"ErrNoHost", "https:///a"},
		{"ErrOpaque", "https:example.se"},
		{"ErrNotAURL", "not a url"},
		{"ErrEmpty", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Validate(doc(tt.url))
			if !blames(err, "url") || !strings.Contains(err.Error(), "http or https") {
				t.Fatalf("%q: got %v, want url refused as not http(s)", tt.url, err)
			}
		})
	}
}

// TestCountBound: every count is capped at MaxCount.
func TestCountBound(t *testing.T) {
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	p := period("2003-01-01", "")
	most, over := koncern.MaxCount, koncern.MaxCount+1
	company := func(shares int64) koncern.OrganizationInput {
		return koncern.OrganizationInput{Kind: "company", Name: "Bolaget AB", TotalShares: &shares, TotalVotes: &most, Period: p}
	}
	stake := func(n int64) koncern.StakeInput {
		return koncern.StakeInput{OwnerID: uuid.New(), CompanyID: uuid.New(), Shares: n, Votes: 1, Period: p}
	}
	tx := func(n int64) koncern.TransactionInput {
		return koncern.TransactionInput{Type: "new_issue", CompanyID: uuid.New(), Shares: n, EffectiveDate: p.From}
	}
	for _, tt := range []struct {
		name       string
		ok, tooBig any
		field      string
	}{
		{"TotalShares", company(most), company(over), "total_shares"},
		{"StakeShares", stake(most), stake(over), "shares"},
		{"TransactionShares", tx(most), tx(over), "shares"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := v.Validate(tt.ok); err != nil {
				t.Fatalf("MaxCount refused: %v", err)
			}
			if err := v.Validate(tt.tooBig); !blames(err, tt.field) {
				t.Fatalf("MaxCount+1: got %v", err)
			}
		})
	}
	t.Run("AddCount", func(t *testing.T) {
		for _, c := range []struct {
			name string
			a, b int64
			sum  int64
			ok   bool
		}{
			{"UpToMax", koncern.MaxCount - 1, 1, koncern.MaxCount, true},
			{"ErrAboveMax", koncern.MaxCount, 1, koncern.MaxCount + 1, false},
			{"Subtract", koncern.MaxCount, -koncern.MaxCount, 0, true},
			{"ErrOverflow", math.MaxInt64 - 1, 2, 0, false},
			{"ErrOverflowNegative", math.MinInt64 + 1, -2, 0, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				sum, ok := koncern.AddCount(c.a, c.b)
				if ok != c.ok || (c.ok && sum != c.sum) {
					t.Fatalf("AddCount(%d, %d) = %d, %v", c.a, c.b, sum, ok)
				}
			})
		}
	})
}
