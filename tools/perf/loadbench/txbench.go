package loadbench

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// TxReport compares audited ownership transactions with plain single-row
// inserts on SQLite with the same durability settings (WAL, synchronous
// FULL: every commit reaches the disk).
type TxReport struct {
	Count                  int
	TransactionsPerSecond  float64
	PlainInsertsPerSecond  float64
	TransactionEventsEach  float64
	TransactionElapsed     time.Duration
	PlainInsertElapsedTime time.Duration
}

// MeasureTransactions books count acquisitions through the registry and
// makes count plain inserts, in alternating rounds so that both meet the
// same disk, one at a time as a clerk would.
func MeasureTransactions(ctx context.Context, work string, count int) (TxReport, error) {
	ctx = viewer.System(ctx)
	rep := TxReport{Count: count}
	reg, err := registry.OpenMigrated(ctx, filepath.Join(work, "ledger.db"))
	if err != nil {
		return rep, err
	}
	defer reg.DB().Close()
	plain, err := registry.Open(ctx, filepath.Join(work, "plain.db"))
	if err != nil {
		return rep, err
	}
	defer plain.Close()
	if _, err := plain.SQL.ExecContext(ctx, `CREATE TABLE plain (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		return rep, err
	}
	book, err := ledger(ctx, reg)
	if err != nil {
		return rep, err
	}
	before, err := reg.VerifyAudit(ctx)
	if err != nil {
		return rep, err
	}
	const rounds = 5
	for round := 0; round < rounds; round++ {
		n := count / rounds
		began := time.Now()
		for i := 0; i < n; i++ {
			if err := book(); err != nil {
				return rep, err
			}
		}
		rep.TransactionElapsed += time.Since(began)
		began = time.Now()
		for i := 0; i < n; i++ {
			if err := insertOne(ctx, plain, i); err != nil {
				return rep, err
			}
		}
		rep.PlainInsertElapsedTime += time.Since(began)
	}
	after, err := reg.VerifyAudit(ctx)
	if err != nil {
		return rep, err
	}
	if !after.OK {
		return rep, fmt.Errorf("the audit chain does not verify after the run: %+v", after)
	}
	done := float64(count / rounds * rounds)
	rep.TransactionsPerSecond = done / rep.TransactionElapsed.Seconds()
	rep.PlainInsertsPerSecond = done / rep.PlainInsertElapsedTime.Seconds()
	rep.TransactionEventsEach = float64(after.Count-before.Count) / done
	return rep, nil
}

// ledger makes a municipality and a company and returns a function that
// books one acquisition of a share by the municipality: each one reads
// the parties and the stakes, rewrites the stake, appends the ledger entry
// and its audit events, in one transaction.
func ledger(ctx context.Context, reg *registry.Registry) (func() error, error) {
	from := koncern.Period{From: koncern.MustDate("2003-01-01")}
	muni, err := reg.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "municipality", Name: "Bänkkommun", Period: from})
	if err != nil {
		return nil, err
	}
	total := int64(1_000_000_000)
	company, err := reg.CreateOrganization(ctx, koncern.OrganizationInput{Kind: "company", Name: "Bänkbolaget AB", ParentID: &muni.ID,
		TotalShares: &total, TotalVotes: &total, Period: from})
	if err != nil {
		return nil, err
	}
	in := koncern.TransactionInput{Type: "acquisition", CompanyID: company.ID, BuyerID: &muni.ID, Shares: 1, Votes: 1,
		EffectiveDate: koncern.MustDate("2024-01-01")}
	return func() error {
		_, err := reg.RecordTransaction(ctx, in)
		return err
	}, nil
}

func insertOne(ctx context.Context, db *registry.DB, i int) error {
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO plain (v) VALUES (?)`, fmt.Sprintf("row %d", i)); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
