package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/koncernregistret/koncern"
)

// A workbook is read here rather than through excelize, whose readers pad
// every row out to its last cell and hold whole parts in memory: the sheets
// are streamed from the zip, element by element, and only the cells of the
// template's columns are kept.

// maxUnpacked bounds the XML read from a workbook's parts together:
// about twice what the national registry's workbook unpacks to. A
// variable so that a test can lower it.
var maxUnpacked int64 = 256 << 20

// Limits of the XML an import reads from a workbook's zip.
const (
	// maxToken bounds one tag, or one text between tags, which the XML
	// decoder holds whole.
	maxToken = 1 << 20
	// maxDepth bounds how deep elements nest; a sheet nests six deep.
	maxDepth = 32
	// maxCellBytes bounds the text gathered for one cell (rich text comes
	// in runs), beyond which it is longer than MaxCellLength anyway.
	maxCellBytes = 4*MaxCellLength + 4
	// maxSharedText and maxSharedStrings bound the shared-string table,
	// which is held while the sheets are read: far above the unique texts
	// of the national registry.
	maxSharedText    = 32 << 20
	maxSharedStrings = 2_000_000
)

// tooLarge is a workbook beyond a limit of what an import reads.
type tooLarge string

func (e tooLarge) Error() string { return string(e) }

// errUnpacked is a workbook beyond maxUnpacked.
func errUnpacked() error {
	return tooLarge(fmt.Sprintf("the workbook unpacks to more than %d MiB of XML, more than an import reads; split it", maxUnpacked>>20))
}

// xlsxFile is a workbook being read.
type xlsxFile struct {
	parts    map[string]*zip.File // by lower-case name
	unpacked int64
	// strings is the shared-string table as one text and the end of each
	// string in it: cells share its memory instead of copying.
	strings string
	ends    []int
	// date1904 is the date system of workbooks from older Excel for Mac,
	// whose date serials count from 1904 instead of 1900.
	date1904 bool
}

func readXLSX(r io.Reader) (*Workbook, error) {
	// Read the whole file first, so that a failing body (too large) is
	// told apart from a file that is not a workbook.
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, notWorkbook(err)
	}
	x := &xlsxFile{parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := x.parts[name]; !dup {
			x.parts[name] = f
		}
	}
	wb, err := x.read()
	var large tooLarge
	if errors.As(err, &large) {
		return nil, koncern.Errorf(koncern.ETOOLARGE, "%s", large)
	} else if err != nil {
		return nil, notWorkbook(err)
	}
	return wb, nil
}

func notWorkbook(err error) error {
	return koncern.Errorf(koncern.EBADREQUEST, "the file is not an XLSX workbook that can be read: %v", err)
}

// sheetRef is a sheet as the workbook lists it.
type sheetRef struct{ name, part string }

// read reads the parts a workbook is found by, then every sheet the
// import knows, in the workbook's order.
func (x *xlsxFile) read() (*Workbook, error) {
	book := "xl/workbook.xml"
	rels, err := x.rels("_rels/.rels", "")
	if err != nil {
		return nil, err
	}
	for _, rel := range rels {
		if strings.HasSuffix(rel.kind, "/officeDocument") {
			book = rel.target
		}
	}
	sheets, sst, err := x.workbook(book)
	if err != nil {
		return nil, err
	}
	if sst != "" {
		if err := x.sharedStrings(sst); err != nil {
			return nil, err
		}
	}
	wb := &Workbook{tables: map[string]*table{}, date1904: x.date1904}
	for _, s := range sheets {
		switch {
		case wb.full:
			return wb, nil
		case slices.ContainsFunc(IgnoredSheets, func(name string) bool { return strings.EqualFold(s.name, name) }):
		case !slices.Contains(Sheets, s.name):
			wb.problem(Problem{Sheet: s.name, Message: "is not a sheet the import knows; the sheets are " + strings.Join(Sheets, ", ") +
				" (and " + strings.Join(IgnoredSheets, " and ") + ", which are ignored)"})
		default:
			if err := x.sheet(wb, s); err != nil {
				return nil, err
			}
		}
	}
	return wb, nil
}

// rel is one relationship of a part: its type and the part it points to.
type rel struct{ id, kind, target string }

// rels reads the relationships in part, their targets resolved against
// dir. A missing part has none.
func (x *xlsxFile) rels(part, dir string) ([]rel, error) {
	var out []rel
	err := x.walk(part, true, func(e *token) error {
		if e.kind != startTag || e.name != "Relationship" || string(e.attr("TargetMode")) == "External" {
			return nil
		}
		target := string(e.attr("Target"))
		// A target is a URI: a part whose name has a space or a letter
		// outside ASCII is written percent-encoded.
		if t, err := url.PathUnescape(target); err == nil {
			target = t
		}
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(dir, target)
		}
		out = append(out, rel{id: string(e.attr("Id")), kind: string(e.attr("Type")), target: target})
		return nil
	})
	return out, err
}

// workbook reads the list of sheets and finds the shared-string table.
func (x *xlsxFile) workbook(book string) ([]sheetRef, string, error) {
	dir, file := path.Split(book)
	rels, err := x.rels(dir+"_rels/"+file+".rels", strings.TrimSuffix(dir, "/"))
	if err != nil {
		return nil, "", err
	}
	targets, sst := map[string]string{}, ""
	for _, r := range rels {
		targets[r.id] = r.target
		if strings.HasSuffix(r.kind, "/sharedStrings") {
			sst = r.target
		}
	}
	var sheets []sheetRef
	err = x.walk(book, false, func(e *token) error {
		if e.kind == startTag && e.name == "workbookPr" {
			v := string(e.attr("date1904"))
			x.date1904 = v == "1" || v == "true"
		}
		if e.kind != startTag || e.name != "sheet" {
			return nil
		}
		id := ""
		for _, a := range e.attrs {
			if a.local == "id" && a.prefixed {
				id = string(a.value)
			}
		}
		name := string(e.attr("name"))
		part, ok := targets[id]
		if !ok {
			return fmt.Errorf("sheet %q has no part", name)
		}
		sheets = append(sheets, sheetRef{name: name, part: part})
		return nil
	})
	return sheets, sst, err
}

// sharedStrings reads the table of strings that cells of type s refer to
// by number. Phonetic guides (rPh) are not part of the text.
func (x *xlsxFile) sharedStrings(part string) error {
	var text bytes.Buffer
	var in struct{ t, rPh bool }
	err := x.walk(part, true, func(e *token) error {
		switch e.kind {
		case startTag:
			switch e.name {
			case "t":
				in.t = true
			case "rPh":
				in.rPh = true
			}
		case endTag:
			switch e.name {
			case "t":
				in.t = false
			case "rPh":
				in.rPh = false
			case "si":
				if len(x.ends) == maxSharedStrings {
					return tooLarge(fmt.Sprintf("the workbook has more than %d shared strings, more than an import reads; split it", maxSharedStrings))
				}
				x.ends = append(x.ends, text.Len())
			}
		case textToken:
			if !in.t || in.rPh {
				return nil
			}
			if text.Len()+len(e.text) > maxSharedText {
				return tooLarge(fmt.Sprintf("the workbook's shared strings hold more than %d MiB of text, more than an import reads; split it", maxSharedText>>20))
			}
			text.Write(e.text)
		}
		return nil
	})
	x.strings = text.String()
	return err
}

// sharedString is string i of the table.
func (x *xlsxFile) sharedString(i int) (string, bool) {
	if i < 0 || i >= len(x.ends) {
		return "", false
	}
	start := 0
	if i > 0 {
		start = x.ends[i-1]
	}
	return x.strings[start:x.ends[i]], true
}

// sheetReader is the state of one sheet being streamed.
type sheetReader struct {
	x     *xlsxFile
	wb    *Workbook
	t     *table
	row   int    // number of the row being read
	cells []cell // its non-empty cells
	// text holds the row's values other than shared strings, and spans
	// where each cell's value lies in it (start -1 for a shared string),
	// so that a row's values take one string rather than one each.
	text   []byte
	spans  []span
	col    int    // position of the cell being read
	shared bool   // it is of type s, a number in the shared strings
	failed bool   // it is of type e, an error such as #N/A or #REF!
	value  []byte // its text so far
	in     struct{ v, is, t, rPh bool }
}

// span is where a value lies in sheetReader.text.
type span struct{ start, end int }

// errSheetDone stops reading a sheet after its data, or once it is
// refused.
var errSheetDone = errors.New("sheet done")

func (x *xlsxFile) sheet(wb *Workbook, s sheetRef) error {
	sr := &sheetReader{x: x, wb: wb, t: wb.table(s.name)}
	err := x.walk(s.part, false, sr.token)
	if err != nil && !errors.Is(err, errSheetDone) {
		return fmt.Errorf("sheet %s: %w", s.name, err)
	}
	wb.end(sr.t)
	return nil
}

func (sr *sheetReader) token(e *token) error {
	switch e.kind {
	case startTag:
		return sr.start(e)
	case endTag:
		return sr.end(e)
	}
	if (sr.in.v || sr.in.is && sr.in.t && !sr.in.rPh) && len(sr.value) < maxCellBytes {
		sr.value = append(sr.value, e.text[:min(len(e.text), maxCellBytes-len(sr.value))]...)
	}
	return nil
}

func (sr *sheetReader) start(e *token) error {
	switch e.name {
	case "row":
		sr.row++
		if r := e.attr("r"); r != nil {
			n, err := strconv.Atoi(string(r))
			if err != nil || n < 1 || n > excelize.TotalRows {
				return fmt.Errorf("row number %q cannot be read", r)
			}
			sr.row = n
		}
		sr.cells, sr.spans, sr.text, sr.col = sr.cells[:0], sr.spans[:0], sr.text[:0], -1
	case "c":
		sr.col++
		if r := e.attr("r"); r != nil {
			col, ok := column(r)
			if !ok {
				return fmt.Errorf("cell reference %q cannot be read", r)
			}
			sr.col = col
		}
		kind := string(e.attr("t"))
		sr.shared, sr.failed, sr.value = kind == "s", kind == "e", sr.value[:0]
	case "v":
		sr.in.v = true
	case "is":
		sr.in.is = true
	case "t":
		sr.in.t = true
	case "rPh":
		sr.in.rPh = true
	}
	return nil
}

func (sr *sheetReader) end(e *token) error {
	switch e.name {
	case "v":
		sr.in.v = false
	case "is":
		sr.in.is = false
	case "t":
		sr.in.t = false
	case "rPh":
		sr.in.rPh = false
	case "c":
		return sr.cell()
	case "row":
		text := string(sr.text)
		for i, sp := range sr.spans {
			if sp.start >= 0 {
				sr.cells[i].value = text[sp.start:sp.end]
			}
		}
		sr.wb.row(sr.t, sr.row, sr.cells)
		if sr.t.refused {
			return errSheetDone
		}
	case "sheetData":
		return errSheetDone
	}
	return nil
}

// cell ends a cell: its value as the spreadsheet shows it unformatted (a
// date as its serial number), the shared string for type s.
func (sr *sheetReader) cell() error {
	if len(sr.value) == 0 {
		return nil
	}
	if sr.failed {
		// A formula that failed (a lookup that found nothing) shows its
		// error, which is no value to import.
		name := cellName(sr.col, sr.row)
		sr.wb.problem(Problem{Sheet: sr.t.sheet, Row: sr.row, Cell: name, Message: fmt.Sprintf("holds the spreadsheet error %s, not a value; correct the formula or clear the cell", sr.value)})
		return nil
	}
	if !sr.shared {
		sr.cells = append(sr.cells, cell{col: sr.col})
		sr.spans = append(sr.spans, span{len(sr.text), len(sr.text) + len(sr.value)})
		sr.text = append(sr.text, sr.value...)
		return nil
	}
	i, err := strconv.Atoi(string(sr.value))
	s, ok := sr.x.sharedString(i)
	if err != nil || !ok {
		return fmt.Errorf("cell %s refers to shared string %q, which the workbook does not have", cellName(sr.col, sr.row), sr.value)
	}
	if s != "" {
		sr.cells = append(sr.cells, cell{col: sr.col, value: s})
		sr.spans = append(sr.spans, span{-1, -1})
	}
	return nil
}

// walk streams the XML of a part to fn, token by token, within the
// limits. A part that is missing is an error unless optional.
func (x *xlsxFile) walk(part string, optional bool, fn func(*token) error) error {
	f := x.parts[strings.ToLower(part)]
	if f == nil {
		if optional {
			return nil
		}
		return fmt.Errorf("it has no part %s", part)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	s := newXMLScanner(&counter{r: rc, x: x}, maxToken)
	for {
		t, err := s.next()
		if err != nil {
			return partError(part, err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
}

// partError is nil at the end of a part, a limit's error as it is, and
// any other error of the part's XML with the part named.
func partError(part string, err error) error {
	var large tooLarge
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case errors.As(err, &large):
		return err
	}
	return fmt.Errorf("part %s %w", part, err)
}

// counter counts the bytes unpacked from the workbook's parts and stops
// the reading beyond maxUnpacked.
type counter struct {
	r io.Reader
	x *xlsxFile
}

func (c *counter) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if c.x.unpacked += int64(n); c.x.unpacked > maxUnpacked {
		return 0, errUnpacked()
	}
	return n, err
}

// column is the zero-based column of a cell reference such as "XFD7".
func column(ref []byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		if n = n*26 + int(ref[i]-'A') + 1; n > excelize.MaxColumns {
			return 0, false
		}
	}
	return n - 1, i > 0
}
