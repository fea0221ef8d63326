package koncern

import (
	"strings"

	"github.com/google/uuid"
)

// PathSeparator joins the names of a path of organisations, from the top
// of the hierarchy down, in the columns X_path of the registers and the
// import template, e.g. "Tranås kommun / Kommunstyrelsen".
const PathSeparator = " / "

// JoinPath writes names as a path. A slash of a name is written twice,
// so "Kultur / fritid" reads "Kultur // fritid": every run of slashes
// within a name is then of even length, and a single slash between
// spaces can only be a separator, whatever a name starts or ends with.
// Names without a slash, nearly all of them, read as written.
func JoinPath(names ...string) string {
	escaped := make([]string, len(names))
	for i, n := range names {
		escaped[i] = strings.ReplaceAll(n, "/", "//")
	}
	return strings.Join(escaped, PathSeparator)
}

// AppendPath adds a name to the end of a path written by JoinPath.
func AppendPath(path, name string) string {
	if path == "" {
		return JoinPath(name)
	}
	return path + PathSeparator + JoinPath(name)
}

// SplitPath reads the names of a path written by JoinPath; nil for "".
// A single slash that is not a separator, as in a hand-written
// "Bygg/miljö", is read as written, so that such a path need not double
// it.
func SplitPath(path string) []string {
	if path == "" {
		return nil
	}
	names := strings.Split(path, PathSeparator)
	for i, n := range names {
		names[i] = strings.ReplaceAll(n, "//", "/")
	}
	return names
}

// CanonicalPath is path as JoinPath writes it, single slashes within a
// name doubled, so that a hand-written path compares with a written one.
func CanonicalPath(path string) string {
	return JoinPath(SplitPath(path)...)
}

// PathOf is the path of the organisation id and its parents from the top
// of the hierarchy down, as JoinPath writes it; "" for a nil id. org looks
// up an organisation's name and parent, false for one it cannot give,
// which ends the path; cache keeps each path found. An organisation's
// name is cached before its parents are looked up, so that a chain of
// parents that loops (the registry refuses one, a snapshot built by hand
// may hold one) ends instead of recursing for ever.
func PathOf(id *uuid.UUID, cache map[uuid.UUID]string, org func(uuid.UUID) (name string, parent *uuid.UUID, ok bool)) string {
	if id == nil {
		return ""
	}
	if p, ok := cache[*id]; ok {
		return p
	}
	name, parent, ok := org(*id)
	if !ok {
		return ""
	}
	p := JoinPath(name)
	cache[*id] = p
	if pp := PathOf(parent, cache, org); pp != "" {
		p = AppendPath(pp, name)
	}
	cache[*id] = p
	return p
}
