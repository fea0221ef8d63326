package koncern

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// BuildVersion says which build of the binary is running: the module's
// version, and the commit it was built from as the go command stamped it.
// An operator reads it from `koncern version` or GET /healthz to tell which
// code a server runs without access to the machine it runs on.
type BuildVersion struct {
	// Version is the module's version: a tag such as v1.4.0 when the
	// binary was installed as a module or built at a tagged commit, a
	// pseudo-version such as v0.0.0-20261208011220-6bdf6a360604 when built
	// from any other commit of a git clone (the go command derives it from the
	// commit since Go 1.24), (devel) when it had no version control to ask
	// (go test, a git worktree, a source tarball).
	Version string `json:"version"`
	// Revision is the commit the binary was built from; empty when the
	// go command had no version control to ask (go test, a source tarball).
	Revision string `json:"revision,omitempty"`
	// Time is the commit's time (RFC 3339), empty with Revision.
	Time string `json:"time,omitempty"`
	// Modified is true when the working tree had changes not committed,
	// so that Revision alone does not say what was built; nil with no
	// Revision.
	Modified *bool `json:"modified,omitempty"`
	// Go is the toolchain that built the binary.
	Go string `json:"go"`
}

// Version reads the build's version from the information the go command
// embeds in every binary; it needs no flags at build time.
func Version() BuildVersion {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return BuildVersion{Version: "unknown", Go: runtime.Version()}
	}
	v := BuildVersion{Version: info.Main.Version, Go: runtime.Version()}
	if v.Version == "" {
		v.Version = "unknown"
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			modified := s.Value == "true"
			v.Modified = &modified
		}
	}
	return v
}

// String is the version on one line, as `koncern version` prints it.
func (v BuildVersion) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "koncern %s", v.Version)
	if v.Revision != "" {
		fmt.Fprintf(&b, ", commit %s", v.Revision)
		if v.Time != "" {
			fmt.Fprintf(&b, " of %s", v.Time)
		}
		if v.Modified != nil && *v.Modified {
			b.WriteString(" with uncommitted changes")
		}
	}
	fmt.Fprintf(&b, ", built with %s", v.Go)
	return b.String()
}
