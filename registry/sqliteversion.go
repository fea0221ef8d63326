package registry

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"
)

// On SQLite the version query was a fifth of a cached answer's CPU: the
// query itself, and database/sql's pool and scanning around it. SQLite
// counts the commits of other connections for each connection
// (PRAGMA data_version), so a connection of its own that never writes
// learns of every commit, by this process's pool or by any other process
// on the file, from a pragma that reads the WAL index and nothing else.
// The version is read again only when that count moved.

// sqliteVersions reads the version on a connection of its own, outside
// the pool.
type sqliteVersions struct {
	connector driver.Connector

	mu          sync.Mutex
	closed      bool
	conn        driver.Conn
	known       bool  // dataVersion and seq hold what was read last
	dataVersion int64 // PRAGMA data_version when seq was read
	seq         int64
}

func (s *sqliteVersions) load(ctx context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, errors.New("read the version: the database is closed")
	}
	if s.conn == nil {
		conn, err := s.connector.Connect(ctx)
		if err != nil {
			return 0, err
		}
		s.conn, s.known = conn, false
	}
	// The count is read before the seq: a commit between the two is in the
	// seq, and moves the count for the next call, which reads it again.
	dv, err := queryInt(ctx, s.conn, `PRAGMA data_version`)
	if err == nil && s.known && dv == s.dataVersion {
		return s.seq, nil
	}
	var seq int64
	if err == nil {
		seq, err = queryInt(ctx, s.conn, versionQuery)
	}
	if err != nil {
		// The connection is not to be trusted after a failure; the next
		// call opens another.
		s.conn.Close()
		s.conn = nil
		return 0, err
	}
	s.known, s.dataVersion, s.seq = true, dv, seq
	return seq, nil
}

// Close closes the connection, if one is open; the version is not read
// after.
func (s *sqliteVersions) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.conn == nil {
		return nil
	}
	err := s.conn.Close()
	s.conn = nil
	return err
}

// queryInt runs q, which answers one integer, on a driver connection.
func queryInt(ctx context.Context, conn driver.Conn, q string) (int64, error) {
	rows, err := conn.(driver.QueryerContext).QueryContext(ctx, q, nil)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	dest := make([]driver.Value, 1)
	if err := rows.Next(dest); err != nil {
		if errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("%s: no row", q)
		}
		return 0, err
	}
	v, ok := dest[0].(int64)
	if !ok {
		return 0, fmt.Errorf("%s: %T, want an integer", q, dest[0])
	}
	return v, nil
}
