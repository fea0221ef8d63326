package koncern

import "testing"

func TestBuildVersionString(t *testing.T) {
	modified, clean := true, false
	for _, tc := range []struct {
		name string
		v    BuildVersion
		want string
	}{
		{"NoVersionControl", BuildVersion{Version: "(devel)", Go: "go1.26.8"},
			"koncern (devel), built with go1.26.8"},
		{"Commit", BuildVersion{Version: "v1.4.0", Revision: "6bdf6a3", Time: "2026-12-08T01:12:20Z", Modified: &clean, Go: "go1.26.8"},
			"koncern v1.4.0, commit 6bdf6a3 of 2026-12-08T01:12:20Z, built with go1.26.8"},
		{"UncommittedChanges", BuildVersion{Version: "v1.4.0", Revision: "6bdf6a3", Time: "2026-12-08T01:12:20Z", Modified: &modified, Go: "go1.26.8"},
			"koncern v1.4.0, commit 6bdf6a3 of 2026-12-08T01:12:20Z with uncommitted changes, built with go1.26.8"},
		// A revision without its time leaves no dangling "of".
		{"CommitWithoutTime", BuildVersion{Version: "v1.4.0", Revision: "6bdf6a3", Go: "go1.26.8"},
			"koncern v1.4.0, commit 6bdf6a3, built with go1.26.8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}
