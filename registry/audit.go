package registry

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/auditevent"
	"github.com/koncernregistret/koncern/ent/predicate"
	"github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/viewer"
)

// The operations an audit event records.
const (
	opCreate      = "create"
	opUpdate      = "update"
	opEnd         = "end"
	opTransaction = "transaction"
	opImport      = "import"
	opBulkLoad    = "bulk_load"
	opRevoke      = "revoke"
	// opDelete removes a record: only a ledger transaction does, when it
	// leaves a later stake period with no shares and no votes.
	opDelete = "delete"
	// opUpgrade records what an upgrade of the data needs to remember
	// tamper-evidently (see upgradeBoundary).
	opUpgrade = "upgrade"
)

// AuditOperations are the operations the events list filters on.
var AuditOperations = []string{opCreate, opUpdate, opEnd, opTransaction, opImport, opBulkLoad, opRevoke, opDelete, opUpgrade}

// genesisHash is the prev_hash of the first event: there is no event
// before it, and a fixed value keeps the hash rule the same for all.
var genesisHash = strings.Repeat("0", 64)

// auditSeqIndex is the unique index on seq that ent generates; a
// violation of it is a lost race for the chain end (see
// isSerializationFailure).
const auditSeqIndex = "auditevent_seq"

// Actor is who made a change: the caller's name (a token's name, "jwt:"
// and the subject of a JWT, "system" for the CLI and the demo) and the
// request that carried it.
type Actor struct {
	Name      string
	RequestID string
}

type requestIDKey struct{}

// WithRequestID returns a context whose writes are audited as carried by
// the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// actorOf is the actor of ctx: the viewer's name, and the request id when
// the change came over HTTP. Writes without a viewer never get this far
// (the privacy rules refuse them), so "system" is only a fallback.
func actorOf(ctx context.Context) Actor {
	a := Actor{Name: viewer.SystemName}
	if v, ok := viewer.FromContext(ctx); ok && v.Name != "" {
		a.Name = v.Name
	}
	a.RequestID, _ = ctx.Value(requestIDKey{}).(string)
	return a
}

// change is what a write tells the audit trail.
type change struct {
	entity, entityID, op string
	// before is nil for a create; after is the record as stored.
	before, after any
}

// AuditEvent is one event of the audit trail as the API shows it.
type AuditEvent struct {
	Seq       int64           `json:"seq"`
	Time      time.Time       `json:"time"`
	Actor     string          `json:"actor"`
	RequestID string          `json:"request_id"`
	Entity    string          `json:"entity"`
	EntityID  string          `json:"entity_id"`
	Operation string          `json:"operation"`
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// canonicalEvent is the serialization an event's hash covers: a JSON
// object with its keys in sorted order (the field order below), no
// whitespace, the time in UTC RFC 3339 with nanoseconds, and before and
// after as the exact JSON text stored (a string, or null). encoding/json
// writes a struct's fields in declaration order, so the bytes are fixed.
type canonicalEvent struct {
	Actor     string  `json:"actor"`
	After     *string `json:"after"`
	Before    *string `json:"before"`
	Entity    string  `json:"entity"`
	EntityID  string  `json:"entity_id"`
	Operation string  `json:"operation"`
	PrevHash  string  `json:"prev_hash"`
	RequestID string  `json:"request_id"`
	Seq       int64   `json:"seq"`
	Time      string  `json:"time"`
}

// EventHash is SHA-256, in hex, over the previous hash, a newline and the
// canonical content of the stored event e (which names the previous hash
// too). It is exported for the tests that play someone who rewrites the
// chain with the same rule.
func EventHash(e *ent.AuditEvent) string {
	b, err := json.Marshal(canonicalEvent{
		Actor: e.Actor, After: e.After, Before: e.Before, Entity: e.Entity, EntityID: e.EntityID,
		Operation: e.Operation, PrevHash: e.PrevHash, RequestID: e.RequestID, Seq: e.Seq,
		Time: e.Time.UTC().Format(time.RFC3339Nano),
	})
	if err != nil {
		// Strings and an int cannot fail to marshal.
		panic(err)
	}
	h := sha256.New()
	h.Write([]byte(e.PrevHash + "\n"))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// jsonText is v as the JSON text an event stores, or nil for no value.
func jsonText(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: encode %T: %w", v, err)
	}
	s := string(b)
	return &s, nil
}

// audit appends the events of cs, in order, to the chain in tx, the
// transaction of the change itself, so that the change and its events
// commit or roll back together. Reading the chain end and inserting its
// successors in one transaction cannot fork the chain: writers take turns
// on both engines (see txOptions), and should two ever race, the unique
// seq turns the race into a retried transaction. The chain end is read once and the
// events go in with one statement, however many a change has.
func (r *Registry) audit(ctx context.Context, tx *ent.Tx, cs ...change) error {
	// Every writer must read the chain's end to append to it, whether or
	// not its role may read the trail; what it reads is only hashed on.
	prevSeq, prevHash, err := chainEnd(privacy.DecisionContext(ctx, privacy.Allow), tx.Client())
	if err != nil {
		return err
	}
	a := actorOf(ctx)
	at := r.Now().UTC().Truncate(time.Microsecond)
	creates := make([]*ent.AuditEventCreate, len(cs))
	for i, c := range cs {
		before, err := jsonText(c.before)
		if err != nil {
			return err
		}
		after, err := jsonText(c.after)
		if err != nil {
			return err
		}
		e := &ent.AuditEvent{
			Seq: prevSeq + 1, Time: at, Actor: a.Name, RequestID: a.RequestID,
			Entity: c.entity, EntityID: c.entityID, Operation: c.op, Before: before, After: after, PrevHash: prevHash,
		}
		e.Hash = EventHash(e)
		creates[i] = tx.AuditEvent.Create().SetSeq(e.Seq).SetTime(e.Time).SetActor(e.Actor).SetRequestID(e.RequestID).
			SetEntity(e.Entity).SetEntityID(e.EntityID).SetOperation(e.Operation).SetNillableBefore(e.Before).
			SetNillableAfter(e.After).SetPrevHash(e.PrevHash).SetHash(e.Hash)
		prevSeq, prevHash = e.Seq, e.Hash
	}
	if err := tx.AuditEvent.CreateBulk(creates...).Exec(ctx); err != nil {
		return err
	}
	r.db.noteAppended(tx, prevSeq)
	return nil
}

// chainEnd is the seq and hash of the last event, or 0 and the genesis
// hash on an empty trail.
func chainEnd(ctx context.Context, c *ent.Client) (int64, string, error) {
	// Only the seq and the hash: the before and after of the last event
	// can be long, and are not needed here.
	last, err := c.AuditEvent.Query().Order(ent.Desc(auditevent.FieldSeq)).Select(auditevent.FieldSeq, auditevent.FieldHash).First(ctx)
	if ent.IsNotFound(err) {
		return 0, genesisHash, nil
	}
	if err != nil {
		return 0, "", err
	}
	return last.Seq, last.Hash, nil
}

func toAuditEvent(e *ent.AuditEvent) AuditEvent {
	raw := func(s *string) json.RawMessage {
		if s == nil {
			return json.RawMessage("null")
		}
		return json.RawMessage(*s)
	}
	return AuditEvent{
		Seq: e.Seq, Time: e.Time.UTC(), Actor: e.Actor, RequestID: e.RequestID, Entity: e.Entity, EntityID: e.EntityID,
		Operation: e.Operation, Before: raw(e.Before), After: raw(e.After), PrevHash: e.PrevHash, Hash: e.Hash,
	}
}

// AuditFilter selects events of the trail; times are inclusive.
type AuditFilter struct {
	Entity    string
	EntityID  string
	Actor     string
	Operation string
	From, To  *time.Time
	Cursor    string
	Limit     int
}

func (f AuditFilter) where() []predicate.AuditEvent {
	var preds []predicate.AuditEvent
	eq := func(col, v string) {
		if v != "" {
			preds = append(preds, func(s *entsql.Selector) { s.Where(entsql.EQ(s.C(col), v)) })
		}
	}
	eq(auditevent.FieldEntity, f.Entity)
	eq(auditevent.FieldEntityID, f.EntityID)
	eq(auditevent.FieldActor, f.Actor)
	eq(auditevent.FieldOperation, f.Operation)
	if f.From != nil {
		from := f.From.UTC()
		preds = append(preds, func(s *entsql.Selector) { s.Where(entsql.GTE(s.C(auditevent.FieldTime), from)) })
	}
	if f.To != nil {
		to := f.To.UTC()
		preds = append(preds, func(s *entsql.Selector) { s.Where(entsql.LTE(s.C(auditevent.FieldTime), to)) })
	}
	return preds
}

// ListAuditEvents returns a page of the trail in chain order.
func (r *Registry) ListAuditEvents(ctx context.Context, f AuditFilter) (Page[AuditEvent], error) {
	limit, err := PageLimit(f.Limit)
	if err != nil {
		return Page[AuditEvent]{}, err
	}
	preds := f.where()
	if f.Cursor != "" {
		after, err := decodeSeqCursor(f.Cursor)
		if err != nil {
			return Page[AuditEvent]{}, err
		}
		preds = append(preds, func(s *entsql.Selector) { s.Where(entsql.GT(s.C(auditevent.FieldSeq), after)) })
	}
	rows, err := r.client().AuditEvent.Query().Where(preds...).Order(ent.Asc(auditevent.FieldSeq)).Limit(limit + 1).All(ctx)
	if err != nil {
		return Page[AuditEvent]{}, err
	}
	p := Page[AuditEvent]{Items: make([]AuditEvent, 0, min(len(rows), limit))}
	for i, row := range rows {
		if i == limit {
			c := encodeSeqCursor(rows[i-1].Seq)
			p.NextCursor = &c
			break
		}
		p.Items = append(p.Items, toAuditEvent(row))
	}
	return p, nil
}

func encodeSeqCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString(binary.BigEndian.AppendUint64(nil, uint64(seq)))
}

func decodeSeqCursor(c string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) != 8 {
		return 0, koncern.Invalid("cursor", "is not a cursor this server handed out")
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}

// AuditImport records an import as a whole (its summary) in the trail;
// the records it created have their own create events. Inside Atomic it
// joins the import's transaction.
func (r *Registry) AuditImport(ctx context.Context, summary any) error {
	return r.withTx(ctx, func(tx *ent.Tx) error {
		return r.audit(ctx, tx, change{entity: "registry", op: opImport, after: summary})
	})
}
