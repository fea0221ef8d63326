package handlers

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestCheckGuards holds the route table and the guards to each other: a
// route that changes something without a guard, or a guard without its
// route, stops the server from starting.
func TestCheckGuards(t *testing.T) {
	pass := func(context.Context) error { return nil }
	for _, tc := range []struct {
		name   string
		routes []*echo.Route
		guards map[string]check
		want   string
	}{
		{"EveryChangeGuarded", []*echo.Route{{Method: http.MethodPost, Path: "/x"}, {Method: http.MethodGet, Path: "/x"}},
			map[string]check{"POST /x": pass}, ""},
		{"ErrChangeWithoutGuard", []*echo.Route{{Method: http.MethodDelete, Path: "/x/:id"}},
			map[string]check{}, "route DELETE /x/:id changes the registry"},
		{"ErrGuardWithoutRoute", []*echo.Route{{Method: http.MethodGet, Path: "/x"}},
			map[string]check{"PATCH /x/:id": pass}, "names PATCH /x/:id, which is no route"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkGuards(tc.routes, tc.guards)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("checkGuards: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("checkGuards: %v, want an error saying %q", err, tc.want)
			}
		})
	}
}
