package analysis

import "github.com/google/uuid"

// SteeringTable lays out a steering map's lines for CSV and XLSX: the lines
// into the post, then the lines out of it, each group by channel in the
// order of Channels, with the codes of kind and basis as the exchange
// formats write them.
func SteeringTable(m *SteeringMap) Table {
	t := Table{Columns: []string{"direction", "channel", "kind", "basis", "from_type", "from_id", "from", "to_type", "to_id", "to",
		"document_id", "document", "valid_from", "valid_to"}, Types: map[string]ColumnType{"valid_from": DateColumn, "valid_to": DateColumn}}
	for _, dir := range []struct {
		name  string
		lines map[string][]MapLine
	}{{"in", m.Incoming}, {"out", m.Outgoing}} {
		for _, ch := range Channels {
			for _, l := range dir.lines[ch] {
				t.Rows = append(t.Rows, []string{dir.name, ch, l.Kind, l.Basis, l.From.Type, l.From.ID.String(), l.From.Name,
					l.To.Type, l.To.ID.String(), l.To.Name, idText(l.DocumentID), textOf(l.Document), l.Period.From.String(), dateText(l.Period.To)})
			}
		}
	}
	return t
}

func idText(id *uuid.UUID) string {
	if id == nil {
		return ""
	}
	return id.String()
}

func textOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
