package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/auditevent"
	"github.com/koncernregistret/koncern/ent/organization"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/ent/steeringline"
	"github.com/koncernregistret/koncern/viewer"
)

// Versions before migration 0007 stored a reporting line from the post that
// reports to the post reported to, while every other kind ran, as the
// contract says all lines run, from its steering end to its steered end.
// Migration 0007 listed the reporting lines stored then, every one of them
// in the old direction, in reporting_lines_to_reverse. ReverseOldReportingLines
// turns them around through ent, one audited update per line, so that each
// record and the after of its newest event stay the same.
//
// The list is a plain table, which someone who can write the database can
// add to; the registry would then turn a line written the new way as an
// audited update by the system, and the trail would vouch for it. So the
// first run appends an upgrade event to the chain that names the seq below
// which the lines were stored before the upgrade, and every run turns only
// a listed line whose newest event lies below it. Moving that boundary
// means rewriting the chain, which the checkpoints catch.

// The upgrade event: its entity and id name the upgrade, its after the
// boundary.
const (
	entityUpgrade     = "upgrade"
	reversalUpgradeID = "0007_reporting_lines_to_reverse"
)

// reversalBoundary is the after of the upgrade event.
type reversalBoundary struct {
	// ReportingLinesBeforeSeq is the seq of the upgrade event itself: the
	// events below it were written before the upgrade, the lines turned
	// around after it.
	ReportingLinesBeforeSeq int64 `json:"reporting_lines_before_seq"`
}

// reverseBatch is how many lines one transaction turns around, so that a
// national registry's upgrade does not hold the writers' turn for long.
const reverseBatch = 500

// ReverseOldReportingLines turns around every listed reporting line stored
// before the upgrade and returns how many it turned and the listed lines
// it refused because they were not. A listed line whose kind was changed
// since is left as it is and taken off the list. It runs as the system,
// whatever the caller, since it is the registry's own upgrade.
func (r *Registry) ReverseOldReportingLines(ctx context.Context) (int, []uuid.UUID, error) {
	ctx = viewer.System(ctx)
	before, err := r.upgradeBoundary(ctx)
	if err != nil {
		return 0, nil, err
	}
	if listed, err := r.anyListed(ctx); err != nil || !listed {
		return 0, nil, err
	}
	total, refused := 0, []uuid.UUID(nil)
	for {
		b, err := r.reverseListedLines(ctx, before)
		total += b.reversed
		refused = append(refused, b.refused...)
		if err != nil || b.listed < reverseBatch {
			return total, refused, err
		}
	}
}

// anyListed tells, with a plain read, whether any line is listed, so that
// an open after the upgrade takes no writers' turn for an empty list. In
// an Atomic transaction the turn is held already, and the batch reads.
func (r *Registry) anyListed(ctx context.Context) (bool, error) {
	if r.tx != nil {
		return true, nil
	}
	var listed bool
	err := r.db.SQL.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM reporting_lines_to_reverse)`).Scan(&listed)
	return listed, err
}

// upgradeBoundary reads the boundary from the first upgrade event, and
// appends that event on the first run, on a fresh database too, so that a
// list written later is never taken for the upgrade's. Later upgrade
// events, which only someone who writes the chain by hand could add, do
// not move it. Once the event is written a plain read finds it, so only
// the first run takes the writers' turn, and reads again under it.
func (r *Registry) upgradeBoundary(ctx context.Context) (int64, error) {
	read := privacy.DecisionContext(ctx, privacy.Allow)
	before, found, err := readBoundary(read, r.client())
	if err != nil || found {
		return before, err
	}
	err = r.withTx(ctx, func(tx *ent.Tx) error {
		if before, found, err = readBoundary(read, tx.Client()); err != nil || found {
			return err
		}
		end, _, err := chainEnd(read, tx.Client())
		if err != nil {
			return err
		}
		b := reversalBoundary{ReportingLinesBeforeSeq: end + 1}
		before = b.ReportingLinesBeforeSeq
		return r.audit(ctx, tx, change{entity: entityUpgrade, entityID: reversalUpgradeID, op: opUpgrade, after: b})
	})
	return before, err
}

// readBoundary reads the boundary from the first upgrade event, if there
// is one.
func readBoundary(ctx context.Context, c *ent.Client) (int64, bool, error) {
	e, err := c.AuditEvent.Query().Where(auditevent.Entity(entityUpgrade), auditevent.EntityID(reversalUpgradeID)).
		Order(ent.Asc(auditevent.FieldSeq)).First(ctx)
	if ent.IsNotFound(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if e.After == nil {
		return 0, true, fmt.Errorf("reverse reporting lines: upgrade event %d names no boundary", e.Seq)
	}
	var b reversalBoundary
	err = json.Unmarshal([]byte(*e.After), &b)
	return b.ReportingLinesBeforeSeq, true, err
}

// batch is what one batch did: how many lines were listed in it, how many
// of them it turned, and which it refused.
type batch struct {
	listed, reversed int
	refused          []uuid.UUID
}

// reverseListedLines turns around one batch of listed lines stored before
// the seq before in one transaction and takes the batch off the list.
func (r *Registry) reverseListedLines(ctx context.Context, before int64) (batch, error) {
	var b batch
	err := r.withTx(ctx, func(tx *ent.Tx) error {
		b = batch{}
		ids, err := r.listedLines(ctx, tx)
		if err != nil || len(ids) == 0 {
			return err
		}
		old, refused, err := storedBefore(ctx, tx, ids, before)
		if err != nil {
			return err
		}
		changes, err := reverseLines(ctx, tx, old)
		if err != nil {
			return err
		}
		if len(changes) > 0 {
			if err := r.audit(ctx, tx, changes...); err != nil {
				return err
			}
		}
		b = batch{listed: len(ids), reversed: len(changes), refused: refused}
		return r.unlistLines(ctx, tx, ids)
	})
	return b, err
}

// storedBefore splits the lines ids into those stored, and not changed
// since, before the seq before, as the trail says, and the rest. A line
// with events was stored before if its newest event is; one without was
// written by a bulk load, and was stored before if the bulk load was (a
// line written past the registry then spoils the load's digest, which
// koncern check reports).
func storedBefore(ctx context.Context, tx *ent.Tx, ids []uuid.UUID, before int64) (old, refused []uuid.UUID, err error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = id.String()
	}
	var newest []struct {
		EntityID string `json:"entity_id"`
		Max      int64  `json:"max"`
	}
	if err := tx.AuditEvent.Query().Where(auditevent.Entity(steeringLineKind.entity), auditevent.EntityIDIn(keys...)).
		GroupBy(auditevent.FieldEntityID).Aggregate(ent.Max(auditevent.FieldSeq)).Scan(ctx, &newest); err != nil {
		return nil, nil, err
	}
	seq := make(map[string]int64, len(newest))
	for _, n := range newest {
		seq[n.EntityID] = n.Max
	}
	loaded, err := tx.AuditEvent.Query().Where(auditevent.Operation(opBulkLoad), auditevent.SeqLT(before)).Exist(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range ids {
		s, ok := seq[id.String()]
		if (ok && s < before) || (!ok && loaded) {
			old = append(old, id)
		} else {
			refused = append(refused, id)
		}
	}
	return old, refused, nil
}

// listedLines reads the next batch of the list; the list is read after the
// writers' turn is taken, so two servers opening at once turn each line once.
func (r *Registry) listedLines(ctx context.Context, tx *ent.Tx) ([]uuid.UUID, error) {
	rows, err := tx.QueryContext(ctx, r.db.rebind(`SELECT id FROM reporting_lines_to_reverse ORDER BY id LIMIT ?`), reverseBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// unlistLines takes the lines of a batch off the list. It fails unless
// every one of them went, since a line left on the list would be read
// again by the next batch for ever.
func (r *Registry) unlistLines(ctx context.Context, tx *ent.Tx, ids []uuid.UUID) error {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	res, err := tx.ExecContext(ctx, r.db.rebind(`DELETE FROM reporting_lines_to_reverse WHERE id IN (`+marks+`)`), args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(ids)) {
		return fmt.Errorf("reverse reporting lines: took %d of %d lines off the list (%v)", n, len(ids), err)
	}
	return nil
}

// reverseLines swaps the two ends of each of the lines ids that is still a
// reporting line, each update guarded by the line's version, and returns
// the audit changes. The batch is read, and read back, with one query each.
func reverseLines(ctx context.Context, tx *ent.Tx, ids []uuid.UUID) ([]change, error) {
	lines, err := tx.SteeringLine.Query().Where(steeringline.IDIn(ids...), steeringline.Kind("reporting")).
		Order(ent.Asc(steeringline.FieldID)).All(ctx)
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	munis, err := endMunicipalities(ctx, tx, lines)
	if err != nil {
		return nil, err
	}
	turned := make([]uuid.UUID, len(lines))
	for i, cur := range lines {
		if err := swapEnds(ctx, tx, cur, munis.of(cur)); err != nil {
			return nil, err
		}
		turned[i] = cur.ID
	}
	after, err := tx.SteeringLine.Query().Where(steeringline.IDIn(turned...)).Order(ent.Asc(steeringline.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	if len(after) != len(lines) {
		return nil, fmt.Errorf("reverse reporting lines: %d lines turned, %d read back", len(lines), len(after))
	}
	changes := make([]change, len(lines))
	for i, cur := range lines {
		changes[i] = change{entity: steeringLineKind.entity, entityID: cur.ID.String(), op: opUpdate,
			before: toSteeringLine(cur), after: toSteeringLine(after[i])}
	}
	return changes, nil
}

// swapEnds writes the line cur with its ends swapped and its municipality
// muni, as one version more.
func swapEnds(ctx context.Context, tx *ent.Tx, cur *ent.SteeringLine, muni *uuid.UUID) error {
	u := tx.SteeringLine.Update().Where(steeringline.ID(cur.ID), steeringline.Version(cur.Version)).AddVersion(1)
	m := u.Mutation()
	if err := errors.Join(
		setOrClear(m, steeringline.FieldFromPostID, cur.ToPostID),
		setOrClear(m, steeringline.FieldFromOrganizationID, cur.ToOrganizationID),
		setOrClear(m, steeringline.FieldToPostID, cur.FromPostID),
		setOrClear(m, steeringline.FieldToOrganizationID, cur.FromOrganizationID),
		setOrClear(m, steeringline.FieldMunicipalityID, muni),
	); err != nil {
		return err
	}
	return saveOne(u.Save(ctx))
}

// municipalities maps the posts and organisations at the ends of a batch
// of lines to their municipalities (nil outside every group).
type municipalities map[uuid.UUID]*uuid.UUID

// of is the municipality a turned line belongs to, as on create: that of
// its steered end (the old from end), or of its steering end when the
// steered one stands outside every group.
func (m municipalities) of(cur *ent.SteeringLine) *uuid.UUID {
	if muni := m[endID(cur.FromPostID, cur.FromOrganizationID)]; muni != nil {
		return muni
	}
	return m[endID(cur.ToPostID, cur.ToOrganizationID)]
}

// endID is the id of a line's end, a post or an organisation.
func endID(postID, orgID *uuid.UUID) uuid.UUID {
	if postID != nil {
		return *postID
	}
	if orgID != nil {
		return *orgID
	}
	return uuid.Nil
}

// endMunicipalities reads the municipalities of the ends of lines.
func endMunicipalities(ctx context.Context, tx *ent.Tx, lines []*ent.SteeringLine) (municipalities, error) {
	var posts, orgs []uuid.UUID
	for _, l := range lines {
		for _, id := range []*uuid.UUID{l.FromPostID, l.ToPostID} {
			if id != nil {
				posts = append(posts, *id)
			}
		}
		for _, id := range []*uuid.UUID{l.FromOrganizationID, l.ToOrganizationID} {
			if id != nil {
				orgs = append(orgs, *id)
			}
		}
	}
	m := municipalities{}
	postRows, err := tx.Post.Query().Where(entpost.IDIn(posts...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range postRows {
		m[p.ID] = p.MunicipalityID
	}
	orgRows, err := tx.Organization.Query().Where(organization.IDIn(orgs...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orgRows {
		m[o.ID] = o.MunicipalityID
	}
	return m, nil
}

// presentEnds gives a steering line read back from the trail the ends it
// has now. No write changes a line's ends but the upgrade above, and a
// reporting line recorded before it meant what the turned line means now,
// so it is shown the way lines run now; its findings as recorded are then
// read right. Records of other kinds, and lines no row holds now, are left
// as they were recorded.
func presentEnds[T any](v, current *T) {
	l, ok := any(v).(*koncern.SteeringLine)
	if !ok || current == nil {
		return
	}
	now := any(current).(*koncern.SteeringLine)
	l.FromPostID, l.FromOrganizationID, l.ToPostID, l.ToOrganizationID = now.FromPostID, now.FromOrganizationID, now.ToPostID, now.ToOrganizationID
	l.MunicipalityID = now.MunicipalityID
}
