package registry

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/organization"
	entpost "github.com/koncernregistret/koncern/ent/post"
	"github.com/koncernregistret/koncern/ent/steeringline"
	"github.com/koncernregistret/koncern/viewer"
)

// Versions before migration 0007 stored a reporting line from the post that
// reports to the post reported to, while every other kind ran, as the
// contract says all lines run, from its steering end to its steered end.
// Migration 0007 listed the reporting lines stored then, every one of them
// in the old direction, in reporting_lines_to_reverse. ReverseOldReportingLines
// turns them around through ent, one audited update per line, so that each
// record and the after of its newest event stay the same. Lines written
// after the migration are never on the list, so running it again, or late,
// cannot turn a line written the new way.

// reverseBatch is how many lines one transaction turns around, so that a
// national registry's upgrade does not hold the writers' turn for long.
const reverseBatch = 500

// ReverseOldReportingLines turns around every listed reporting line and
// returns how many it turned. A listed line whose kind was changed since is
// left as it is and taken off the list. It runs as the system, whatever the
// caller, since it is the registry's own upgrade.
func (r *Registry) ReverseOldReportingLines(ctx context.Context) (int, error) {
	ctx = viewer.System(ctx)
	total := 0
	for {
		listed, reversed, err := r.reverseListedLines(ctx)
		total += reversed
		if err != nil || listed == 0 {
			return total, err
		}
	}
}

// reverseListedLines turns around one batch of listed lines in one
// transaction and takes them off the list; it returns how many were listed
// in the batch and how many of them it turned.
func (r *Registry) reverseListedLines(ctx context.Context) (listed, reversed int, err error) {
	err = r.withTx(ctx, func(tx *ent.Tx) error {
		listed, reversed = 0, 0
		ids, err := r.listedLines(ctx, tx)
		if err != nil || len(ids) == 0 {
			return err
		}
		changes, err := reverseLines(ctx, tx, ids)
		if err != nil {
			return err
		}
		if len(changes) > 0 {
			if err := r.audit(ctx, tx, changes...); err != nil {
				return err
			}
		}
		listed, reversed = len(ids), len(changes)
		return r.unlistLines(ctx, tx, ids)
	})
	return listed, reversed, err
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
