package demo

import (
	"fmt"

	"github.com/koncernregistret/koncern"
)

// illustrativeOrgNumber returns the n:th organisationsnummer of the demo
// companies, 556999-NNNC with C the Luhn check digit. The numbers are
// illustrative, made up for the demo, and not the companies' real ones.
func illustrativeOrgNumber(n int) string {
	return koncern.CompleteOrgNumber(fmt.Sprintf("556999%03d", n))
}
