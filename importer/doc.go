// Package importer reads the registers a finance department keeps in
// spreadsheets — organisations, documents, people, posts, assignments,
// ownership stakes and steering lines — and stores them through the
// registry's checked Create methods, all in one transaction or not at all.
//
// # Files
//
// An XLSX workbook holds one sheet per kind, named as in Sheets; a sheet
// named README is ignored, so the template (Template) can be filled in and
// sent back, and so is the sheet of recommendations an export writes
// (RecommendationsSheet), so that an export imports again. A CSV file holds one kind, named by the caller; it may be
// separated by commas or semicolons and start with a byte-order mark. The
// first row names the columns (Columns lists them per sheet, in order;
// RequiredColumns those that must be present); columns may come in any
// order and optional ones may be left out. Every later non-empty row is
// one record. Dates are YYYY-MM-DD text or date cells; valid_to is
// inclusive and empty while a record holds.
//
// A text that begins with a single quote before =, +, -, @, a tab or a
// carriage return loses that quote, which an export puts there so that no
// spreadsheet runs the text as a formula (koncern.EscapeFormula).
//
// # Limits
//
// A workbook is streamed from its zip and only the cells of known columns
// are kept, so that what a file costs follows its real rows rather than
// what it claims: a sheet has at most MaxRows rows and no value right of
// its template's columns, a file at most MaxCells values in all, a cell at
// most MaxCellLength characters, and a workbook unpacks to a bounded
// amount of XML (see xlsx.go). Blank rows
// and lines are skipped without being stored.
//
// # Natural keys
//
// Rows refer to one another by what people write, never by ids:
//
//   - an organisation by its organisationsnummer (columns X_org_number),
//     or when it has none by its name (X_name) and the names of its
//     parents from the top down (X_path, "Tranås kommun /
//     Kommunstyrelsen"; the end of the path is enough where it is
//     unique), where X is parent, issuer, organization, owner, company,
//     from, to or document_issuer. When number and name are given the
//     name must match;
//   - a post by its organisation (as above) and its title (post_title,
//     from_post_title, to_post_title);
//   - a person by name, and e-mail and key (person_key, the people
//     sheet's key) when several share the name; an empty e-mail or key
//     matches any, but a person without them is preferred to one with;
//   - a document by its reference, or else its title (column document),
//     and its issuer (document_issuer_*) when several share it.
//
// An export names records so that they are unique across every
// municipality of the registry; a file of one municipality can mostly do
// with names alone.
//
// A reference is looked up among the file's rows first, through indexes
// by key so that a national workbook matches in linear time, and in the
// registry only if the file has no match; the file's order does not
// matter (a parent may come after its children). When several records
// share the key — an organisation ended and re-created under the same
// name — the one in force on the referring row's valid_from is meant, and
// a reference that still matches several is a problem that names the
// column that would tell them apart.
//
// Each record has an identity key: an organisation its organisationsnummer,
// or kind + name + parent; a document its issuer, reference and title (a
// title changed in the file is a difference where the issuer has one
// document of the reference); a person name + e-mail + key; a post
// organisation + title; an assignment person + post; a stake owner +
// company; a steering line from + to + kind.
//
// # Idempotency
//
// Re-importing a file changes nothing. A row whose identity key and
// valid_from match a registry record with the same values is counted as
// unchanged. One whose key matches a record with other values, or with a
// different but overlapping period, is a problem: the import only adds
// records, and changes go through the API, which keeps their history. A
// key whose registry records all lie in other periods adds a new period.
// Two rows of one file with the same key and overlapping periods are a
// problem too.
//
// # Problems and dry runs
//
// Every problem is reported at once, with its sheet, row (as Excel numbers
// it, the header being row 1) and column: unknown sheets and columns,
// missing required columns, unreadable dates and numbers, references that
// match nothing, the validator's findings and the registry's graph rules
// (overlapping periods, stakes above a company's totals, a parent that
// does not cover the period). A workbook whose header is wrong is reported
// on its header alone, since every row would otherwise be wrong too.
//
// The rows are written in one transaction, in the order of Sheets, parents
// before children. A row that fails is recorded and the import goes on:
// the registry checks every rule before it writes, so a rejected row
// leaves nothing behind and later rows see a consistent database. A row
// that refers to a failed row is reported as referring to it instead of
// being checked against a record that does not exist. If any row failed,
// the transaction is rolled back. A dry run is the same import, writes
// included, always rolled back, so it finds exactly what a real import
// would — including problems only the graph rules see once earlier rows
// are in place.
package importer
