package registry

import (
	"context"
	"fmt"

	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/auditevent"
)

// AuditCheck is the outcome of walking the chain: ok with the number of
// events, or the first broken link.
type AuditCheck struct {
	OK     bool        `json:"ok"`
	Count  int64       `json:"count"`
	Broken *BrokenLink `json:"broken,omitempty"`
}

// BrokenLink names the seq at which the chain first fails and why.
type BrokenLink struct {
	Seq     int64  `json:"seq"`
	Problem string `json:"problem"`
}

// verifyChunk is how many events the walk reads at a time, so that a long
// trail is checked in bounded memory.
const verifyChunk = 1000

// VerifyAudit walks the trail in seq order and checks that the seqs run
// 1, 2, 3… without gaps, that each event names its predecessor's hash, and
// that each event's hash matches its content. An edited event fails its
// hash, a deleted one leaves a gap, and swapped seqs break both the hash
// (seq is hashed) and the link. Truncating the newest events leaves a
// valid shorter chain, and so does an edit whose hashes were recomputed;
// only a checkpoint kept elsewhere can show those (VerifyAuditAgainst).
func (r *Registry) VerifyAudit(ctx context.Context) (AuditCheck, error) {
	return r.walkChain(ctx, nil)
}

// walkChain is VerifyAudit, also checking the chain against cp unless it
// is nil.
func (r *Registry) walkChain(ctx context.Context, cp *Checkpoint) (AuditCheck, error) {
	var count int64
	prevHash := genesisHash
	for {
		rows, err := r.client().AuditEvent.Query().Where(auditevent.SeqGT(count)).
			Order(ent.Asc(auditevent.FieldSeq)).Limit(verifyChunk).All(ctx)
		if err != nil {
			return AuditCheck{}, err
		}
		for _, e := range rows {
			if b := checkLink(e, count+1, prevHash); b != nil {
				return AuditCheck{Count: count, Broken: b}, nil
			}
			if b := cp.extends(e); b != nil {
				return AuditCheck{Count: count, Broken: b}, nil
			}
			count, prevHash = e.Seq, e.Hash
		}
		if len(rows) < verifyChunk {
			if b := cp.reaches(count); b != nil {
				return AuditCheck{Count: count, Broken: b}, nil
			}
			return AuditCheck{OK: true, Count: count}, nil
		}
	}
}

// checkLink checks event e, expected at seq want after an event whose
// hash was prevHash.
func checkLink(e *ent.AuditEvent, want int64, prevHash string) *BrokenLink {
	switch {
	case e.Seq != want:
		return &BrokenLink{Seq: want, Problem: fmt.Sprintf("event %d is missing: the next event is %d", want, e.Seq)}
	case e.PrevHash != prevHash:
		return &BrokenLink{Seq: want, Problem: fmt.Sprintf("prev_hash does not match the hash of event %d", want-1)}
	case EventHash(e) != e.Hash:
		return &BrokenLink{Seq: want, Problem: "the content does not match its hash: the event was changed"}
	}
	return nil
}
