package synthetic

import (
	"reflect"
	"testing"
)

func mustNational(t *testing.T, scale float64, seed uint64) Dataset {
	t.Helper()
	d, err := National(scale, seed)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRegistryRules generates scale 0.02 (six municipalities) and checks
// every rule the registry would enforce on the way in.
func TestRegistryRules(t *testing.T) {
	d := mustNational(t, 0.02, 1)
	if n := len(d.Municipalities); n != 6 {
		t.Fatalf("%d municipalities at scale 0.02, want 6", n)
	}
	checkRegistryRules(t, d.Bulk)
}

// TestPlanted recounts every planted rule from the records at a scale with
// some cases of each (seed 6 plants every rule but the two rare ones).
func TestPlanted(t *testing.T) {
	d := mustNational(t, 0.1, 6)
	comparePlanted(t, d)
	t.Logf("planted at scale 0.1: %v", d.Planted.Counts)
	for _, rule := range Rules {
		if d.Planted.Counts[rule] == 0 && rule != BoardNotAppointedByCouncil && rule != OwnerlessCompany {
			t.Errorf("no %s case planted at scale 0.1", rule)
		}
	}
}

func TestReproducible(t *testing.T) {
	a, b := mustNational(t, 0.02, 42), mustNational(t, 0.02, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different datasets")
	}
	c := mustNational(t, 0.02, 43)
	if reflect.DeepEqual(a.Organizations, c.Organizations) || a.Organizations[0].ID == c.Organizations[0].ID {
		t.Fatal("another seed gave the same organisations")
	}
	t.Run("IDsSortInGenerationOrder", func(t *testing.T) {
		for i := 1; i < len(a.People); i++ {
			if a.People[i-1].ID.String() >= a.People[i].ID.String() {
				t.Fatalf("person %d's id %s does not sort after %s", i, a.People[i].ID, a.People[i-1].ID)
			}
		}
	})
}

// TestLinear checks that a municipality comes out the same at every
// scale, so that the data grows linearly with the scale: the first three
// municipalities of scale 0.02 are those of scale 0.01, ids and all (both
// have the minimum of three private co-owners, which come first).
func TestLinear(t *testing.T) {
	small, large := mustNational(t, 0.01, 5), mustNational(t, 0.02, 5)
	if 2*len(small.Municipalities) != len(large.Municipalities) {
		t.Fatalf("%d and %d municipalities", len(small.Municipalities), len(large.Municipalities))
	}
	n := len(small.Organizations)
	if !reflect.DeepEqual(small.Organizations, large.Organizations[:n]) {
		t.Fatal("the first municipalities differ between scales")
	}
}

func TestScaleOne(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the national dataset")
	}
	d := mustNational(t, 1, 1)
	b := d.Bulk
	companies := 0
	for _, o := range b.Organizations {
		if o.Kind == "company" && o.ParentID != nil {
			companies++
		}
	}
	political := map[[16]byte]bool{}
	for _, p := range b.Posts {
		if p.Political {
			political[p.ID] = true
		}
	}
	assignments := 0
	for _, a := range b.Assignments {
		if political[a.PostID] {
			assignments++
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"municipalities", len(d.Municipalities), 290},
		{"municipal companies", companies, 1840},
		{"organisations", len(b.Organizations), 20_000},
		{"people", len(b.People), 36_000},
		{"political assignments", assignments, 60_000},
	} {
		if c.got < c.want*85/100 || c.got > c.want*115/100 {
			t.Errorf("%d %s, want %d ± 15 %%", c.got, c.what, c.want)
		}
	}
	t.Logf("records %d: organisations %d, people %d, posts %d, assignments %d (political %d), stakes %d, lines %d, documents %d",
		b.Len(), len(b.Organizations), len(b.People), len(b.Posts), len(b.Assignments), assignments, len(b.Stakes), len(b.SteeringLines), len(b.Documents))
	t.Logf("planted %v", d.Planted.Counts)
	checkRegistryRules(t, b)
}
