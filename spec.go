package koncern

import _ "embed"

// OpenAPISpec is the contract of the API, openapi.yaml, compiled into the
// binary so that the server validates requests against the same document
// it serves at /openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPISpec []byte
