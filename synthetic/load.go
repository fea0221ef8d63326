package synthetic

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/koncernregistret/koncern/registry"
)

// Summary reports what Load generated and stored, and how long each took.
type Summary struct {
	Scale          float64        `json:"scale"`
	Seed           uint64         `json:"seed"`
	Municipalities int            `json:"municipalities"`
	Organizations  int            `json:"organizations"`
	People         int            `json:"people"`
	Posts          int            `json:"posts"`
	Assignments    int            `json:"assignments"`
	Stakes         int            `json:"stakes"`
	SteeringLines  int            `json:"steering_lines"`
	Documents      int            `json:"documents"`
	Planted        map[string]int `json:"planted"`
	Generate       time.Duration  `json:"generate_ns"`
	Load           time.Duration  `json:"load_ns"`
}

// Load generates the national dataset at scale from seed and bulk-loads
// it into r, which must be empty (ECONFLICT otherwise).
func Load(ctx context.Context, r *registry.Registry, scale float64, seed uint64) (Summary, error) {
	start := time.Now()
	d, err := National(scale, seed)
	if err != nil {
		return Summary{}, err
	}
	s := Summarize(d)
	s.Scale, s.Seed, s.Generate = scale, seed, time.Since(start)
	start = time.Now()
	if err := r.BulkLoad(ctx, d.Bulk); err != nil {
		return Summary{}, err
	}
	s.Load = time.Since(start)
	return s, nil
}

// Summarize counts the records of d.
func Summarize(d Dataset) Summary {
	return Summary{
		Municipalities: len(d.Municipalities), Organizations: len(d.Organizations), People: len(d.People),
		Posts: len(d.Posts), Assignments: len(d.Assignments), Stakes: len(d.Stakes),
		SteeringLines: len(d.SteeringLines), Documents: len(d.Documents), Planted: d.Planted.Counts,
	}
}

// String is the summary as the command line prints it.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "scale %g, seed %d: %d municipalities, %d organisations, %d people, %d posts, %d assignments, %d stakes, %d steering lines, %d documents",
		s.Scale, s.Seed, s.Municipalities, s.Organizations, s.People, s.Posts, s.Assignments, s.Stakes, s.SteeringLines, s.Documents)
	fmt.Fprintf(&b, "; generated in %v, loaded in %v\nplanted findings:", s.Generate.Round(time.Millisecond), s.Load.Round(time.Millisecond))
	for _, rule := range Rules {
		fmt.Fprintf(&b, " %s=%d", rule, s.Planted[rule])
	}
	return b.String()
}
