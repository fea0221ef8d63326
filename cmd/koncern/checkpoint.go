package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/koncernregistret/koncern/registry"
)

// envCheckpointKey names the variable that gives the checkpoint key file
// when no flag does.
const envCheckpointKey = "KONCERN_CHECKPOINT_KEY"

// auditCommands are the subcommands of "audit".
var auditCommands = map[string]command{
	"verify": auditVerify, "checkpoint": auditCheckpoint, "keygen": auditKeygen,
}

// audit runs one of the audit subcommands.
func audit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		if cmd, ok := auditCommands[args[0]]; ok {
			return cmd(ctx, args[1:], stdout, stderr)
		}
	}
	return fmt.Errorf("audit: want the subcommand verify, checkpoint or keygen\n%s", usage)
}

// auditKeygen runs "audit keygen FILE": a new checkpoint key, written
// readable by its owner only, and its public key printed for the auditors.
func auditKeygen(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) != 1 {
		return usageError("audit keygen: name the one file to write the private key to")
	}
	pub, err := registry.GenerateCheckpointKey(args[0])
	if err != nil {
		return fmt.Errorf("audit keygen: %w", err)
	}
	fmt.Fprintf(stdout, "wrote the private key to %s (mode 0600); keep it off the database's machine and backups\npublic key: %s\n",
		args[0], registry.PublicKeyText(pub))
	return nil
}

// auditCheckpoint runs "audit checkpoint": the chain's head, signed, as
// JSON on stdout.
func auditCheckpoint(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit checkpoint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", defaultDB(), "SQLite file path or postgres:// URL")
	keyPath := fs.String("key", os.Getenv(envCheckpointKey), "the private key file (audit keygen); default $"+envCheckpointKey)
	if err := parseAll(fs, args); err != nil {
		return err
	}
	if *keyPath == "" {
		return errors.New("audit checkpoint: name the signing key with --key FILE or $" + envCheckpointKey)
	}
	key, err := registry.ReadCheckpointKey(*keyPath)
	if err != nil {
		return err
	}
	r, err := open(ctx, *db)
	if err != nil {
		return err
	}
	defer r.DB().Close()
	cp, err := r.SignCheckpoint(ctx, key)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(cp, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", b)
	return err
}

// auditVerify runs "audit verify": the chain walk, and with --checkpoint
// also whether the chain still extends a checkpoint kept elsewhere.
func auditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", defaultDB(), "SQLite file path or postgres:// URL")
	cpPath := fs.String("checkpoint", "", "a checkpoint file (audit checkpoint) the chain must extend")
	pubKey := fs.String("public-key", "", "the registry's public key (audit keygen); the checkpoint must name it")
	if err := parseAll(fs, args); err != nil {
		return err
	}
	var cp *registry.Checkpoint
	if *cpPath != "" {
		c, err := readCheckpoint(*cpPath, *pubKey)
		if err != nil {
			return err
		}
		cp = &c
	} else if *pubKey != "" {
		return errors.New("audit verify: --public-key checks a checkpoint; name it with --checkpoint FILE")
	}
	r, err := open(ctx, *db)
	if err != nil {
		return err
	}
	defer r.DB().Close()
	return verifyChainAgainst(ctx, r, cp, stdout)
}

// readCheckpoint reads a checkpoint file, refusing one not signed by
// pubKey when that is given.
func readCheckpoint(path, pubKey string) (registry.Checkpoint, error) {
	var cp registry.Checkpoint
	b, err := os.ReadFile(path)
	if err != nil {
		return cp, fmt.Errorf("audit verify: %w", err)
	}
	if err := json.Unmarshal(b, &cp); err != nil {
		return cp, fmt.Errorf("audit verify: %s is not a checkpoint: %w", path, err)
	}
	if pubKey != "" && cp.PublicKey != pubKey {
		return cp, fmt.Errorf("audit verify: %s names the key %s, not %s", path, cp.PublicKey, pubKey)
	}
	return cp, nil
}

// verifyChainAgainst walks the chain, and checks it against cp unless
// that is nil; it fails (exit code 1) naming the first broken link.
func verifyChainAgainst(ctx context.Context, r *registry.Registry, cp *registry.Checkpoint, stdout io.Writer) error {
	var res registry.AuditCheck
	var err error
	extends := ""
	if cp == nil {
		res, err = r.VerifyAudit(ctx)
	} else {
		res, err = r.VerifyAuditAgainst(ctx, *cp)
		if err != nil {
			err = fmt.Errorf("audit verify: checkpoint: %w", err)
		}
		extends = fmt.Sprintf("; extends the checkpoint at seq %d", cp.Seq)
	}
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("audit chain broken at seq %d: %s (%d events verified before it)", res.Broken.Seq, res.Broken.Problem, res.Count)
	}
	fmt.Fprintf(stdout, "audit chain ok: %d events%s\n", res.Count, extends)
	return nil
}

// parseAll parses flags and refuses arguments left over.
func parseAll(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}
