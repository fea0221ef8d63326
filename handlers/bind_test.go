package handlers

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
)

// bindTarget has a field of every kind bindJSON names in its messages.
type bindTarget struct {
	Name    string       `json:"name"`
	Count   int64        `json:"count"`
	Share   float64      `json:"share"`
	Active  bool         `json:"active"`
	Parent  *uuid.UUID   `json:"parent"`
	Tags    []string     `json:"tags"`
	On      koncern.Date `json:"on"`
	Details struct {
		Note string `json:"note"`
	} `json:"details"`
}

// bind runs bindJSON on body as a request would reach it.
func bind(t *testing.T, body string) (bindTarget, *koncern.Error) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c := echo.New().NewContext(req, httptest.NewRecorder())
	var dst bindTarget
	err := bindJSON(c, &dst)
	if err == nil {
		return dst, nil
	}
	kerr, ok := err.(*koncern.Error)
	if !ok {
		t.Fatalf("bindJSON returned %T %v, want a *koncern.Error", err, err)
	}
	return dst, kerr
}

// TestBindJSON checks bindJSON on its own: the contract check in front of
// it refuses most of these bodies first, but bindJSON must not depend on
// that, since it also binds bodies of operations the contract describes
// loosely.
func TestBindJSON(t *testing.T) {
	tests := []struct {
		name, body, code, field, message string
	}{
		{"ErrDuplicateTopLevel", `{"name":"A","count":1,"name":"B"}`, koncern.EBADREQUEST, "name", "appears more than once"},
		{"ErrDuplicateNested", `{"details":{"note":"a","note":"b"}}`, koncern.EBADREQUEST, "details.note", "appears more than once"},
		{"ErrDuplicateInArrayElement", `{"tags":[],"x":[{"k":1},{"k":1,"k":2}]}`, koncern.EBADREQUEST, "x[1].k", "appears more than once"},
		{"ErrDuplicateEmptyKey", `{"":1,"":2}`, koncern.EBADREQUEST, "", "appears more than once"},
		{"ErrWrongTypeString", `{"name":5}`, koncern.EINVALID, "name", "must be a string, not number"},
		{"ErrWrongTypeWholeNumber", `{"count":"5"}`, koncern.EINVALID, "count", "must be a whole number, not string"},
		{"ErrWrongTypeFraction", `{"count":1.5}`, koncern.EINVALID, "count", "must be a whole number, not number 1.5"},
		{"ErrWrongTypeNumber", `{"share":true}`, koncern.EINVALID, "share", "must be a number, not bool"},
		{"ErrWrongTypeBool", `{"active":"ja"}`, koncern.EINVALID, "active", "must be true or false, not string"},
		{"ErrWrongTypeUUID", `{"parent":7}`, koncern.EINVALID, "parent", "must be a UUID string, not number"},
		{"ErrWrongTypeOther", `{"tags":"a"}`, koncern.EINVALID, "tags", "must be a JSON value of another type, not string"},
		{"ErrNotAUUID", `{"parent":"rådhuset"}`, koncern.EINVALID, "parent", "must be a UUID"},
		{"ErrOwnMessage", `{"on":"2003-02-30"}`, koncern.EINVALID, "on", "2003-02-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bind(t, tt.body)
			if err == nil || err.Code != tt.code {
				t.Fatalf("got %v, want code %s", err, tt.code)
			}
			for _, f := range err.Fields {
				if f.Field == tt.field && strings.Contains(f.Message, tt.message) {
					return
				}
			}
			t.Fatalf("%v does not name %q with %q", err.Fields, tt.field, tt.message)
		})
	}
	t.Run("SameKeyInSiblingObjects", func(t *testing.T) {
		// The same key in two objects of an array is no duplicate; the body
		// is refused only for the field the target lacks.
		_, err := bind(t, `{"name":"A","x":[{"k":1},{"k":2}],"details":{"note":"n"}}`)
		if err == nil || err.Code != koncern.EINVALID || len(err.Fields) != 1 || err.Fields[0].Field != "x" {
			t.Fatalf("got %v, want only x refused as unknown", err)
		}
	})
	t.Run("NestedValuesBound", func(t *testing.T) {
		got, err := bind(t, `{"name":"Å","details":{"note":"n"},"tags":["a","b"]}`)
		if err != nil || got.Name != "Å" || got.Details.Note != "n" || len(got.Tags) != 2 {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
}

// BenchmarkDuplicateKeys walks a body near the 1 MiB limit: an object of
// some 60 000 keys, each with a small nested object.
func BenchmarkDuplicateKeys(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("{")
	for i := 0; sb.Len() < 1<<20-40; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `"k%d":{"a":%d}`, i, i)
	}
	sb.WriteString("}")
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := checkDuplicateKeys(body); err != nil {
			b.Fatal(err)
		}
	}
}
