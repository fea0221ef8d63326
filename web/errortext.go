package web

import "regexp"

// fieldTexts are the registry's messages about a field, which it writes in
// English for the API, in Swedish: the common ones, those of the
// validation every input passes through. A message not here is shown as
// the registry wrote it. The patterns match whole messages, so that a
// message the registry words anew falls back to English rather than to a
// wrong translation. The messages come from koncern's validation
// (validate.go, orgnr.go, date.go) and the query reader (package params);
// TestFieldTexts has the registry write each, so that a changed wording is
// noticed.
var fieldTexts = []struct {
	en *regexp.Regexp
	sv string
}{
	{regexp.MustCompile(`^is required$`), "måste fyllas i"},
	{regexp.MustCompile(`^must not contain NUL characters$`), "får inte innehålla NUL-tecken"},
	{regexp.MustCompile(`^must not be blank or start or end with spaces$`), "får inte vara tomt eller börja eller sluta med mellanslag"},
	{regexp.MustCompile(`^must be at most (\d+) characters$`), "får vara högst $1 tecken"},
	{regexp.MustCompile(`^must be at most (\d+)$`), "får vara högst $1"},
	{regexp.MustCompile(`^must be at least (\d+)$`), "måste vara minst $1"},
	{regexp.MustCompile(`^must be a whole number$`), "måste vara ett heltal"},
	{regexp.MustCompile(`^must be one of:? (.*)$`), "måste vara en av: $1"},
	{regexp.MustCompile(`^must be an e-mail address$`), "måste vara en e-postadress"},
	{regexp.MustCompile(`^must be an absolute http or https URL with a host, such as (\S+)$`), "måste vara en fullständig http- eller https-adress, till exempel $1"},
	{regexp.MustCompile(`^must contain a visible character \(.*\)$`), "måste innehålla ett synligt tecken (en bokstav, siffra, ett skiljetecken eller en symbol)"},
	{regexp.MustCompile(`^must be a phone number of digits, spaces and hyphens, optionally starting with \+$`), "måste vara ett telefonnummer av siffror, mellanslag och bindestreck, gärna med + först"},
	{regexp.MustCompile(`^must not be before valid_from \(valid_to is the last day the record holds\)$`), "får inte vara före giltig från (giltig till är den sista dagen posten gäller)"},
	{regexp.MustCompile(`^must be a date written YYYY-MM-DD, got "(.*)"$`), `måste vara ett datum skrivet ÅÅÅÅ-MM-DD, inte "$1"`},
	{regexp.MustCompile(`^is not a valid organisationsnummer: check digit is wrong \(the last digit must be (\d)\)$`), "är inte ett giltigt organisationsnummer: kontrollsiffran är fel (den sista siffran ska vara $1)"},
	{regexp.MustCompile(`^is not a valid organisationsnummer: must be ten digits written NNNNNN-NNNN$`), "är inte ett giltigt organisationsnummer: det ska vara tio siffror skrivna NNNNNN-NNNN"},
	{regexp.MustCompile(`^is not a valid organisationsnummer: third digit must be 2 or higher \(.*\)$`), "är inte ett giltigt organisationsnummer: den tredje siffran ska vara 2 eller högre (ett personnummer är inget organisationsnummer)"},
}

// fieldText is a message about a field in lang.
func fieldText(msg, lang string) string {
	if lang != langSV {
		return msg
	}
	for _, t := range fieldTexts {
		if t.en.MatchString(msg) {
			return t.en.ReplaceAllString(msg, t.sv)
		}
	}
	return msg
}
