package render

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/analysis/ownership"
)

// Reader is whoever looks at a drawing: the words of its labels in their
// language, the way they write numbers and, for a drawing inside a page,
// where its boxes lead. The API's drawings are drawn for English, with no
// links; the web's pages draw for the visitor in Swedish or English, with
// every box a link to its page.
type Reader interface {
	// T is the phrase of key, a format for fmt (see englishPhrases).
	T(key string) string
	// Label names value of vocabulary ("relation", "subsidiary").
	Label(vocabulary, value string) string
	// Percent writes an exact fraction ("3/4") as a percentage with its
	// sign.
	Percent(exact string) string
	// OrganizationURL is the address of an organisation's page, or ""
	// when the drawing links nowhere.
	OrganizationURL(id uuid.UUID) string
}

// English is the reader of the API's drawings.
var English Reader = english{}

// englishPhrases are the phrases of the drawings in English; a Reader in
// another language has its own for the same keys.
var englishPhrases = map[string]string{
	"drawing.group.member": "%s · effective %s of capital, %s of votes",
	"drawing.group.votes":  "(%s of votes)",
}

type english struct{}

func (english) T(key string) string {
	if p, ok := englishPhrases[key]; ok {
		return p
	}
	return key
}

func (english) Label(_, value string) string { return value }

func (english) Percent(exact string) string {
	r, ok := new(big.Rat).SetString(exact)
	if !ok {
		return exact
	}
	return ownership.Percent(r, analysis.Decimals) + " %"
}

func (english) OrganizationURL(uuid.UUID) string { return "" }

// phrase fills the reader's phrase key with args.
func phrase(r Reader, key string, args ...any) string { return fmt.Sprintf(r.T(key), args...) }

// linkOrganization makes a box a link to organisation id's page, where the
// reader has one. The link's title is the box's label on one line:
// Graphviz would otherwise show its line breaks as "\n".
func linkOrganization(r Reader, a Attrs, id uuid.UUID) Attrs {
	if u := r.OrganizationURL(id); u != "" {
		a["URL"] = u
		a["tooltip"] = strings.ReplaceAll(a["label"], "\n", " – ")
	}
	return a
}
