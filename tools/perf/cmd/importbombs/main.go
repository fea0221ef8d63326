// Command importbombs writes the files scripts/import-bombs.sh sends to
// POST /api/v1/import: each small enough for the import's body limit and
// built to take far more memory or time than its size to read (issue 12).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/koncernregistret/koncern/importer/importertest"
)

// bodyLimit is the import's body limit (handlers.ImportBodyLimit), less a
// little for the header lines.
const bodyLimit = 20<<20 - 64

func main() {
	dir := flag.String("dir", ".", "where to write the files")
	flag.Parse()
	if err := write(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "importbombs:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	far, err := importertest.FarColumnWorkbook(3000)
	if err != nil {
		return err
	}
	farMore, err := importertest.FarColumnWorkbook(300_000)
	if err != nil {
		return err
	}
	unpacking, err := importertest.UnpackingWorkbook(1 << 30)
	if err != nil {
		return err
	}
	full, err := importertest.FullWorkbook(200_000)
	if err != nil {
		return err
	}
	var rows bytes.Buffer
	rows.WriteString("name,valid_from\n")
	for i := 0; rows.Len() < bodyLimit-32; i++ {
		fmt.Fprintf(&rows, "P%07d,2004-01-01\n", i)
	}
	files := map[string][]byte{
		// The two files of issue 12 §2.
		"far-column.xlsx":      far,
		"blank-lines.csv":      importertest.BlankLinesCSV(20<<20 - 32),
		"far-column-300k.xlsx": farMore,
		// A zip that unpacks to a gigabyte of empty rows, and every sheet
		// with 200 000 rows of numbers in every column.
		"unpacking.xlsx": unpacking,
		"full.xlsx":      full,
		// One record of ten million fields, one field of 20 MiB, and a
		// million people.
		"wide.csv":       []byte("name,valid_from\n" + strings.Repeat(",", bodyLimit-16) + "\n"),
		"long-field.csv": []byte("name,valid_from\n" + strings.Repeat("x", bodyLimit-30) + ",2004-01-01\n"),
		"many-rows.csv":  rows.Bytes(),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
