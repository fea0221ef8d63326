package importer_test

import (
	"os"
	"testing"
)

func TestZZProfile(t *testing.T) {
	data, err := os.ReadFile(os.Getenv("ZZ_FILE"))
	if err != nil {
		t.Skip()
	}
	_, ps := importXLSX(t, newImporter(t), data, true)
	t.Logf("%d problems", len(ps))
}
