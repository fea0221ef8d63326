package web

import (
	"context"

	"github.com/koncernregistret/koncern/rule"
)

// registers names each register's access by the word the pages use for it.
var registers = map[string]rule.Access{
	"organizations": rule.Organizations, "people": rule.People, "posts": rule.Posts,
	"assignments": rule.Assignments, "stakes": rule.Stakes, "steering-lines": rule.SteeringLines,
	"documents": rule.Documents, "transactions": rule.Transactions, "comments": rule.Comments,
	"audit": rule.AuditTrail,
}

// mayCreate, mayEdit and mayEnd are the checks of the forms that make,
// change and end a record of register.
func mayCreate(register string) check {
	return func(ctx context.Context) error { return registers[register].MayChange(ctx, rule.Create) }
}

func mayEdit(register string) check {
	return func(ctx context.Context) error { return registers[register].MayChange(ctx, rule.Change) }
}

func mayEnd(register string) check {
	return func(ctx context.Context) error { return registers[register].MayChange(ctx, rule.Change, "valid_to") }
}

func mayReadRegister(register string) check {
	return func(ctx context.Context) error { return registers[register].MayRead(ctx) }
}

// Can reports whether the caller may, at least sometimes, do action to
// register ("create", "edit", "end" or "read"), so that a page shows no
// button its reader may not use. The privacy rules still judge every
// change; this only hides what would certainly be refused.
func (p *page) Can(action, register string) bool {
	if _, ok := registers[register]; !ok {
		return false
	}
	var may check
	switch action {
	case "create":
		may = mayCreate(register)
	case "edit":
		may = mayEdit(register)
	case "end":
		may = mayEnd(register)
	case "read":
		may = mayReadRegister(register)
	default:
		return false
	}
	return may(p.c.Request().Context()) == nil
}
