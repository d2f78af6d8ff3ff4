// Package lightquery reads a value of a module's store, with its Merkle
// (ICS23) proof, and checks the proof against the app hash of a block header
// the caller trusts: one that CometBFT's light client verified (Light), or,
// for development only, one the local node reported (TrustNode).
//
// A node answers /abci_query with prove=true by returning the value and a
// chain of proof operations: an IAVL proof from the value to the module
// store's root, and a simple Merkle proof from that root to the app hash.
// The app hash of the state after block h is in the header of block h+1, so
// a Header of height H reads the state at height H-1. Reader.Get asks the
// node for exactly that height and key and refuses an answer about any other
// key or height, without a proof, or whose proof does not lead to the
// header's app hash: a node that rewrites a value, drops it or invents one is
// detected (ErrVerification), not believed.
//
// Keys are the raw store keys of cosmossdk.io/collections: MapKey and
// ItemKey build them from a collection's prefix and key codec, so a client
// reads exactly the entry the module's keeper wrote.
package lightquery
