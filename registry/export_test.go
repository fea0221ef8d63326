package registry

import "github.com/koncernregistret/koncern/ent"

// EventHash is eventHash of an event as the API shows it, for the tests
// that play an attacker who rewrites the chain with the same hash rule.
func EventHash(e AuditEvent) string {
	var before, after *string
	if string(e.Before) != "null" {
		s := string(e.Before)
		before = &s
	}
	if string(e.After) != "null" {
		s := string(e.After)
		after = &s
	}
	return eventHash(&ent.AuditEvent{Seq: e.Seq, Time: e.Time, Actor: e.Actor, RequestID: e.RequestID, Entity: e.Entity,
		EntityID: e.EntityID, Operation: e.Operation, Before: before, After: after, PrevHash: e.PrevHash})
}
