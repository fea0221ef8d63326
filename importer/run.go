package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// Importer imports workbooks into a registry.
type Importer struct {
	Registry *registry.Registry
	// Validator checks each row's values before the registry does, so
	// that a row with an unreadable cell still has its other cells
	// checked. Import builds one when it is nil.
	Validator *koncern.Validator
}

// Result says, per sheet, how many rows became new records and how many
// were already in the registry with the same values.
type Result struct {
	DryRun bool             `json:"dry_run"`
	Sheets map[string]Count `json:"sheets"`
}

// Count is the outcome of one sheet.
type Count struct {
	Created   int `json:"created"`
	Unchanged int `json:"unchanged"`
}

// errRollback ends the transaction of a dry run, or of an import with
// problems, without writing anything.
var errRollback = errors.New("importer: roll back")

// ImportFile reads a file and imports it; see Import.
func (im *Importer) ImportFile(ctx context.Context, r io.Reader, format Format, kind string, dryRun bool) (Result, error) {
	wb, err := Read(r, format, kind)
	if err != nil {
		return Result{}, err
	}
	return im.Import(ctx, wb, dryRun)
}

// Import stores every row of wb in one transaction, or nothing. It returns
// Problems when anything is wrong, listing every problem it found. A dry
// run does the same work, writes included, and always rolls back, so that
// it finds exactly the problems a real import would, including those only
// the registry's graph rules see (overlaps, share totals).
//
// Within the transaction a row that fails is recorded and the import goes
// on with the next one: the registry checks every rule before it writes, so
// a rejected row has written nothing and the transaction stays consistent.
// Rows that refer to a failed row are reported as such rather than checked
// against a record that does not exist. An error that is not a rule's
// rejection (the database failing) stops the import at once.
func (im *Importer) Import(ctx context.Context, wb *Workbook, dryRun bool) (Result, error) {
	// A workbook with unknown or missing columns would report every row
	// as wrong; its header is what needs fixing first.
	if len(wb.problems) > 0 {
		ps := slices.Clone(wb.problems)
		sortProblems(ps)
		return Result{}, Problems(ps)
	}
	v := im.Validator
	if v == nil {
		var err error
		if v, err = koncern.NewValidator(); err != nil {
			return Result{}, err
		}
	}
	var res Result
	var problems []Problem
	err := im.Registry.Atomic(ctx, func(r *registry.Registry) error {
		// Atomic reruns this function after a serialization failure, so
		// every run starts from nothing.
		run := newRun(ctx, r, v, wb)
		if err := run.all(); err != nil {
			return err
		}
		res, problems = run.result(dryRun), run.problems
		if len(problems) > 0 || dryRun {
			return errRollback
		}
		// Beside one create event per record, the import as a whole.
		return r.AuditImport(ctx, res)
	})
	if err != nil && !errors.Is(err, errRollback) {
		return Result{}, err
	}
	if len(problems) > 0 {
		sortProblems(problems)
		return Result{}, Problems(problems)
	}
	return res, nil
}

// run is the state of one pass over a workbook inside the transaction.
type run struct {
	ctx      context.Context
	r        *registry.Registry
	v        *koncern.Validator
	wb       *Workbook
	problems []Problem
	counts   map[string]*Count
	// created holds the ids this import made, which lookups in the
	// registry skip: a row's own records are found through the file.
	created map[uuid.UUID]bool
	// seen maps each identity key to the rows that had it, to find a
	// record given twice.
	seen map[string][]*entry
	// The file's rows that other rows refer to, indexed by the keys they
	// are found by, so that a national workbook is matched in linear time.
	orgs         []*orgEntry
	orgsByNumber map[string][]*orgEntry
	orgsByName   map[string][]*orgEntry
	orgsByPath   map[string][]*orgEntry // by pathKey
	docIndex     docIndex
	peopleByName map[string][]*personEntry
	postsByKey   map[string][]*postEntry // by postKey
	// regDocs indexes the registry's documents, loaded on first need;
	// regPaths caches the paths of the registry's organisations.
	regDocs  docIndex
	regPaths map[uuid.UUID]string
	regNamed *named
	// holdings and claimed tell apart registry people of the same name,
	// e-mail and first day (homonyms.go).
	holdings map[string][]string
	claimed  map[uuid.UUID]bool
	// namesakeRows counts the people sheet's rows by name, e-mail and
	// first day (homonyms.go).
	namesakeRows map[string]int
	// fatal is the first error that is not a rule's rejection.
	fatal error
}

func newRun(ctx context.Context, r *registry.Registry, v *koncern.Validator, wb *Workbook) *run {
	counts := map[string]*Count{}
	for _, s := range Sheets {
		counts[s] = &Count{}
	}
	return &run{
		ctx: ctx, r: r, v: v, wb: wb, counts: counts, created: map[uuid.UUID]bool{}, seen: map[string][]*entry{},
		orgsByNumber: map[string][]*orgEntry{}, orgsByName: map[string][]*orgEntry{}, orgsByPath: map[string][]*orgEntry{},
		docIndex: docIndex{}, peopleByName: map[string][]*personEntry{}, postsByKey: map[string][]*postEntry{},
		regPaths: map[uuid.UUID]string{}, claimed: map[uuid.UUID]bool{},
	}
}

// all imports the sheets in dependency order.
func (run *run) all() error {
	steps := []func(*table){
		run.organizations, run.documents, run.peopleSheet, run.postsSheet,
		run.assignments, run.stakes, run.steeringLines,
	}
	for i, step := range steps {
		if t := run.wb.tables[Sheets[i]]; t != nil {
			step(t)
		}
		if run.fatal != nil {
			return run.fatal
		}
	}
	return nil
}

func (run *run) result(dryRun bool) Result {
	res := Result{DryRun: dryRun, Sheets: map[string]Count{}}
	for s, c := range run.counts {
		res.Sheets[s] = *c
	}
	return res
}

func (run *run) newRow(t *table, raw rawRow) *row {
	return &row{run: run, t: t, num: raw.num, cells: raw.cells, bad: map[string]bool{}}
}

// fail keeps the first error that is not a rule's rejection.
func (run *run) fail(err error) {
	if run.fatal == nil {
		run.fatal = err
	}
}

// entry is what the import remembers of a row that other rows may refer
// to or repeat. id is the record the row stands for, created or found;
// a failed row that differs from its registry record still has one.
type entry struct {
	sheet  string
	row    int
	period koncern.Period
	id     uuid.UUID
}

// stored is what every stored record offers.
type stored interface {
	Record() koncern.Meta
	Span() koncern.Period
}

// recordSpec is one row's record on its way in: its identity key, its
// input, how to find the registry's records with the same key, and how to
// create it.
type recordSpec[In any, Out stored] struct {
	what     string
	key      string
	in       In
	period   koncern.Period
	existing func() ([]Out, error)
	// choose, when set, picks the row's record among those of the
	// registry with its key and first day; false when none of them is
	// the row's, or it cannot tell which.
	choose func([]Out) (Out, bool)
	input  func(Out) In
	create func(context.Context, In) (Out, error)
}

// importRecord is the common tail of every row: validate, refuse a record
// the file gives twice, and then either find the same record in the
// registry (unchanged), find a different one under the same key (a
// problem: the import adds, it does not update), or create it.
func importRecord[In any, Out stored](run *run, rw *row, e *entry, s recordSpec[In, Out]) {
	e.sheet, e.row, e.period = rw.t.sheet, rw.num, s.period
	if err := run.v.Validate(s.in); err != nil {
		if !rw.record(err) {
			return
		}
	}
	if rw.failed() || run.repeated(rw, e, s.key) {
		return
	}
	cands, err := s.existing()
	if err != nil {
		run.fail(err)
		return
	}
	cands = slices.DeleteFunc(cands, func(o Out) bool { return run.created[o.Record().ID] })
	same := filter(cands, func(o Out) bool { return o.Span().From == s.period.From })
	if len(same) > 0 && s.choose != nil {
		if c, ok := s.choose(same); ok {
			same = []Out{c}
		} else if len(same) == 1 {
			// The one record is another row's, so this row is a record
			// the registry does not hold yet.
			same = nil
		}
	}
	if len(same) > 1 {
		// Two people of the same name and e-mail told apart only by the
		// file's key, which the registry does not keep: matching either
		// could tie the other's assignments to the wrong person.
		hint := ""
		if s.what == "person" {
			hint = " (the registry does not keep the key column, and the assignments the file gives this person are none of theirs)"
		}
		rw.problem("valid_from", "%d records of a %s in the registry have this row's key and valid_from, and the import cannot tell which one this row is%s; change them through the API", len(same), s.what, hint)
		return
	}
	if len(same) == 1 {
		run.compare(rw, e, s.what, same[0].Record().ID, s.input(same[0]), s.in)
		return
	}
	for _, c := range cands {
		if c.Span().Overlaps(s.period) {
			hint := ""
			if s.what == "person" {
				// A namesake in another municipality is the likely
				// case, and the e-mail is what tells people apart.
				hint = "; if the row is another person of the same name, give an e-mail that tells them apart"
			}
			rw.problem("valid_from", "the registry already holds this %s for %s, overlapping this row's %s; the import only adds records, so change it through the API%s", s.what, c.Span(), s.period, hint)
			return
		}
	}
	out, err := s.create(run.ctx, s.in)
	if err != nil {
		rw.record(err)
		return
	}
	e.id = out.Record().ID
	run.created[e.id] = true
	run.counts[rw.t.sheet].Created++
}

// record turns an error into problems of the row. It reports false for an
// error that is not a rule's rejection, which stops the import: a fault,
// or a caller whose role may not write the register (that is not the
// file's problem, and a 403 says so better than a list of rows).
func (rw *row) record(err error) bool {
	var kerr *koncern.Error
	if !errors.As(err, &kerr) || slices.Contains(stopCodes, kerr.Code) {
		rw.run.fail(err)
		return false
	}
	rw.errorFields(kerr, rw.column)
	return true
}

// stopCodes are the error codes that stop an import instead of being
// reported as a row's problem.
var stopCodes = []string{koncern.EINTERNAL, koncern.EUNAVAILABLE, koncern.EFORBIDDEN, koncern.EUNAUTHORIZED}

// repeated reports a row whose record an earlier row of the file already
// gave for an overlapping period.
func (run *run) repeated(rw *row, e *entry, key string) bool {
	for _, prev := range run.seen[key] {
		if prev.period.Overlaps(e.period) {
			rw.problem("", "repeats the record of %s row %d (same key, overlapping period)", prev.sheet, prev.row)
			return true
		}
	}
	run.seen[key] = append(run.seen[key], e)
	return false
}

// compare finds the row's record in the registry: the same values make it
// unchanged, any difference is a problem in the column that differs.
func (run *run) compare(rw *row, e *entry, what string, id uuid.UUID, stored, in any) {
	diffs, err := differences(stored, in)
	if err != nil {
		run.fail(err)
		return
	}
	for field, held := range diffs {
		rw.problem(rw.column(field), "differs from the %s already in the registry (%s); the import only adds records, so change it through the API", what, held)
	}
	// The record exists either way, so rows that refer to this one are
	// checked against it instead of failing for this row's sake.
	e.id = id
	if len(diffs) == 0 {
		run.counts[rw.t.sheet].Unchanged++
	}
}

// differences compares two inputs field by field, by their JSON form, and
// says for each differing field what the registry holds.
func differences(stored, in any) (map[string]string, error) {
	a, err := jsonFields(stored)
	if err != nil {
		return nil, err
	}
	b, err := jsonFields(in)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range a {
		if bytes.Equal(v, b[k]) {
			continue
		}
		if len(k) > 3 && k[len(k)-3:] == "_id" {
			out[k] = "it refers to another record"
		} else {
			out[k] = "the registry has " + string(v)
		}
	}
	return out, nil
}

func jsonFields(v any) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("importer: compare: %w", err)
	}
	var m map[string]json.RawMessage
	return m, json.Unmarshal(b, &m)
}

// history lists every record whatever its period, a page at a time.
func history(cursor string) registry.ListOptions {
	return registry.ListOptions{History: true, Cursor: cursor, Limit: registry.MaxLimit}
}

// collect reads every page of a list.
func collect[T any](fetch func(cursor string) (registry.Page[T], error)) ([]T, error) {
	var out []T
	cursor := ""
	for {
		p, err := fetch(cursor)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.NextCursor == nil {
			return out, nil
		}
		cursor = *p.NextCursor
	}
}
