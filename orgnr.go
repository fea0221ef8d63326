package koncern

import (
	"fmt"
	"strings"
)

// NormalizeOrgNumber returns a Swedish organisationsnummer in its canonical
// form NNNNNN-NNNN. It accepts the ten digits with or without the hyphen and
// checks the Luhn check digit, so 212000-0142 passes and 212000-0143 fails.
func NormalizeOrgNumber(s string) (string, error) {
	digits := strings.Replace(s, "-", "", 1)
	if len(digits) != 10 || (len(s) == 11 && s[6] != '-') {
		return "", fmt.Errorf("must be ten digits written NNNNNN-NNNN")
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return "", fmt.Errorf("must be ten digits written NNNNNN-NNNN")
		}
	}
	// The third digit of an organisationsnummer is at least 2; that is what
	// keeps it apart from a personnummer, which the registry never stores.
	if digits[2] < '2' {
		return "", fmt.Errorf("third digit must be 2 or higher (a personal identity number is not an organisationsnummer)")
	}
	if luhnCheckDigit(digits[:9]) != digits[9] {
		return "", fmt.Errorf("check digit is wrong (the last digit must be %c)", luhnCheckDigit(digits[:9]))
	}
	return digits[:6] + "-" + digits[6:], nil
}

// luhnCheckDigit computes the check digit that completes nine digits under
// the Luhn algorithm as Bolagsverket applies it.
func luhnCheckDigit(nine string) byte {
	sum := 0
	for i := 0; i < len(nine); i++ {
		n := int(nine[i] - '0')
		if i%2 == 0 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return byte('0' + (10-sum%10)%10)
}

// CompleteOrgNumber appends the check digit to nine digits and returns the
// organisationsnummer as NNNNNN-NNNN. Generated data (the demo, the
// synthetic national dataset) makes its illustrative numbers with it.
func CompleteOrgNumber(nine string) string {
	return nine[:6] + "-" + nine[6:] + string(luhnCheckDigit(nine))
}
