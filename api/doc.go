// Package api keeps the record of the module's public API: one file a public package
// (auth.txt for the package auth, auth-wailsauth.txt for auth/wailsauth), one line an
// exported name, in the manner of Go's own api/go1.*.txt. The test of this package reads
// every public package of the module and fails when what it exports differs from its
// record, so that the API changes only on purpose: change the code, then run
//
//	go test ./api -update
//
// and commit the record with the change. A public package is any package of the module
// outside internal/ that is not a command (package main) and not only tests.
package api
