package render

import (
	"fmt"
	"strings"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/i18n"
)

// Option changes how a drawing is made: its language, its links.
type Option func(*style)

// style is what the options chose. A drawing without options is in
// English and links nowhere, as the API has always drawn it.
type style struct {
	lang string
	link func(analysis.Subject) string
}

func styleOf(opts []Option) style {
	s := style{lang: i18n.EN}
	for _, o := range opts {
		o(&s)
	}
	return s
}

// In draws the texts in lang (i18n.SV or i18n.EN): the titles' words, the
// legend and every kind, role, basis, relation and rule by its label.
func In(lang string) Option {
	return func(s *style) {
		if lang == i18n.SV || lang == i18n.EN {
			s.lang = lang
		}
	}
}

// Linked makes each node a link to the address link gives for the post or
// organisation it shows (Graphviz's href), so that a drawing inside a page
// can be followed; an empty address leaves the node without one.
func Linked(link func(analysis.Subject) string) Option {
	return func(s *style) { s.link = link }
}

// label names an enumeration's value in the drawing's language.
func (s style) label(vocabulary, value string) string { return i18n.Label(vocabulary, value, s.lang) }

// text is one of the drawings' own texts in the drawing's language.
func (s style) text(key string, args ...any) string {
	return fmt.Sprintf(texts[key].In(s.lang), args...)
}

// rules names the rules of a list of findings' ids.
func (s style) rules(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = s.label("rule", id)
	}
	return strings.Join(names, ", ")
}

// percent writes a percentage as analysis gives it ("42.50") with the
// decimal sign of the drawing's language.
func (s style) percent(p string) string {
	if s.lang == i18n.SV {
		return strings.Replace(p, ".", ",", 1)
	}
	return p
}

// linkAttrs adds the link of subj to a node's attributes, with a tooltip
// naming it, so that hovering a node says where the link goes.
func (s style) linkAttrs(a Attrs, subj analysis.Subject) Attrs {
	if s.link == nil {
		return a
	}
	if href := s.link(subj); href != "" {
		a["href"], a["tooltip"] = href, subj.Name
	}
	return a
}

// texts are the drawings' own words.
var texts = map[string]i18n.Text{
	"steering.legend": {
		SV: "Pilarna går från den styrande till den styrda; en rapporteringspil pekar åt andra hållet, mot den som rapporteras till.",
		EN: "Arrows run from the steering end to the steered end; a reporting arrow points the other way, at the post reported to.",
	},
	"vacant":          {SV: "vakant", EN: "vacant"},
	"group.member":    {SV: "%s · effektivt %s %% av kapitalet, %s %% av rösterna", EN: "%s · effective %s %% of capital, %s %% of votes"},
	"group.votes":     {SV: "(%s %% av rösterna)", EN: "(%s %% of votes)"},
	"title.steering":  {SV: "Styrning av %s den %s", EN: "Steering of %s on %s"},
	"title.org_chart": {SV: "Organisationsschema för %s den %s", EN: "Organisation chart of %s on %s"},
	"title.group":     {SV: "Koncernen %s den %s", EN: "Group of %s on %s"},
	"title.unknown":   {SV: "%s den %s", EN: "%s on %s"},
}

// Title is the title of a drawing of what ("steering", "org_chart" or
// "group") of name on day, in lang.
func Title(what, name string, day koncern.Date, lang string) string {
	key := "title." + what
	if _, ok := texts[key]; !ok {
		key = "title.unknown"
	}
	return styleOf([]Option{In(lang)}).text(key, name, day.String())
}
