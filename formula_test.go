package koncern_test

import (
	"testing"

	"github.com/koncernregistret/koncern"
)

func TestEscapeFormula(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"Hyperlink", `=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"Plus", "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"Minus", "-2+3", "'-2+3"},
		{"At", "@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"Tab", "\t=1", "'\t=1"},
		{"CarriageReturn", "\r=1", "'\r=1"},
		{"QuotedFormula", "'=1", "''=1"},
		{"NegativeNumber", "-5", "-5"},
		{"PhoneNumber", "+46361050", "+46361050"},
		{"Phone", "+46 36 10 50 00", "'+46 36 10 50 00"},
		{"Plain", "Anna Andersson", "Anna Andersson"},
		{"Quote", "'t Hooft", "'t Hooft"},
		{"QuoteBeforeNumber", "'-5", "'-5"},
		{"Empty", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := koncern.EscapeFormula(c.in)
			if got != c.want {
				t.Fatalf("EscapeFormula(%q) = %q, want %q", c.in, got, c.want)
			}
			if back := koncern.UnescapeFormula(got); back != c.in {
				t.Fatalf("UnescapeFormula(%q) = %q, want %q", got, back, c.in)
			}
		})
	}
}
