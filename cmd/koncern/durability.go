package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// backup runs "backup FILE": a consistent copy of a SQLite database, safe
// to take while koncern serve is writing to it.
func backup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", defaultDB(), "SQLite file path")
	// The file may come before or after --db, as with import.
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError("backup: name the file to write")
	}
	path := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("backup: unexpected argument %q", fs.Arg(0))
	}
	if registry.IsPostgres(*dsn) {
		return registry.ErrBackupPostgres
	}
	// Opening a missing SQLite file would create an empty database and
	// back that up; a mistyped --db must fail instead.
	if _, err := os.Stat(sqlitePath(*dsn)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	db, err := registry.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, path); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *dsn, path)
	return nil
}

// sqlitePath is the file a SQLite --db names, without the file: prefix or
// query parameters that registry.Open also accepts.
func sqlitePath(dsn string) string {
	path, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	return path
}

// check runs PRAGMA integrity_check, verifies the audit chain and then
// reconciles every record with its newest audit event: the questions to
// ask of a database after a crash, a restore, or a suspicion that someone
// wrote to it past the registry.
func check(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parse("check", args, stderr, false)
	if err != nil {
		return err
	}
	db, err := registry.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer db.Close()
	// Integrity first, before migrating touches the file.
	if err := db.IntegrityCheck(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "integrity ok")
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	v, err := koncern.NewValidator()
	if err != nil {
		return err
	}
	r := registry.New(db, v)
	if err := verifyChain(ctx, r, stdout); err != nil {
		return err
	}
	return reconcile(ctx, r, stdout)
}

// reconcile prints every record the audit trail does not account for and
// fails (exit code 1) when there is one.
func reconcile(ctx context.Context, r *registry.Registry, stdout io.Writer) error {
	found := 0
	checked, err := r.Reconcile(ctx, func(d registry.Discrepancy) {
		found++
		fmt.Fprintln(stdout, d)
	})
	if err != nil {
		return err
	}
	if found > 0 {
		return fmt.Errorf("reconciliation: %d discrepancies between the registry's %d records and the audit trail", found, checked)
	}
	fmt.Fprintf(stdout, "reconciliation ok: %d records match the audit trail\n", checked)
	return nil
}
