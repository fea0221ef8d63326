package web

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern/params"
	"github.com/koncernregistret/koncern/registry"
)

// auditData is the audit trail's page: a record's history, the chain's
// verification and the latest checkpoint.
type auditData struct {
	// Record is the id asked about, Name what the record is called in its
	// latest event (if it has a name), Entity what kind of record it is.
	Record, Name, Entity string
	Events               []auditEventView
	// More is the cursor of the record's next events, if there are more.
	More       string
	Check      registry.AuditCheck
	Checkpoint *registry.Checkpoint
}

// auditEventView is one change of a record: its fields before and after.
type auditEventView struct {
	registry.AuditEvent
	Fields []fieldChange
}

// fieldChange is one field of a record before and after an event; Changed
// says whether the event changed it.
type fieldChange struct {
	Name, Before, After string
	Changed             bool
}

func (s *Site) auditPage(c echo.Context) error {
	ctx := c.Request().Context()
	if err := mayReadRegister("audit")(ctx); err != nil {
		return err
	}
	q := params.New(c.QueryParams())
	record, cursor := q.UUID("record"), q.Str("cursor")
	if err := q.Err(); err != nil {
		return err
	}
	d := auditData{}
	if record != nil {
		if err := s.history(c, &d, *record, cursor); err != nil {
			return err
		}
	}
	var err error
	if d.Check, err = s.cfg.Registry.VerifyAudit(ctx); err != nil {
		return err
	}
	if s.cfg.CheckpointKey != nil {
		cp, err := s.cfg.Registry.SignCheckpoint(ctx, s.cfg.CheckpointKey)
		if err != nil {
			return err
		}
		d.Checkpoint = &cp
	}
	p := s.newPage(c, "", d)
	p.Title = p.T("audit.title")
	return s.render(c, "audit", p)
}

// history fills d with the events of record from the trail, a page at a
// time.
func (s *Site) history(c echo.Context, d *auditData, record uuid.UUID, cursor string) error {
	page, err := s.cfg.Registry.ListAuditEvents(c.Request().Context(),
		registry.AuditFilter{EntityID: record.String(), Cursor: cursor, Limit: registry.MaxLimit})
	if err != nil {
		return err
	}
	d.Record = record.String()
	if page.NextCursor != nil {
		d.More = *page.NextCursor
	}
	for _, e := range page.Items {
		d.Events = append(d.Events, auditEventView{AuditEvent: e, Fields: fieldChanges(e.Before, e.After)})
		d.Entity = e.Entity
		if name := recordName(e.After); name != "" {
			d.Name = name
		}
	}
	return nil
}

// fieldChanges sets the fields of a record before and after an event side
// by side, in name order. A create has no before, an end or a change has
// both; a value that is not a record (an import's summary) is one row
// without a name.
func fieldChanges(before, after json.RawMessage) []fieldChange {
	b, bok := fieldsOf(before)
	a, aok := fieldsOf(after)
	if !bok || !aok {
		return []fieldChange{{Before: valueText(before), After: valueText(after), Changed: !sameJSON(before, after)}}
	}
	var names []string
	for n := range b {
		names = append(names, n)
	}
	for n := range a {
		if _, ok := b[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	out := make([]fieldChange, len(names))
	for i, n := range names {
		out[i] = fieldChange{Name: n, Before: valueText(b[n]), After: valueText(a[n]), Changed: !sameJSON(b[n], a[n])}
	}
	return out
}

// fieldsOf reads a JSON object's fields; null is a record with none.
func fieldsOf(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	if isNull(raw) {
		return map[string]json.RawMessage{}, true
	}
	var m map[string]json.RawMessage
	return m, json.Unmarshal(raw, &m) == nil
}

func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

// sameJSON compares two values written alike but for white space; a field
// that is missing and one that is null are the same.
func sameJSON(a, b json.RawMessage) bool {
	if isNull(a) || isNull(b) {
		return isNull(a) == isNull(b)
	}
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}

// valueText writes a value for reading: a text without its quotes, no
// value as nothing, anything else as compact JSON.
func valueText(raw json.RawMessage) string {
	if isNull(raw) {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var c bytes.Buffer
	if json.Compact(&c, raw) != nil {
		return string(raw)
	}
	return c.String()
}

// recordName is what a record is called in an event's JSON: its name, or
// its title.
func recordName(raw json.RawMessage) string {
	var r struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	}
	if json.Unmarshal(raw, &r) != nil {
		return ""
	}
	if r.Name != "" {
		return r.Name
	}
	return r.Title
}
