package koncern

import (
	"regexp"
	"testing"
)

var canonicalOrgNumber = regexp.MustCompile(`^[0-9]{6}-[0-9]{4}$`)

// FuzzNormalizeOrgNumber: any string is either refused or turned into a
// canonical number that passes the Luhn check and normalizes to itself.
func FuzzNormalizeOrgNumber(f *testing.F) {
	for _, s := range []string{"212000-0142", "2120000142", "212000-0143", "191212-1212", "", "-", "21200-00142", "212000+0142", "２１２０００-０１４２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizeOrgNumber(s)
		if err != nil {
			return
		}
		if !canonicalOrgNumber.MatchString(n) || n[2] < '2' || !luhnValid(n[:6]+n[7:]) {
			t.Fatalf("NormalizeOrgNumber(%q) = %q: not a valid canonical number", s, n)
		}
		if again, err := NormalizeOrgNumber(n); err != nil || again != n {
			t.Fatalf("NormalizeOrgNumber(%q) = %q, %v; want it unchanged", n, again, err)
		}
	})
}

// luhnValid checks ten digits with the textbook Luhn sum, independently of
// the code under test.
func luhnValid(digits string) bool {
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// FuzzParseDate: any string is either refused or read as a date in the
// registry's calendar that prints back as the very same text.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-27", "2003-02-30", "2024-02-29", "0999-12-31", "1000-01-01", "9999-12-31", "10000-01-01", "2026-1-27", "+2026-11-27", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Before(FirstDate) || d.After(LastDate) || d.IsZero() {
			t.Fatalf("ParseDate(%q) = %s, outside the calendar", s, d)
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) prints as %q", s, d.String())
		}
		if again, err := ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %v, %v; want %v", d.String(), again, err, d)
		}
	})
}
