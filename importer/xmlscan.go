package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner reads the XML of a workbook's parts: elements, attributes and
// text with the five named entities and character references, which is
// all that spreadsheet programs write. It is several times faster than
// encoding/xml, which allocates for every element, and it holds at most
// one tag or text of maxToken bytes: its buffer is that large, and a token
// that does not fit is refused. Comments, CDATA sections, document types
// and processing instructions other than the leading declaration are
// refused too.
type xmlScanner struct {
	r       *bufio.Reader
	limit   int // the longest tag or text, the size of r's buffer
	tok     token
	depth   int
	started bool   // a tag has been read
	closing bool   // the last start tag closed itself; its end comes next
	text    []byte // the current text, unescaped
	tag     []byte // a tag that spans more than one read of the buffer
	attrs   []attribute
}

type tokenKind int

const (
	startTag tokenKind = iota
	endTag
	textToken
)

// token is what the scanner read last; its slices are valid until the next
// call of next.
type token struct {
	kind  tokenKind
	name  string // the local name, without a prefix
	attrs []attribute
	text  []byte
}

// attribute is one attribute of a start tag; value is unescaped.
type attribute struct {
	local    string
	prefixed bool
	value    []byte
}

var (
	errMarkup = errors.New("holds a comment, CDATA section, document type or processing instruction, which spreadsheets do not write")
	errToken  = fmt.Errorf("holds a tag or text longer than %d bytes", maxToken)
	errDepth  = fmt.Errorf("nests elements more than %d deep", maxDepth)
	errSyntax = errors.New("is not well-formed XML")
)

// newXMLScanner reads r, refusing tags and texts longer than limit.
func newXMLScanner(r io.Reader, limit int) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, limit), limit: limit}
}

// attr is the value of the start tag's attribute named local, or nil.
func (t *token) attr(local string) []byte {
	for _, a := range t.attrs {
		if a.local == local {
			return a.value
		}
	}
	return nil
}

// next reads the next token; io.EOF at the end of the part.
func (s *xmlScanner) next() (*token, error) {
	if s.closing {
		s.closing = false
		s.depth--
		s.tok = token{kind: endTag, name: s.tok.name}
		return &s.tok, nil
	}
	b, err := s.r.ReadSlice('<')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return nil, errToken
	case errors.Is(err, io.EOF) && len(b) == 0:
		return nil, io.EOF
	case errors.Is(err, io.EOF):
		return s.textToken(b)
	case err != nil:
		return nil, err
	}
	if len(b) > 1 {
		_ = s.r.UnreadByte()
		return s.textToken(b[:len(b)-1])
	}
	return s.readTag()
}

func (s *xmlScanner) textToken(b []byte) (*token, error) {
	var err error
	if s.text, err = unescape(s.text[:0], b, true); err != nil {
		return nil, err
	}
	s.tok = token{kind: textToken, text: s.text}
	return &s.tok, nil
}

// readTag reads a tag after its '<', up to the '>' that is not inside a
// quoted attribute value. A tag within the buffer is parsed where it lies;
// only one whose attribute value holds a '>' is gathered in s.tag. A
// processing instruction has no attributes and ends at the first "?>",
// quotes or not, as encoding/xml reads it.
func (s *xmlScanner) readTag() (*token, error) {
	tag, err := s.readSlice('>', 0)
	if err != nil {
		return nil, err
	}
	if tag[0] != '?' && openQuote(tag) {
		s.tag = append(s.tag[:0], tag...)
		for openQuote(s.tag) {
			more, err := s.readSlice('>', len(s.tag))
			if err != nil {
				return nil, err
			}
			s.tag = append(s.tag, more...)
		}
		tag = s.tag
	}
	c := tag[:len(tag)-1]
	seen := s.started
	s.started = true
	switch {
	case len(c) == 0:
		return nil, errSyntax
	case c[0] == '!':
		return nil, errMarkup
	case c[0] == '?':
		if seen || c[len(c)-1] != '?' {
			return nil, errMarkup
		}
		return s.next() // the declaration: UTF-8 is all spreadsheets write
	case c[0] == '/':
		if s.depth--; s.depth < 0 {
			return nil, errSyntax
		}
		local, _ := localName(bytes.TrimSpace(c[1:]))
		s.tok = token{kind: endTag, name: local}
		return &s.tok, nil
	}
	if c[len(c)-1] == '/' {
		s.closing, c = true, c[:len(c)-1]
	}
	if s.depth++; s.depth > maxDepth {
		return nil, errDepth
	}
	end := bytes.IndexAny(c, " \t\r\n")
	if end < 0 {
		end = len(c)
	}
	local, _ := localName(c[:end])
	attrs, err := s.parseAttrs(c[end:])
	if err != nil {
		return nil, err
	}
	s.tok = token{kind: startTag, name: local, attrs: attrs}
	return &s.tok, nil
}

// readSlice reads up to and including delim, refusing a token longer than
// the limit together with the had bytes already read of it.
func (s *xmlScanner) readSlice(delim byte, had int) ([]byte, error) {
	b, err := s.r.ReadSlice(delim)
	switch {
	case errors.Is(err, bufio.ErrBufferFull) || had+len(b) > s.limit:
		return nil, errToken
	case errors.Is(err, io.EOF):
		return nil, io.ErrUnexpectedEOF
	}
	return b, err
}

// openQuote reports whether a tag read up to a '>' has a quote still open,
// so that the '>' belongs to an attribute value.
func openQuote(tag []byte) bool {
	var q byte
	for _, c := range tag {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q != 0
}

// parseAttrs reads name="value" pairs.
func (s *xmlScanner) parseAttrs(b []byte) ([]attribute, error) {
	s.attrs = s.attrs[:0]
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		if len(b) == 0 {
			return s.attrs, nil
		}
		eq := bytes.IndexByte(b, '=')
		if eq <= 0 {
			return nil, errSyntax
		}
		local, prefixed := localName(bytes.TrimSpace(b[:eq]))
		b = bytes.TrimLeft(b[eq+1:], " \t\r\n")
		if len(b) == 0 || b[0] != '"' && b[0] != '\'' {
			return nil, errSyntax
		}
		end := bytes.IndexByte(b[1:], b[0])
		if end < 0 {
			return nil, errSyntax
		}
		value := b[1 : end+1]
		if bytes.IndexByte(value, '&') >= 0 {
			var err error
			if value, err = unescape(nil, value, false); err != nil {
				return nil, err
			}
		}
		s.attrs = append(s.attrs, attribute{local: local, prefixed: prefixed, value: value})
		b = b[end+2:]
	}
}

// localName is a name without its prefix, and whether it had one. A name
// has a prefix, as encoding/xml reads it, only where one colon stands
// between two parts that are not empty: ":" or "a:" is a whole name. The
// names the reader looks for come back as constants, so that reading them
// allocates nothing.
func localName(b []byte) (string, bool) {
	prefixed := false
	if i := bytes.IndexByte(b, ':'); i > 0 && i < len(b)-1 && bytes.IndexByte(b[i+1:], ':') < 0 {
		b, prefixed = b[i+1:], true
	}
	switch string(b) {
	case "row":
		return "row", prefixed
	case "c":
		return "c", prefixed
	case "v":
		return "v", prefixed
	case "r":
		return "r", prefixed
	case "t":
		return "t", prefixed
	case "s":
		return "s", prefixed
	case "is":
		return "is", prefixed
	case "si":
		return "si", prefixed
	case "rPh":
		return "rPh", prefixed
	}
	return string(b), prefixed
}

// unescape appends src to dst with its entities and character references
// replaced; in text, line ends become "\n" as XML reads them.
func unescape(dst, src []byte, text bool) ([]byte, error) {
	for len(src) > 0 {
		i := bytes.IndexAny(src, "&\r")
		if i < 0 {
			return append(dst, src...), nil
		}
		dst = append(dst, src[:i]...)
		src = src[i:]
		if src[0] == '\r' {
			if text {
				dst = append(dst, '\n')
			} else {
				dst = append(dst, '\r')
			}
			src = src[1:]
			if text && len(src) > 0 && src[0] == '\n' {
				src = src[1:]
			}
			continue
		}
		end := bytes.IndexByte(src, ';')
		if end < 0 {
			return nil, errSyntax
		}
		r, ok := entity(src[1:end])
		if !ok {
			return nil, errSyntax
		}
		dst = utf8.AppendRune(dst, r)
		src = src[end+1:]
	}
	return dst, nil
}

// entity is the character an entity or character reference names.
func entity(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	base, digits := 10, name[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !utf8.ValidRune(rune(n)) {
		return 0, false
	}
	return rune(n), true
}
