package render

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/goccy/go-graphviz"
)

// SVG lays out DOT text with Graphviz. Starting Graphviz (a WebAssembly
// module) costs far more than a layout, so one instance serves the whole
// process, started on the first drawing; a mutex keeps its single-threaded
// engine to one layout at a time.
type SVG struct {
	mu sync.Mutex
	gv *graphviz.Graphviz
}

// Render lays out dot and returns the drawing as SVG.
func (s *SVG) Render(ctx context.Context, dot string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gv == nil {
		gv, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("start graphviz: %w", err)
		}
		s.gv = gv
	}
	graph, err := graphviz.ParseBytes([]byte(dot))
	if err != nil {
		return nil, fmt.Errorf("parse dot: %w", err)
	}
	defer graph.Close()
	var buf bytes.Buffer
	if err := s.gv.Render(ctx, graph, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("render svg: %w", err)
	}
	return buf.Bytes(), nil
}

// Close stops Graphviz if it was started.
func (s *SVG) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gv == nil {
		return nil
	}
	err := s.gv.Close()
	s.gv = nil
	return err
}
