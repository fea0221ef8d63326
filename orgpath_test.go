package koncern_test

import (
	"slices"
	"testing"

	"github.com/koncernregistret/koncern"
)

func TestPath(t *testing.T) {
	for _, c := range []struct {
		name  string
		names []string
		path  string
	}{
		{"Ordinary", []string{"Tranås kommun", "Kommunstyrelsen"}, "Tranås kommun / Kommunstyrelsen"},
		{"SlashBetweenSpaces", []string{"Tranås kommun", "Kultur / fritid", "Bibliotek"}, "Tranås kommun / Kultur // fritid / Bibliotek"},
		{"SlashWithoutSpaces", []string{"Tranås kommun", "Bygg/miljö"}, "Tranås kommun / Bygg//miljö"},
		{"DoubleSlash", []string{"a // b", "c"}, "a //// b / c"},
		{"EndsWithSlash", []string{"x /", "y"}, "x // / y"},
		{"StartsWithSlash", []string{"x", "/ y"}, "x / // y"},
		{"OnlySlashes", []string{"/", "//", "///"}, "// / //// / //////"},
		{"One", []string{"Tranås kommun"}, "Tranås kommun"},
		{"None", nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := koncern.JoinPath(c.names...); got != c.path {
				t.Errorf("JoinPath(%q) = %q, want %q", c.names, got, c.path)
			}
			if got := koncern.SplitPath(c.path); !slices.Equal(got, c.names) {
				t.Errorf("SplitPath(%q) = %q, want %q", c.path, got, c.names)
			}
			if len(c.names) > 0 {
				last := len(c.names) - 1
				if got := koncern.AppendPath(koncern.JoinPath(c.names[:last]...), c.names[last]); got != c.path {
					t.Errorf("AppendPath = %q, want %q", got, c.path)
				}
			}
		})
	}
	// A path written by hand with a name's single slash reads as written.
	t.Run("HandWritten", func(t *testing.T) {
		if got, want := koncern.CanonicalPath("Tranås kommun / Bygg/miljö"), "Tranås kommun / Bygg//miljö"; got != want {
			t.Errorf("CanonicalPath = %q, want %q", got, want)
		}
	})
}
