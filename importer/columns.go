package importer

import "github.com/koncernregistret/koncern"

// Sheet names, one per kind of record. They are also the values of the kind
// parameter for a CSV file, which holds one kind only.
const (
	SheetOrganizations = "organizations"
	SheetDocuments     = "documents"
	SheetPeople        = "people"
	SheetPosts         = "posts"
	SheetAssignments   = "assignments"
	SheetStakes        = "stakes"
	SheetSteeringLines = "steering_lines"
)

// ReadmeSheet is the sheet of the template that explains the others; an
// import ignores it, so a filled-in template can be sent back as it is.
const ReadmeSheet = "README"

// RecommendationsSheet is the sheet of the audit reports' recommendations
// an export writes beside the registers (exchange.Recommendations). An
// import ignores it, so an export imports again; the recommendations are
// given through the API or the pages, where the auditors give them and
// the registrar records the answers.
const RecommendationsSheet = "recommendations"

// IgnoredSheets are the sheets a workbook may hold that an import skips.
var IgnoredSheets = []string{ReadmeSheet, RecommendationsSheet}

// Sheets lists the sheets in the order they are imported: every sheet
// refers only to sheets before it (documents name their issuing
// organisation; assignments, stakes and lines cite documents). An exporter
// writes them in this order too.
var Sheets = []string{
	SheetOrganizations, SheetDocuments, SheetPeople, SheetPosts,
	SheetAssignments, SheetStakes, SheetSteeringLines,
}

// Column describes one column of a sheet for the template's README.
type Column struct {
	Name     string
	Required bool
	Doc      string
}

// columnSpecs is the one definition of every sheet's columns, in order.
// Columns and the README are derived from it.
var columnSpecs = map[string][]Column{
	SheetOrganizations: {
		{"kind", true, "municipality, council, executive_board, committee, administration, department, unit, company or forum."},
		{"name", true, "The organisation's name, e.g. Tekniska kontoret."},
		{"org_number", false, "Organisationsnummer NNNNNN-NNNN (Luhn check digit). When given it is the organisation's key."},
		{"parent_org_number", false, "The parent's organisationsnummer. Give this or parent_name; a municipality has no parent, a company may have none."},
		{"parent_name", false, "The parent's name, when it has no organisationsnummer (see README: references by name)."},
		{"parent_path", false, pathDoc("parent")},
		{"total_shares", false, "A company's total number of shares (required for a company, empty otherwise)."},
		{"total_votes", false, "A company's total number of votes (required for a company, empty otherwise)."},
		{"staff_fte", false, "Staff in full-time equivalents, e.g. 12.5."},
		{"review_deadline", false, "Only for a municipality: the day (MM-DD) of the year after by which the executive board's annual review of the companies is due; empty for the default, 06-30."},
		{"valid_from", true, "First day the record holds, YYYY-MM-DD."},
		{"valid_to", false, "Last day the record holds (inclusive), YYYY-MM-DD; empty while in force."},
	},
	SheetDocuments: {
		{"kind", true, "council_decision, board_decision, owner_directive, articles_of_association, delegation_order, regulation, annual_review, general_meeting_resolution, audit_report, audit_response or other."},
		{"title", true, "The document's title. The key of a document without a reference."},
		{"reference", false, "Diary number or other reference, e.g. KF 2003-45. When given it is the document's key."},
		{"decided_on", true, "Day of the decision, YYYY-MM-DD."},
		{"url", false, "Where the document can be read (absolute URL)."},
		{"issuer_org_number", false, "Organisationsnummer of the issuing organisation. Give this or issuer_name."},
		{"issuer_name", false, "Name of the issuing organisation."},
		{"issuer_path", false, pathDoc("issuer")},
		{"subjects", false, "The organisations the document concerns, separated by \";\": each its organisationsnummer, or else its path (its parents' names and its own from the top down, separated by \" / \"; its name alone where that is unique). An annual_review names the companies it covers."},
		{"refers_to", false, "Reference (or else title) of the document this one adopts, approves or answers: the owner directive a general_meeting_resolution adopts, the articles of association a council_decision approves, the audit report an audit_response answers: in the registry or in this sheet."},
		{"refers_to_issuer_org_number", false, "Organisationsnummer of the issuer of the document in refers_to, when several share its reference or title."},
		{"refers_to_issuer_name", false, "Name of the issuer of the document in refers_to."},
		{"refers_to_issuer_path", false, pathDoc("refers_to_issuer")},
		{"year", false, "The calendar year an annual_review covers (required for it, empty for every other kind), e.g. 2013."},
		{"valid_from", true, "First day the document is in force, YYYY-MM-DD (not before decided_on)."},
		{"valid_to", false, "Last day in force (inclusive); empty while in force."},
	},
	SheetPeople: {
		{"name", true, "The person's name. With email, the person's key."},
		{"email", false, "E-mail address; tells apart people of the same name."},
		{"key", false, "Tells apart people who share name and e-mail (two politicians named Anna Andersson): any label unique among them, e.g. 1, 2; assignments name the person by it in person_key. The registry does not keep it; an export numbers such people 1, 2, … and leaves it empty for everyone else."},
		{"phone", false, "Phone number: digits, spaces and hyphens, optionally starting with +."},
		{"valid_from", true, "First day of the record, YYYY-MM-DD."},
		{"valid_to", false, "Last day of the record (inclusive); empty while in force."},
	},
	SheetPosts: {
		{"organization_org_number", false, "Organisationsnummer of the organisation the post belongs to. Give this or organization_name."},
		{"organization_name", false, "Name of the organisation the post belongs to."},
		{"organization_path", false, pathDoc("organization")},
		{"title", true, "The post's title, unique within its organisation, e.g. Förvaltningschef."},
		{"role", true, "head, city_manager, chair, vice_chair, member, deputy, commissioner, ceo, secretary, lay_auditor or officer."},
		{"political", false, "true for a political post (also yes/ja/1); empty or false otherwise."},
		{"valid_from", true, "First day the post exists, YYYY-MM-DD."},
		{"valid_to", false, "Last day the post exists (inclusive); empty while it exists."},
	},
	SheetAssignments: {
		{"person_name", true, "Name of the person who holds the post."},
		{"person_email", false, "E-mail of the person, when several people share the name."},
		{"person_key", false, "The person's key (people sheet, column key), when several people share name and e-mail."},
		{"organization_org_number", false, "Organisationsnummer of the post's organisation. Give this or organization_name."},
		{"organization_name", false, "Name of the post's organisation."},
		{"organization_path", false, pathDoc("organization")},
		{"post_title", true, "Title of the post within that organisation."},
		{"document", false, "Reference (or else title) of the decision that appointed the holder."},
		documentIssuerColumns[0], documentIssuerColumns[1], documentIssuerColumns[2],
		{"valid_from", true, "First day the person holds the post, YYYY-MM-DD."},
		{"valid_to", false, "Last day the person holds the post (inclusive); empty while held."},
	},
	SheetStakes: {
		{"owner_org_number", false, "Organisationsnummer of the owner (a municipality or a company). Give this or owner_name."},
		{"owner_name", false, "Name of the owner."},
		{"owner_path", false, pathDoc("owner")},
		{"company_org_number", false, "Organisationsnummer of the company owned. Give this or company_name."},
		{"company_name", false, "Name of the company owned."},
		{"company_path", false, pathDoc("company")},
		{"shares", true, "Number of shares held (whole number), counted against the company's total_shares."},
		{"votes", true, "Number of votes held (whole number), counted against the company's total_votes."},
		{"document", false, "Reference (or else title) of the decision the stake rests on."},
		documentIssuerColumns[0], documentIssuerColumns[1], documentIssuerColumns[2],
		{"valid_from", true, "First day of the holding, YYYY-MM-DD."},
		{"valid_to", false, "Last day of the holding (inclusive); empty while held."},
	},
	SheetSteeringLines: {
		{"from_org_number", false, "Steering end, whatever the kind (the manager, the appraiser, the post or body reported to): organisationsnummer of the organisation (or of the post's organisation). Give this or from_name."},
		{"from_name", false, "Steering end: name of the organisation (or of the post's organisation)."},
		{"from_path", false, pathDoc("from")},
		{"from_post_title", false, "Steering end: title of a post in that organisation; empty when the organisation itself steers."},
		{"to_org_number", false, "Steered end (the one managed, appraised, or reporting): organisationsnummer of the organisation (or of the post's organisation). Give this or to_name."},
		{"to_name", false, "Steered end: name of the organisation (or of the post's organisation)."},
		{"to_path", false, pathDoc("to")},
		{"to_post_title", false, "Steered end: title of a post in that organisation; empty when the organisation itself is steered."},
		{"kind", true, "line_management, mandate, coordination, direct_political, ownership_directive, appointment, appraisal, delegation or reporting."},
		{"basis", true, "formal (needs document), practice or observed."},
		{"document", false, "Reference (or else title) of the decision the line rests on; required when basis is formal."},
		documentIssuerColumns[0], documentIssuerColumns[1], documentIssuerColumns[2],
		{"description", false, "Free text, at most 2000 characters, kept as written (line breaks and spaces at its ends included)."},
		{"valid_from", true, "First day the line holds, YYYY-MM-DD."},
		{"valid_to", false, "Last day the line holds (inclusive); empty while it holds."},
	},
}

// pathDoc documents the column prefix_path.
func pathDoc(prefix string) string {
	return "Where the organisation named in " + prefix + "_name sits, when it has no organisationsnummer: the names of its parents from the top down, separated by \"" +
		koncern.PathSeparator + "\", e.g. Tranås kommun / Kommunstyrelsen; a slash of a name is written twice (Kultur / fritid as Kultur // fritid), so that it is not taken for a separator. Needed when the name alone is not unique (every municipality has a Kommunstyrelsen); the end of the path is enough when that is unique."
}

// documentIssuerColumns name the organisation that issued a cited
// document, which tells apart documents of the same reference or title
// in different municipalities.
var documentIssuerColumns = []Column{
	{"document_issuer_org_number", false, "Organisationsnummer of the cited document's issuer (documents sheet, issuer_org_number)."},
	{"document_issuer_name", false, "Name of the cited document's issuer; needed when several documents share the reference or title (every municipality has its Reglemente för kommunstyrelsen)."},
	{"document_issuer_path", false, pathDoc("document_issuer")},
}

// Columns lists the column names of each sheet in order: the header row of
// the template, and what an exporter writes so that its files import again.
var Columns = columnNames()

// RequiredColumns lists, per sheet, the columns that must be in the header.
var RequiredColumns = requiredNames()

func columnNames() map[string][]string {
	out := map[string][]string{}
	for sheet, cols := range columnSpecs {
		for _, c := range cols {
			out[sheet] = append(out[sheet], c.Name)
		}
	}
	return out
}

func requiredNames() map[string][]string {
	out := map[string][]string{}
	for sheet, cols := range columnSpecs {
		for _, c := range cols {
			if c.Required {
				out[sheet] = append(out[sheet], c.Name)
			}
		}
	}
	return out
}

// ColumnSpecs returns the columns of a sheet with their documentation.
func ColumnSpecs(sheet string) []Column { return columnSpecs[sheet] }
