package web

import "testing"

// TestMessages checks that every text has both languages.
func TestMessages(t *testing.T) {
	for key, m := range catalogue {
		if m.sv == "" || m.en == "" {
			t.Errorf("message %q lacks a language: %+v", key, m)
		}
	}
}
