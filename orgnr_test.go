package koncern_test

import (
	"testing"

	"github.com/koncernregistret/koncern"
)

func TestNormalizeOrgNumber(t *testing.T) {
	valid := map[string]string{
		"212000-0142": "212000-0142", // Stockholms kommun
		"2120000142":  "212000-0142",
		"212000-0530": "212000-0530", // Jönköpings kommun
		"556036-0793": "556036-0793",
	}
	for in, want := range valid {
		t.Run(in, func(t *testing.T) {
			got, err := koncern.NormalizeOrgNumber(in)
			if err != nil || got != want {
				t.Fatalf("NormalizeOrgNumber(%q) = %q, %v; want %q", in, got, err, want)
			}
		})
	}
	invalid := map[string]string{
		"ErrCheckDigit":       "212000-0143",
		"ErrTooShort":         "212000-014",
		"ErrTooLong":          "212000-01420",
		"ErrHyphenMisplaced":  "21200-00142",
		"ErrLetters":          "21200A-0142",
		"ErrPersonalNumber":   "811228-9874",
		"ErrTwoHyphens":       "212-000-0142",
		"ErrEmpty":            "",
		"ErrSpaces":           "212000 0142",
		"ErrCheckDigitNoDash": "2120000143",
	}
	for name, in := range invalid {
		t.Run(name, func(t *testing.T) {
			if got, err := koncern.NormalizeOrgNumber(in); err == nil {
				t.Fatalf("NormalizeOrgNumber(%q) = %q, want an error", in, got)
			}
		})
	}
}
