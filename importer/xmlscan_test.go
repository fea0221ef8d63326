package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// FuzzXMLScanner reads any input without panicking and, where both
// accept it, as encoding/xml reads it: the same elements, attributes and
// text.
func FuzzXMLScanner(f *testing.F) {
	for _, seed := range []string{
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row></sheetData>`,
		`<x:row xmlns:x="urn:x" r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row>`,
		`<si><r><t xml:space="preserve">a &amp; &#229; &#xE5;</t></r><rPh sb="0"><t>b</t></rPh></si>`,
		`<Relationship Id="rId1" Target="a&gt;b" note='x>y'/>`,
		"<t>a\r\nb\rc</t>",
		`<a><!-- c --></a>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ours, err := scanAll(data)
		if err != nil {
			return
		}
		theirs, err := decodeAll(data)
		if err != nil {
			return
		}
		if ours != theirs {
			t.Fatalf("scanner read\n%s\nencoding/xml read\n%s", ours, theirs)
		}
	})
}

// scanAll and decodeAll write the tokens of data one a line, text with
// runs of it joined, as the scanner and encoding/xml read them.
func scanAll(data []byte) (string, error) {
	// A small buffer keeps the fuzzer fast and reaches the token limit.
	s := newXMLScanner(bytes.NewReader(data), 256)
	var out tokenLog
	for {
		t, err := s.next()
		if errors.Is(err, io.EOF) {
			return out.String(), nil
		} else if err != nil {
			return "", err
		}
		switch t.kind {
		case startTag:
			var attrs []string
			for _, a := range t.attrs {
				attrs = append(attrs, fmt.Sprintf("%s=%q", a.local, a.value))
			}
			out.line("start %s %s", t.name, strings.Join(attrs, " "))
		case endTag:
			out.line("end %s", t.name)
		case textToken:
			out.text(t.text)
		}
	}
}

func decodeAll(data []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var out tokenLog
	for {
		t, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out.String(), nil
		} else if err != nil {
			return "", err
		}
		switch e := t.(type) {
		case xml.StartElement:
			var attrs []string
			for _, a := range e.Attr {
				attrs = append(attrs, fmt.Sprintf("%s=%q", a.Name.Local, a.Value))
			}
			out.line("start %s %s", e.Name.Local, strings.Join(attrs, " "))
		case xml.EndElement:
			out.line("end %s", e.Name.Local)
		case xml.CharData:
			out.text(e)
		}
	}
}

// tokenLog writes tokens one a line; adjacent texts are one.
type tokenLog struct {
	strings.Builder
	pending []byte
}

func (l *tokenLog) line(format string, args ...any) {
	l.flush()
	fmt.Fprintf(l, format+"\n", args...)
}

func (l *tokenLog) text(b []byte) { l.pending = append(l.pending, b...) }

func (l *tokenLog) flush() {
	if len(l.pending) > 0 {
		fmt.Fprintf(l, "text %q\n", l.pending)
		l.pending = nil
	}
}

func (l *tokenLog) String() string {
	l.flush()
	return l.Builder.String()
}
