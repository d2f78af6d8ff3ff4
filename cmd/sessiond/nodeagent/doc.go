// Package nodeagent is `sessiond node-agent`: the daemon a Session Node
// runs to stay active without a person. It sends the node's uptime proofs on
// schedule, tests the nodes its quorums assign it and votes. See README.md.
package nodeagent
