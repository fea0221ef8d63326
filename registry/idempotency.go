package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/idempotencykey"
)

// Idempotent is a remembered POST: the request it answered and, once the
// request has finished, the answer. Status 0 means it is still running.
type Idempotent struct {
	Request     string
	RequestHash string
	Status      int
	Body        string
	Headers     string
}

// LookupIdempotencyKey returns what is remembered under key, or nil.
func (r *Registry) LookupIdempotencyKey(ctx context.Context, key string) (*Idempotent, error) {
	row, err := r.db.Client.IdempotencyKey.Query().Where(idempotencykey.Key(scopedKey(ctx, key))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return &Idempotent{Request: row.Request, RequestHash: row.RequestHash, Status: row.Status, Body: row.Body, Headers: row.Headers}, nil
}

// ReserveIdempotencyKey claims key for a request before it runs. The
// unique index decides between concurrent claimants; the loser gets false.
func (r *Registry) ReserveIdempotencyKey(ctx context.Context, key, request, hash string) (bool, error) {
	err := r.db.Client.IdempotencyKey.Create().SetKey(scopedKey(ctx, key)).SetRequest(request).SetRequestHash(hash).
		SetCreatedAt(r.Now()).Exec(ctx)
	if ent.IsConstraintError(err) {
		return false, nil
	}
	return err == nil, err
}

// CompleteIdempotencyKey stores the answer of the request that holds key.
func (r *Registry) CompleteIdempotencyKey(ctx context.Context, key string, status int, body, headers string) error {
	return r.db.Client.IdempotencyKey.Update().Where(idempotencykey.Key(scopedKey(ctx, key)), idempotencykey.Status(0)).
		SetStatus(status).SetBody(body).SetHeaders(headers).Exec(ctx)
}

// ReleaseIdempotencyKey forgets a reservation whose request failed, so
// that the client may retry with the same key.
func (r *Registry) ReleaseIdempotencyKey(ctx context.Context, key string) error {
	_, err := r.db.Client.IdempotencyKey.Delete().Where(idempotencykey.Key(scopedKey(ctx, key)), idempotencykey.Status(0)).Exec(ctx)
	return err
}

// scopedKey is the key as stored: a hash of the caller's name and the key
// the client sent, so that one caller's key never replays, or reveals,
// another caller's answer, and every stored key has one length.
func scopedKey(ctx context.Context, key string) string {
	h := sha256.Sum256([]byte(actorOf(ctx).Name + "\n" + key))
	return hex.EncodeToString(h[:])
}
