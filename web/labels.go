package web

import "github.com/koncernregistret/koncern/i18n"

// A label is a text of the pages in Swedish and in English. It is web's
// own type, not i18n.Text, so that the message files can list their texts
// as {"svenska", "English"} without go vet asking for field names.
type label struct{ sv, en string }

func (l label) in(lang string) string { return i18n.Text{SV: l.sv, EN: l.en}.In(lang) }

// labelOf names value of vocabulary in lang (package i18n holds the table,
// shared with the drawings); an unknown value shows as itself rather than
// as nothing.
func labelOf(vocabulary, value, lang string) string { return i18n.Label(vocabulary, value, lang) }
