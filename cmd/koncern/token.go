package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// token runs "token create|list|revoke": the administrator's way to hand
// out and withdraw API tokens where no token exists yet to call the API
// with. Each change is in the audit trail, made by "system".
func token(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("token: want a subcommand: create, list or revoke\n%s", usage)
	}
	fs := flag.NewFlagSet("token "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", defaultDB(), "SQLite file path or postgres:// URL")
	var in koncern.TokenInput
	var expires string
	if args[0] == "create" {
		fs.StringVar(&in.Name, "name", "", "the token's name, unique; the audit trail records it as the actor")
		fs.StringVar(&in.Role, "role", "", "one of: "+strings.Join(koncern.AccessRoles, ", "))
		fs.StringVar(&expires, "expires", "", "when the token stops working: RFC 3339 time, or a duration such as 720h")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	connect := func() (*registry.Registry, error) { return open(ctx, *db) }
	switch args[0] {
	case "create":
		if fs.NArg() > 0 {
			return fmt.Errorf("token create: unexpected argument %q", fs.Arg(0))
		}
		at, err := expiry(expires, time.Now())
		if err != nil {
			return err
		}
		in.ExpiresAt = at
		return withRegistry(connect, func(r *registry.Registry) error { return createToken(ctx, r, in, stdout) })
	case "list":
		return withRegistry(connect, func(r *registry.Registry) error { return listTokens(ctx, r, stdout) })
	case "revoke":
		// Flags may follow the name too: koncern token revoke NAME --db F.
		if fs.NArg() == 0 {
			return errors.New("token revoke: name the token to revoke")
		}
		name := fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return fmt.Errorf("token revoke: unexpected argument %q; revoke one token at a time", fs.Arg(0))
		}
		return withRegistry(connect, func(r *registry.Registry) error { return revokeToken(ctx, r, name, stdout) })
	}
	return fmt.Errorf("token: unknown subcommand %q; want create, list or revoke", args[0])
}

func withRegistry(connect func() (*registry.Registry, error), fn func(r *registry.Registry) error) error {
	r, err := connect()
	if err != nil {
		return err
	}
	defer r.DB().Close()
	return cliError(fn(r))
}

// cliError shows a domain error by its message, as the API would.
func cliError(err error) error {
	if err == nil || koncern.ErrorCode(err) == koncern.EINTERNAL {
		return err
	}
	return errors.New(koncern.ErrorMessage(err))
}

// expiry reads --expires: empty for never, an RFC 3339 time, or a duration
// from now.
func expiry(s string, now time.Time) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &t, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return nil, fmt.Errorf("token create: --expires %q is neither an RFC 3339 time nor a positive duration such as 720h", s)
	}
	t := now.Add(d)
	return &t, nil
}

func createToken(ctx context.Context, r *registry.Registry, in koncern.TokenInput, stdout io.Writer) error {
	out, err := r.CreateToken(ctx, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "token %s (%s) created; it is shown this once, keep it safe:\n%s\n", out.Name, out.Role, out.Secret)
	return nil
}

func listTokens(ctx context.Context, r *registry.Registry, stdout io.Writer) error {
	items, err := r.ListTokens(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tPREFIX\tCREATED\tEXPIRES\tREVOKED")
	for _, t := range items {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", t.Name, t.Role, t.Prefix, t.CreatedAt.Format(time.RFC3339), timeOrDash(t.ExpiresAt), timeOrDash(t.RevokedAt))
	}
	return w.Flush()
}

func timeOrDash(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}

func revokeToken(ctx context.Context, r *registry.Registry, name string, stdout io.Writer) error {
	id, err := r.TokenID(ctx, name)
	if err != nil {
		return err
	}
	if _, err := r.RevokeToken(ctx, id, 0); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "token %s revoked\n", name)
	return nil
}
