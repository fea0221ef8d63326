package koncern

import "strconv"

// A text that begins with =, +, -, @, a tab or a carriage return is read
// by spreadsheet programs as a formula, which can fetch URLs or run
// commands when the file is opened (CSV injection). Exports write such a
// text with a single quote before it, as OWASP recommends, so that it
// shows as the text it is; imports take the quote off again, so that an
// export imports as the registry it came from. A text that is a plain
// number (-5, +46) is no formula and is written as it is; a text that
// already begins with a quote before such a character gets one more, so
// that the import, which takes off exactly one, gives it back unchanged.

// EscapeFormula is s as a spreadsheet cell or CSV field that no
// spreadsheet program runs.
func EscapeFormula(s string) string {
	if formulaLike(s) {
		return "'" + s
	}
	return s
}

// UnescapeFormula takes off the quote EscapeFormula put before s.
func UnescapeFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && formulaLike(s[1:]) {
		return s[1:]
	}
	return s
}

// formulaLike reports whether s needs the quote: it begins with what
// starts a formula and is not a plain number, or it is a quote before such
// a text.
func formulaLike(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		_, err := strconv.ParseFloat(s, 64)
		return err != nil
	case '\'':
		return formulaLike(s[1:])
	}
	return false
}
