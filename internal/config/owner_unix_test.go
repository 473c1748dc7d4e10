//go:build unix

package config

import (
	"os"
	"testing"
)

// A system file is accepted from root or from the person, writable by nobody else.
func TestOwnerProblem(t *testing.T) {
	const me = 1000
	for _, tc := range []struct {
		name     string
		uid, gid uint32
		perm     os.FileMode
		ok       bool
	}{
		{"root's, 644", 0, 0, 0o644, true},
		{"root's, group root may write", 0, 0, 0o664, true},
		{"the person's own", me, me, 0o600, true},
		{"another user's", 1001, 1001, 0o644, false},
		{"root's, writable by every user", 0, 0, 0o666, false},
		{"root's, writable by a group that is not root's", 0, 50, 0o664, false},
		{"the person's, writable by every user", me, me, 0o646, false},
	} {
		if err := ownerProblem(tc.uid, tc.gid, tc.perm, me); (err == nil) != tc.ok {
			t.Errorf("%s: %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
