package pimcore

import (
	"sync"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
)

// document is a request's query parsed and validated against the schema:
// the syntax tree, nil when the query does not parse, and the parse or
// validation errors.
type document struct {
	ast  *ast.Document
	errs []gqlerrors.FormattedError
}

// docCache keeps documents by query text, as graphql-php servers cache
// parsed queries: a loader sends the same lookup text with other variables
// for every batch, and validating a 50-alias query again each time was a
// sixth of a sandbox demo's time. Execution never changes a document, so
// one serves concurrent requests. The cache forgets everything when full
// (mutations carry their values inline, so their texts rarely repeat).
type docCache struct {
	mu   sync.Mutex
	docs map[string]*document
}

// maxDocs bounds the cache.
const maxDocs = 256

// document returns query parsed and validated, from the cache when the
// same text came before.
func (s *Server) document(query string) *document {
	s.docs.mu.Lock()
	d, ok := s.docs.docs[query]
	s.docs.mu.Unlock()
	if ok {
		return d
	}
	d = s.parse(query)
	s.docs.mu.Lock()
	if s.docs.docs == nil || len(s.docs.docs) >= maxDocs {
		s.docs.docs = map[string]*document{}
	}
	s.docs.docs[query] = d
	s.docs.mu.Unlock()
	return d
}

// parse parses and validates query as graphql.Do does.
func (s *Server) parse(query string) *document {
	src := source.NewSource(&source.Source{Body: []byte(query), Name: "GraphQL request"})
	doc, err := parser.Parse(parser.ParseParams{Source: src})
	if err != nil {
		return &document{errs: gqlerrors.FormatErrors(err)}
	}
	if v := graphql.ValidateDocument(&s.schema, doc, nil); !v.IsValid {
		return &document{ast: doc, errs: v.Errors}
	}
	return &document{ast: doc}
}
