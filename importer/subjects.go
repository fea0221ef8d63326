package importer

import (
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// subjectSeparator separates the organisations of a document's subjects
// column.
const subjectSeparator = ";"

// resolveSubjects reads the organisations a document concerns from its
// subjects column: each an organisationsnummer, or else the organisation's
// path (its parents' names and its own from the top down, or the end of
// that, such as its name alone where it is unique). The file's
// organisations are looked at first, then the registry's, as for every
// reference. nil when the cell is empty or a subject could not be found
// (the problem is recorded).
func (run *run) resolveSubjects(rw *row, day koncern.Date) []uuid.UUID {
	const col = "subjects"
	var out []uuid.UUID
	for _, item := range strings.Split(rw.str(col), subjectSeparator) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		cands, what, ok := run.subjectCandidates(rw, item)
		if !ok {
			return nil
		}
		c, n := pick(cands, day)
		if !run.picked(rw, col, n, "organisation", what, day, "name it by its organisationsnummer or by its whole path") {
			return nil
		}
		id, st := run.settle(rw, col, c)
		if st != refFound {
			return nil
		}
		out = append(out, id)
	}
	return out
}

// subjectCandidates lists the organisations one item of the subjects
// column may mean, and names the item for a problem.
func (run *run) subjectCandidates(rw *row, item string) ([]candidate, string, bool) {
	if strings.Trim(item, "0123456789- ") == "" {
		n, err := koncern.NormalizeOrgNumber(item)
		if err != nil {
			rw.problem("subjects", "%s is not a valid organisationsnummer: %s", quote(item), err)
			return nil, "", false
		}
		return run.orgsNumbered(n), "with organisationsnummer " + n, true
	}
	names := koncern.SplitPath(item)
	name := names[len(names)-1]
	return run.orgsNamed(name, koncern.JoinPath(names[:len(names)-1]...)), "at " + quote(item), true
}
