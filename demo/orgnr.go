package demo

import "fmt"

// illustrativeOrgNumber returns the n:th organisationsnummer of the demo
// companies, 556999-NNNC with C the Luhn check digit. The numbers are
// illustrative, made up for the demo, and not the companies' real ones.
func illustrativeOrgNumber(n int) string {
	body := fmt.Sprintf("556999%03d", n)
	return body[:6] + "-" + body[6:] + string(luhnCheckDigit(body))
}

// luhnCheckDigit computes the digit that completes nine digits under the
// Luhn algorithm, doubling every other digit from the first.
func luhnCheckDigit(nine string) byte {
	sum := 0
	for i, r := range nine {
		n := int(r - '0')
		if i%2 == 0 {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return byte('0' + (10-sum%10)%10)
}
