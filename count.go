package koncern

// MaxCount is the most shares or votes any count in the registry may be: a
// company's total, a stake, a transaction, and the sum of the stakes in a
// company on one day (which its total bounds). It is far above any real
// share capital, and low enough that about nine thousand counts can be
// added before int64 overflows, so that sums over a company's stakes need
// no wider arithmetic. Every path that changes a count checks it against
// this one bound: the Validator's count tag on every input, and AddCount
// where the registry adds counts itself (new issues, redemptions,
// transfers, bulk loads).
const MaxCount int64 = 1_000_000_000_000_000

// AddCount returns a + b and whether the sum is at most MaxCount. A sum
// that would overflow int64 is reported as too large rather than wrapped.
func AddCount(a, b int64) (int64, bool) {
	sum := a + b
	if (b > 0 && sum < a) || (b < 0 && sum > a) {
		return 0, false
	}
	return sum, sum <= MaxCount
}
