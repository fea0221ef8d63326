package web

import "testing"

// TestSafeNext keeps the page after signing in on this site, whatever a
// link put in next=.
func TestSafeNext(t *testing.T) {
	for next, want := range map[string]string{
		"/findings?at=2003-10-01": "/findings?at=2003-10-01",
		"/posts/1#timeline":       "/posts/1#timeline",
		"":                        "/",
		"findings":                "/",
		"//evil.example":          "/",
		"/\\evil.example":         "/",
		"/\t/evil.example":        "/",
		"/\n/evil.example":        "/",
		"https://evil.example/":   "/",
		"javascript:alert(1)":     "/",
		"/%2F/evil.example":       "/",
		"///evil.example":         "/",
		"http:/evil.example":      "/",
		"/ok?next=//evil.example": "/ok?next=//evil.example",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}
