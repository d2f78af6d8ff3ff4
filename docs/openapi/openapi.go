// Package openapi ships the OpenAPI (Swagger 2.0) document of the REST
// queries of sessiond's own modules. scripts/protocgen.sh generates
// sessiond.swagger.json from proto/ (make proto-gen; make proto-check keeps
// the committed copy current) and the node's API server serves it at Path.
package openapi

import (
	"bytes"
	_ "embed" // the document is embedded
	"net/http"
	"time"
)

// Path is where the node's API server serves Document.
const Path = "/openapi/sessiond.swagger.json"

// Document is the merged OpenAPI document of the Query services of the
// rewardpool, nodestaking, pro and bridge modules, as JSON.
//
//go:embed sessiond.swagger.json
var Document []byte

// Handler serves Document as JSON (GET and HEAD, with ranges and
// conditional requests handled by http.ServeContent).
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		http.ServeContent(w, r, "sessiond.swagger.json", time.Time{}, bytes.NewReader(Document))
	})
}
