package handlers_test

import (
	"strings"
	"testing"
)

// inputCase is one request whose body the registry must refuse, the status
// and field it must answer with, and, where the wording matters, a part of
// that field's message.
type inputCase struct {
	name    string
	method  string
	path    string
	body    any
	header  []string
	status  int
	field   string
	message string
}

// refuse sends every case and checks that it is refused as described, and
// that none of them wrote anything.
func refuse(t *testing.T, a *api, cases []inputCase) {
	t.Helper()
	before := a.snapshot()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			res := a.do(tt.method, tt.path, tt.body, tt.header...)
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.Status, tt.status, res.Body)
			}
			p := res.problem(t)
			for _, e := range p.Errors {
				if e.Field == tt.field && strings.Contains(e.Message, tt.message) {
					return
				}
			}
			t.Fatalf("problem does not name %q with %q: %s", tt.field, tt.message, res.Body)
		})
	}
	if after := a.snapshot(); after != before {
		t.Fatal("refused requests changed the registry")
	}
}

// TestDuplicateKeys: a key given twice is refused by name rather than
// read as its last value, in a POST and in a PATCH. Nested objects and
// keys the contract does not know are refused by the contract check first;
// TestBindJSON covers them.
func TestDuplicateKeys(t *testing.T) {
	a := newAPI(t)
	f := newFixture(a)
	v1 := []string{"If-Match", `"1"`}
	refuse(t, a, []inputCase{
		{"ErrDuplicateValidFrom", "POST", "/api/v1/people", `{"name":"A","valid_from":"2004-01-01","valid_from":"1999-01-01"}`, nil, 400, "valid_from", "more than once"},
		{"ErrDuplicateInPatch", "PATCH", "/api/v1/people/" + f.person, `{"name":"A","name":"B"}`, v1, 400, "name", "more than once"},
		{"ErrDuplicateEscapedKey", "POST", "/api/v1/people", `{"name":"A","valid_from":"2004-01-01","\u006eame":"B"}`, nil, 400, "name", "more than once"},
	})
}
