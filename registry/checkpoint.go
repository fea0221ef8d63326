package registry

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
)

// Checkpoint is a signed statement that the audit chain had reached seq
// with hash at time, in the manner of Certificate Transparency's signed
// tree heads. The signing key lives outside the database, so someone who
// can write the database can rewrite the chain's hashes, but cannot make
// the rewritten chain extend a checkpoint an auditor kept.
//
// Its JSON form is stable: seq, hash (hex, as the event's), time (UTC,
// RFC 3339, whole seconds: when the checkpoint was signed), public_key
// (the raw 32-byte Ed25519 key, standard base64) and signature (the raw
// 64-byte Ed25519 signature, standard base64) over the bytes of
// SignedText.
type Checkpoint struct {
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	Time      time.Time `json:"time"`
	PublicKey string    `json:"public_key"`
	Signature string    `json:"signature"`
}

// checkpointHeader names the format of the signed text, so that a
// signature over it can never be taken for a signature over anything else.
const checkpointHeader = "koncern audit checkpoint v1"

// SignedText is what a checkpoint's signature covers: four lines, each
// ended by a newline: "koncern audit checkpoint v1", the seq in decimal,
// the hash in lower-case hex, and the time in UTC as RFC 3339 with whole
// seconds (2026-12-07T16:53:28Z).
func (c Checkpoint) SignedText() []byte {
	return fmt.Appendf(nil, "%s\n%d\n%s\n%s\n", checkpointHeader, c.Seq, c.Hash, c.Time.UTC().Format(time.RFC3339))
}

// ErrNoCheckpointKey is the answer to a checkpoint asked of a registry
// that was given no signing key.
var ErrNoCheckpointKey = koncern.Errorf(koncern.ENOTFOUND,
	"this server signs no checkpoints: it was started without a checkpoint key (--checkpoint-key or KONCERN_CHECKPOINT_KEY)")

// SignCheckpoint signs the head of the chain with key. The caller must be
// allowed to read the audit trail; a nil key is ErrNoCheckpointKey.
func (r *Registry) SignCheckpoint(ctx context.Context, key ed25519.PrivateKey) (Checkpoint, error) {
	seq, hash, err := chainEnd(ctx, r.client())
	if err != nil {
		return Checkpoint{}, err
	}
	if key == nil {
		return Checkpoint{}, ErrNoCheckpointKey
	}
	c := Checkpoint{Seq: seq, Hash: hash, Time: r.Now().UTC().Truncate(time.Second),
		PublicKey: PublicKeyText(key.Public().(ed25519.PublicKey))}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, c.SignedText()))
	return c, nil
}

// PublicKeyText is a public key as a checkpoint names it.
func PublicKeyText(pub ed25519.PublicKey) string {
	return base64.StdEncoding.EncodeToString(pub)
}

// check refuses a checkpoint that is malformed or whose signature does not
// verify with the key it names, naming the field at fault.
func (c Checkpoint) check() error {
	if c.Seq < 0 {
		return koncern.Invalid("seq", "must be 0 or more")
	}
	if b, err := hex.DecodeString(c.Hash); err != nil || len(b) != 32 || hex.EncodeToString(b) != c.Hash {
		return koncern.Invalid("hash", "must be 64 lower-case hex digits, the hash of the event at seq")
	}
	if !c.Time.Equal(c.Time.Truncate(time.Second)) || c.Time.Location() != time.UTC {
		return koncern.Invalid("time", "must be UTC in whole seconds, as signed (2026-12-07T16:53:28Z)")
	}
	pub, ok := canonicalBase64(c.PublicKey, ed25519.PublicKeySize)
	if !ok {
		return koncern.Invalid("public_key", "must be a 32-byte Ed25519 public key in standard base64")
	}
	sig, ok := canonicalBase64(c.Signature, ed25519.SignatureSize)
	if !ok {
		return koncern.Invalid("signature", "must be a 64-byte Ed25519 signature in standard base64")
	}
	if !ed25519.Verify(pub, c.SignedText(), sig) {
		return koncern.Invalid("signature", "does not verify with public_key: the checkpoint was changed after it was signed, or another key signed it")
	}
	return nil
}

// canonicalBase64 decodes s, n bytes in standard base64 written the one
// way the registry writes them. Go's decoder also takes line breaks and
// set padding bits, which would give one key or signature many texts, and
// a key compared by its text with the published one could then differ
// from it and still be it.
func canonicalBase64(s string, n int) ([]byte, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil && len(b) == n && base64.StdEncoding.EncodeToString(b) == s
}

// VerifyAuditAgainst walks the whole chain as VerifyAudit does and also
// checks that it still extends the checkpoint cp: the event at cp's seq
// still has cp's hash (which fails when any event at or before it was
// changed and the hashes recomputed) and the chain reaches cp's seq (which
// fails when the newest events were cut off). A checkpoint that is
// malformed or whose signature does not verify is EINVALID naming the
// field. Whether cp's key is the registry's own is the caller's to judge.
func (r *Registry) VerifyAuditAgainst(ctx context.Context, cp Checkpoint) (AuditCheck, error) {
	// The chain's end is read first so that a caller who may not read the
	// trail is refused before its checkpoint is judged.
	if _, _, err := chainEnd(ctx, r.client()); err != nil {
		return AuditCheck{}, err
	}
	if err := cp.check(); err != nil {
		return AuditCheck{}, err
	}
	if cp.Seq == 0 && cp.Hash != genesisHash {
		return AuditCheck{}, koncern.Invalid("hash", "must be 64 zeros at seq 0, the empty chain")
	}
	return r.walkChain(ctx, &cp)
}

// extends checks the event e, which verified, against the checkpoint.
func (cp *Checkpoint) extends(e *ent.AuditEvent) *BrokenLink {
	if cp == nil || e.Seq != cp.Seq || e.Hash == cp.Hash {
		return nil
	}
	return &BrokenLink{Seq: e.Seq, Problem: fmt.Sprintf(
		"the event's hash is not the checkpoint's of %s: the chain was rewritten at or before this seq", cp.Time.UTC().Format(time.RFC3339))}
}

// reaches checks that a chain of count events reaches the checkpoint.
func (cp *Checkpoint) reaches(count int64) *BrokenLink {
	if cp == nil || count >= cp.Seq {
		return nil
	}
	return &BrokenLink{Seq: count + 1, Problem: fmt.Sprintf(
		"the chain ends at seq %d, below the checkpoint's seq %d: events were removed", count, cp.Seq)}
}

// GenerateCheckpointKey writes a new Ed25519 private key to path, readable
// by its owner only, and returns its public key. It refuses to overwrite a
// file, since losing a key leaves the checkpoints it signed unverifiable
// against the registry's published key.
func GenerateCheckpointKey(path string) (ed25519.PublicKey, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		f.Close()
		return nil, err
	}
	return pub, f.Close()
}

// ReadCheckpointKey reads the private key that GenerateCheckpointKey
// wrote (PKCS #8 in PEM, as openssl genpkey -algorithm ed25519 writes it
// too). Like ssh, it refuses a key file that others may read.
func ReadCheckpointKey(path string) (ed25519.PrivateKey, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint key: %w", err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("checkpoint key %s: others may read it (mode %04o); chmod 600 it", path, info.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint key: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("checkpoint key %s: not a PEM PRIVATE KEY", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("checkpoint key %s: %w", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("checkpoint key " + path + ": not an Ed25519 key")
	}
	return key, nil
}
