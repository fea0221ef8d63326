package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// session runs "session end NAME": the administrator's way to sign a
// person out of the web application everywhere, where revoking a token
// does not reach (a person signed in with the identity provider and
// disabled there).
func session(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "end" {
		return fmt.Errorf("session: want the subcommand end\n%s", usage)
	}
	fs := flag.NewFlagSet("session end", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", defaultDB(), "SQLite file path or postgres:// URL")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	// Flags may follow the name too: koncern session end NAME --db F.
	if fs.NArg() == 0 {
		return fmt.Errorf("session end: name the caller whose sessions to end, e.g. oidc:anna.andersson@kommun.example")
	}
	name := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("session end: unexpected argument %q; end one caller's sessions at a time", fs.Arg(0))
	}
	connect := func() (*registry.Registry, error) { return open(ctx, *db) }
	return withRegistry(connect, func(r *registry.Registry) error {
		n, err := r.EndSessionsOf(viewer.System(ctx), name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "ended %d session(s) of %s\n", n, name)
		return nil
	})
}
