package synthetic

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// idBase is the fixed creation time of the first record. The ids are
// UUIDv7 whose timestamps count milliseconds from here, one per record, so
// the same seed gives the same ids and ordering by id is ordering by
// generation; records created later through the API sort after them.
var idBase = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// idSource hands out reproducible version 7 UUIDs. It draws its random bits
// from a stream of its own, so adding a record changes the ids that follow
// it but none of the generator's other choices.
type idSource struct {
	rng *rand.Rand
	seq int64
}

func newIDSource(seed uint64) *idSource {
	return &idSource{rng: rand.New(rand.NewPCG(seed, 0x1d5))}
}

// next returns the next id and the metadata of a record that carries it.
func (s *idSource) next() koncern.Meta {
	at := idBase.Add(time.Duration(s.seq) * time.Millisecond)
	s.seq++
	var id uuid.UUID
	ms := uint64(at.UnixMilli())
	binary.BigEndian.PutUint16(id[0:2], uint16(ms>>32))
	binary.BigEndian.PutUint32(id[2:6], uint32(ms))
	binary.BigEndian.PutUint64(id[8:16], s.rng.Uint64())
	randA := s.rng.Uint32()
	id[6] = 0x70 | byte(randA>>8)&0x0f // version 7
	id[7] = byte(randA)
	id[8] = 0x80 | id[8]&0x3f // RFC 9562 variant
	return koncern.Meta{ID: id, Version: 1, CreatedAt: at, UpdatedAt: at}
}

// orgNumbers hands out organisationsnummer from series that cannot meet:
// 2120NN-NNNC for municipalities (the real ones begin 212000-), 556NNN-NNNC
// for municipal companies and 559NNN-NNNC for private ones, each with its
// Luhn check digit. None is any real body's number by design.
type orgNumbers struct{ municipal, company, private int }

func (n *orgNumbers) municipality() *string {
	n.municipal++
	return orgNumber("2120", n.municipal)
}

func (n *orgNumbers) municipalCompany() *string {
	n.company++
	return orgNumber("556", n.company)
}

func (n *orgNumbers) privateCompany() *string {
	n.private++
	return orgNumber("559", n.private)
}

// orgNumber completes prefix and serial to nine digits and appends the
// check digit.
func orgNumber(prefix string, serial int) *string {
	s := koncern.CompleteOrgNumber(fmt.Sprintf("%s%0*d", prefix, 9-len(prefix), serial))
	return &s
}
