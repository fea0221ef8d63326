package registrytest

import (
	"sync"
	"time"
)

// Clock is a registry clock that moves only when told to, so that the
// moments between the phases of a test are exact. It starts a minute ahead
// of the wall clock, which stamps created_at, so that every row written
// during the test has its created_at before the clock's first moment.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock a minute ahead of the wall clock, in whole
// seconds.
func NewClock() *Clock {
	return &Clock{t: time.Now().UTC().Add(time.Minute).Truncate(time.Second)}
}

// Now is the clock's moment; set Registry.Now to it.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Tick moves the clock a second on.
func (c *Clock) Tick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
}
