package registry

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/apitoken"
	"github.com/koncernregistret/koncern/ent/assignment"
	"github.com/koncernregistret/koncern/ent/auditevent"
	"github.com/koncernregistret/koncern/ent/document"
	"github.com/koncernregistret/koncern/ent/findingcomment"
	"github.com/koncernregistret/koncern/ent/organization"
	"github.com/koncernregistret/koncern/ent/ownershipstake"
	"github.com/koncernregistret/koncern/ent/ownershiptransaction"
	"github.com/koncernregistret/koncern/ent/person"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/recommendation"
	"github.com/koncernregistret/koncern/ent/sharecapital"
	"github.com/koncernregistret/koncern/ent/steeringline"
)

// Discrepancy is a record that the audit trail does not account for: it
// differs from the after of its newest event (Field names the field), it
// has no event, or its event says it exists and it does not. ID is empty
// when only a bulk load's digest shows that one of its records changed.
type Discrepancy struct {
	Entity  string `json:"entity"`
	ID      string `json:"id"`
	Field   string `json:"field,omitempty"`
	Problem string `json:"problem"`
}

func (d Discrepancy) String() string {
	s := d.Entity
	if d.ID != "" {
		s += " " + d.ID
	}
	if d.Field != "" {
		s += " " + d.Field
	}
	return s + ": " + d.Problem
}

// view is one stored record in the form its audit events hold it.
type view struct {
	id  uuid.UUID
	val any
}

// reconciledKind is one table reconciliation compares with the trail:
// entity as the trail names it, bulk as a bulk load's digests name it
// (empty when a bulk load never writes it), and page reading its records
// in id order after an id.
type reconciledKind struct {
	entity, bulk string
	page         func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error)
}

// views converts the rows a query returns to views with conv.
func views[T any](conv func(T) (uuid.UUID, any)) func(rows []T, err error) ([]view, error) {
	return func(rows []T, err error) ([]view, error) {
		out := make([]view, len(rows))
		for i, row := range rows {
			out[i].id, out[i].val = conv(row)
		}
		return out, err
	}
}

// reconciledKinds are the tables whose every record an audit event
// accounts for. Not here: share capital (by company, see
// reconcileCapital), idempotency keys (a replay cache of answers, written
// beside a create rather than in its transaction, and dropped when they
// expire: no event is kept for them, and what they hold is an answer, not
// the registry), the audit trail itself (its chain verifies it) and the
// version and lease bookkeeping of the caches.
var reconciledKinds = []reconciledKind{
	{organizationKind.entity, "organizations", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.Organization) (uuid.UUID, any) { return x.ID, toOrganization(x) })(
			c.Organization.Query().Where(organization.IDGT(after)).Order(organization.ByID()).Limit(n).All(ctx))
	}},
	{personKind.entity, "people", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.Person) (uuid.UUID, any) { return x.ID, toPerson(x) })(
			c.Person.Query().Where(person.IDGT(after)).Order(person.ByID()).Limit(n).All(ctx))
	}},
	{postKind.entity, "posts", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.Post) (uuid.UUID, any) { return x.ID, toPost(x) })(
			c.Post.Query().Where(entpost.IDGT(after)).Order(entpost.ByID()).Limit(n).All(ctx))
	}},
	{assignmentKind.entity, "assignments", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.Assignment) (uuid.UUID, any) { return x.ID, toAssignment(x) })(
			c.Assignment.Query().Where(assignment.IDGT(after)).Order(assignment.ByID()).Limit(n).All(ctx))
	}},
	{stakeKind.entity, "stakes", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.OwnershipStake) (uuid.UUID, any) { return x.ID, toStake(x) })(
			c.OwnershipStake.Query().Where(ownershipstake.IDGT(after)).Order(ownershipstake.ByID()).Limit(n).All(ctx))
	}},
	{steeringLineKind.entity, "steering_lines", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.SteeringLine) (uuid.UUID, any) { return x.ID, toSteeringLine(x) })(
			c.SteeringLine.Query().Where(steeringline.IDGT(after)).Order(steeringline.ByID()).Limit(n).All(ctx))
	}},
	{documentKind.entity, "documents", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.Document) (uuid.UUID, any) { return x.ID, toDocument(x) })(
			c.Document.Query().Where(document.IDGT(after)).Order(document.ByID()).Limit(n).All(ctx))
	}},
	{entityTransaction, "", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.OwnershipTransaction) (uuid.UUID, any) { return x.ID, toTransaction(x) })(
			c.OwnershipTransaction.Query().Where(ownershiptransaction.IDGT(after)).Order(ownershiptransaction.ByID()).Limit(n).All(ctx))
	}},
	{entityFindingComment, "", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.FindingComment) (uuid.UUID, any) { return x.ID, toFindingComment(x) })(
			c.FindingComment.Query().Where(findingcomment.IDGT(after)).Order(findingcomment.ByID()).Limit(n).All(ctx))
	}},
	{entityRecommendation, "", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.Recommendation) (uuid.UUID, any) { return x.ID, toRecommendation(x) })(
			c.Recommendation.Query().Where(recommendation.IDGT(after)).Order(recommendation.ByID()).Limit(n).All(ctx))
	}},
	{entityToken, "", func(ctx context.Context, c *ent.Client, after uuid.UUID, n int) ([]view, error) {
		return views(func(x *ent.APIToken) (uuid.UUID, any) { return x.ID, toAuditedToken(x) })(
			c.APIToken.Query().Where(apitoken.IDGT(after)).Order(apitoken.ByID()).Limit(n).All(ctx))
	}},
}

// canonical is JSON text with its object keys sorted and no whitespace,
// numbers kept as written, so that equal records give equal bytes.
func canonical(text []byte) ([]byte, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// viewHash is SHA-256 over the canonical JSON of a record's view.
func viewHash(v any) ([32]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return [32]byte{}, err
	}
	return textHash(b)
}

func textHash(text []byte) ([32]byte, error) {
	c, err := canonical(text)
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(c), nil
}

// traced is what the trail says about one record: its newest event, and,
// when its first event found it existing (an update, an end or a delete,
// not a create), the record as it was then, which only a bulk load can
// have written.
type traced struct {
	firstSeq  int64
	newestSeq int64
	newestOp  string
	newest    [32]byte
	loaded    *[32]byte
	seen      bool
}

// trail indexes the audit trail by record.
type trail struct {
	records map[string]*traced
	// bulkSeq is the seq of the bulk load, 0 without one; digests are its
	// digests by kind, nil for a bulk load written before they were.
	bulkSeq int64
	digests map[string]string
}

func traceKey(entity, id string) string { return entity + "\x00" + id }

// readTrail reads the whole trail once, in chunks, keeping a hash per
// record rather than the events, so that memory grows with the records
// that have events, not with their history.
func readTrail(ctx context.Context, c *ent.Client) (trail, error) {
	t := trail{records: map[string]*traced{}}
	var last int64
	for {
		rows, err := c.AuditEvent.Query().Where(auditevent.SeqGT(last)).Order(ent.Asc(auditevent.FieldSeq)).Limit(verifyChunk).All(ctx)
		if err != nil {
			return t, err
		}
		for _, e := range rows {
			if err := t.add(e); err != nil {
				return t, fmt.Errorf("audit event %d: %w", e.Seq, err)
			}
			last = e.Seq
		}
		if len(rows) < verifyChunk {
			return t, nil
		}
	}
}

func (t *trail) add(e *ent.AuditEvent) error {
	if e.Operation == opBulkLoad {
		t.bulkSeq = e.Seq
		var s bulkSummary
		if e.After != nil {
			if err := json.Unmarshal([]byte(*e.After), &s); err != nil {
				return err
			}
		}
		t.digests = s.Digests
		return nil
	}
	if e.EntityID == "" {
		return nil
	}
	key := traceKey(e.Entity, e.EntityID)
	r := t.records[key]
	if r == nil {
		r = &traced{firstSeq: e.Seq}
		t.records[key] = r
		if e.Operation != opCreate && e.Before != nil {
			h, err := textHash([]byte(*e.Before))
			if err != nil {
				return err
			}
			r.loaded = &h
		}
	}
	r.newestSeq, r.newestOp, r.newest = e.Seq, e.Operation, [32]byte{}
	if e.After != nil {
		h, err := textHash([]byte(*e.After))
		if err != nil {
			return err
		}
		r.newest = h
	}
	return nil
}

// Reconcile compares every record of the reconciled tables with the after
// of its newest audit event and calls report for each that differs (one
// call per field), has no event, or is missing though its newest event is
// no delete. Records a bulk load wrote and nothing changed since have no
// event of their own: the bulk load's digest of each kind accounts for
// them together, so a change to one of them is reported for the kind, not
// the record. It returns the number of records checked.
//
// On PostgreSQL it reads one snapshot (a read-only repeatable-read
// transaction), so that it may run beside the server's writes. On SQLite a
// transaction would hold the write lock for the whole scan, so it reads
// without one: run it on a backup, or again when a record written during
// the scan is reported.
func (r *Registry) Reconcile(ctx context.Context, report func(Discrepancy)) (int, error) {
	if r.tx != nil || r.db.Dialect != dialect.Postgres {
		return reconcile(ctx, r.client(), report)
	}
	tx, err := r.db.Client.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	return reconcile(ctx, tx.Client(), report)
}

func reconcile(ctx context.Context, c *ent.Client, report func(Discrepancy)) (int, error) {
	t, err := readTrail(ctx, c)
	if err != nil {
		return 0, err
	}
	checked := 0
	for _, k := range reconciledKinds {
		n, err := reconcileKind(ctx, c, t, k, report)
		if err != nil {
			return checked, err
		}
		checked += n
	}
	n, err := reconcileCapital(ctx, c, t, report)
	return checked + n, err
}

// leaves collects what a bulk load's digest of one kind covers.
type leaves map[uuid.UUID][32]byte

// reconcileKind reconciles the records of kind k, and those the trail says
// exist, with the trail.
func reconcileKind(ctx context.Context, c *ent.Client, t trail, k reconciledKind, report func(Discrepancy)) (int, error) {
	bulk := t.bulkSeq != 0 && k.bulk != ""
	loaded := leaves{}
	checked, err := eachView(ctx, c, k, func(v view, h [32]byte) error {
		if bulk && t.records[traceKey(k.entity, v.id.String())] == nil {
			loaded[v.id] = h
			return nil
		}
		return t.compare(ctx, c, k.entity, v, h, report)
	})
	if err != nil {
		return checked, err
	}
	t.traceKind(k, bulk, loaded, report)
	if bulk {
		checkDigest(t, k, loaded, report)
	}
	return checked, nil
}

// traceKind goes through the records of kind k that the trail knows, in
// id order: one its newest event did not delete must exist, and one whose
// first event found it existing was written by the bulk load (its state
// then joins loaded) or, without a bulk load of its kind, past the
// registry.
func (t trail) traceKind(k reconciledKind, bulk bool, loaded leaves, report func(Discrepancy)) {
	prefix := traceKey(k.entity, "")
	var ids []string
	for key := range t.records {
		if id, ok := strings.CutPrefix(key, prefix); ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		tr := t.records[prefix+id]
		if !tr.seen && tr.newestOp != opDelete {
			report(Discrepancy{Entity: k.entity, ID: id, Problem: fmt.Sprintf(
				"is missing, but its newest audit event (seq %d, %s) did not delete it", tr.newestSeq, tr.newestOp)})
		}
		switch u, err := uuid.Parse(id); {
		case tr.loaded == nil:
		case bulk && err == nil:
			loaded[u] = *tr.loaded
		default:
			report(Discrepancy{Entity: k.entity, ID: id, Problem: fmt.Sprintf(
				"was not created through the registry: its first audit event (seq %d) found it existing", tr.firstSeq)})
		}
	}
}

// eachView calls do with every record of kind k, in id order, and the
// hash of its view, reading a chunk at a time.
func eachView(ctx context.Context, c *ent.Client, k reconciledKind, do func(v view, h [32]byte) error) (int, error) {
	n := 0
	after := uuid.Nil
	for {
		page, err := k.page(ctx, c, after, verifyChunk)
		if err != nil {
			return n, err
		}
		for _, v := range page {
			h, err := viewHash(v.val)
			if err != nil {
				return n, err
			}
			if err := do(v, h); err != nil {
				return n, err
			}
			after = v.id
			n++
		}
		if len(page) < verifyChunk {
			return n, nil
		}
	}
}

// bulkDigests are the digests a bulk load's event holds: for each kind it
// wrote, the digest of its records as stored (see leaves.digest).
func bulkDigests(ctx context.Context, c *ent.Client) (map[string]string, error) {
	out := map[string]string{}
	for _, k := range reconciledKinds {
		if k.bulk == "" {
			continue
		}
		l := leaves{}
		if _, err := eachView(ctx, c, k, func(v view, h [32]byte) error { l[v.id] = h; return nil }); err != nil {
			return nil, err
		}
		out[k.bulk] = l.digest()
	}
	return out, nil
}

// compare marks the record v of entity, whose view hashes to h, seen by
// the trail and reports how it differs from its newest event, or that it
// has none.
func (t trail) compare(ctx context.Context, c *ent.Client, entity string, v view, h [32]byte, report func(Discrepancy)) error {
	tr := t.records[traceKey(entity, v.id.String())]
	if tr == nil {
		report(Discrepancy{Entity: entity, ID: v.id.String(), Problem: "has no audit event: it was written past the registry"})
		return nil
	}
	tr.seen = true
	return compareNewest(ctx, c, entity, v, h, tr, report)
}

// compareNewest reports how the record v, whose view hashes to h, differs
// from the after of its newest event.
func compareNewest(ctx context.Context, c *ent.Client, entity string, v view, h [32]byte, tr *traced, report func(Discrepancy)) error {
	id := v.id.String()
	if tr.newestOp == opDelete {
		report(Discrepancy{Entity: entity, ID: id, Problem: fmt.Sprintf("exists, but its newest audit event (seq %d) deleted it", tr.newestSeq)})
		return nil
	}
	if h == tr.newest {
		return nil
	}
	e, err := c.AuditEvent.Query().Where(auditevent.Seq(tr.newestSeq)).Only(ctx)
	if err != nil {
		return err
	}
	stored, err := json.Marshal(v.val)
	if err != nil {
		return err
	}
	var event []byte
	if e.After != nil {
		event = []byte(*e.After)
	}
	for _, f := range diffFields(stored, event) {
		report(Discrepancy{Entity: entity, ID: id, Field: f.name, Problem: fmt.Sprintf(
			"is %s, but its newest audit event (seq %d) says %s", f.stored, tr.newestSeq, f.event)})
	}
	return nil
}

type fieldDiff struct{ name, stored, event string }

// diffFields compares two JSON objects field by field, or reports the
// whole values when either is no object (a list, null). A field of the
// stored record that the event lacks is not compared: the event was
// written by a version whose form of the record did not have it yet (a
// token's secret_hash before it was audited), and a record's form is Go's
// to fix, not the database's, so SQL cannot take a field out of it.
func diffFields(stored, event []byte) []fieldDiff {
	var a, b map[string]json.RawMessage
	if json.Unmarshal(stored, &a) != nil || json.Unmarshal(event, &b) != nil || a == nil || b == nil {
		return []fieldDiff{{"", show(stored), show(event)}}
	}
	var out []fieldDiff
	for n, v := range b {
		if !sameJSON(a[n], v) {
			out = append(out, fieldDiff{n, show(a[n]), show(v)})
		}
	}
	slices.SortFunc(out, func(x, y fieldDiff) int { return strings.Compare(x.name, y.name) })
	return out
}

func sameJSON(a, b json.RawMessage) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

// show is a JSON value for a report, absent and overlong ones marked.
func show(v json.RawMessage) string {
	if v == nil {
		return "absent"
	}
	if len(v) > 80 {
		return string(v[:77]) + "…"
	}
	return string(v)
}

// checkDigest compares the records a bulk load wrote, as they were when
// it wrote them, with its digest of their kind.
func checkDigest(t trail, k reconciledKind, loaded leaves, report func(Discrepancy)) {
	want, ok := t.digests[k.bulk]
	if !ok {
		report(Discrepancy{Entity: k.entity, Problem: fmt.Sprintf(
			"the bulk load (seq %d) holds no digest of its %s, so its records cannot be reconciled; it predates digests", t.bulkSeq, k.bulk)})
		return
	}
	if got := loaded.digest(); got != want {
		report(Discrepancy{Entity: k.entity, Problem: fmt.Sprintf(
			"the %d records without events of their own no longer match the digest of the bulk load (seq %d): one of its %s was changed, added or removed past the registry",
			len(loaded), t.bulkSeq, k.bulk)})
	}
}

// digest is SHA-256, in hex, over one line per record in id order: the id,
// a space and the hex SHA-256 of the record's canonical JSON view.
func (l leaves) digest() string {
	ids := make([]uuid.UUID, 0, len(l))
	for id := range l {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, compareIDs)
	h := sha256.New()
	for _, id := range ids {
		leaf := l[id]
		fmt.Fprintf(h, "%s %s\n", id, hex.EncodeToString(leaf[:]))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// reconcileCapital compares each company's capital periods with the after
// of its newest share_capital event: the trail follows a company's capital
// as one list, by the company's id.
func reconcileCapital(ctx context.Context, c *ent.Client, t trail, report func(Discrepancy)) (int, error) {
	var companies []uuid.UUID
	if err := c.ShareCapital.Query().Unique(true).Select(sharecapital.FieldCompanyID).Scan(ctx, &companies); err != nil {
		return 0, err
	}
	for _, id := range companies {
		list, err := loadCapital(ctx, c.ShareCapital, id)
		if err != nil {
			return 0, err
		}
		h, err := viewHash(list)
		if err != nil {
			return 0, err
		}
		if err := t.compare(ctx, c, entityShareCapital, view{id: id, val: list}, h, report); err != nil {
			return 0, err
		}
	}
	for key, tr := range t.records {
		entity, id, _ := strings.Cut(key, "\x00")
		if entity == entityShareCapital && !tr.seen && !emptyList(tr.newest) {
			report(Discrepancy{Entity: entityShareCapital, ID: id, Problem: fmt.Sprintf(
				"is missing, but its newest audit event (seq %d) lists capital periods", tr.newestSeq)})
		}
	}
	return len(companies), nil
}

// emptyList tells whether an event's after, by its hash, lists no
// capital periods: null, an empty list, or no after at all.
func emptyList(h [32]byte) bool {
	return h == [32]byte{} || h == sha256.Sum256([]byte("[]")) || h == sha256.Sum256([]byte("null"))
}
