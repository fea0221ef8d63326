package web

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pages holds one template set per page: the layout, the shared partials
// (files whose names start with "_") and the page's own file, which
// defines "content".
type pages struct {
	byName map[string]*template.Template
}

// funcs are the helpers that are not about the page: building a map for a
// partial, arithmetic for the drawings.
var funcs = template.FuncMap{
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"add": func(a, b int) int { return a + b },
}

func parsePages() (*pages, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared, own []string
	for _, n := range names {
		if base := path.Base(n); strings.HasPrefix(base, "_") || base == "layout.html" {
			shared = append(shared, n)
		} else {
			own = append(own, n)
		}
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, shared...)
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range own {
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templateFiles, n)
		}
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		p.byName[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return p, nil
}

func (p *pages) execute(w io.Writer, name string, data *page) error {
	t, ok := p.byName[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	return t.ExecuteTemplate(w, "layout", data)
}
