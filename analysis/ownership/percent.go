package ownership

import (
	"math/big"
	"strings"
)

var hundred = big.NewRat(100, 1)

// Percent formats a fraction of one as a percentage with a fixed number of
// decimals, rounding half away from zero: 2/3 with two decimals is "66.67".
// Rounding happens here and nowhere else, so sums are made on exact values
// and only the display is rounded. A nil fraction is zero, negative
// decimals count as none, and a value that rounds to zero shows no sign.
func Percent(r *big.Rat, decimals int) string {
	if r == nil {
		r = new(big.Rat)
	}
	s := new(big.Rat).Mul(r, hundred).FloatString(max(decimals, 0))
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		return s[1:]
	}
	return s
}
