package fakeatomgit

import (
	"encoding/json"
	"path/filepath"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/privdir"
)

// savedState is what Options.StateFile keeps between runs: the issued tokens, so that a
// restarted demo still honours the tokens its previous run gave out.
type savedState struct {
	Access  map[string]savedToken `json:"access"`
	Refresh map[string]savedToken `json:"refresh"`
}

type savedToken struct {
	User     string    `json:"user"`
	ClientID string    `json:"client_id,omitempty"`
	Scope    string    `json:"scope,omitempty"`
	Expires  time.Time `json:"expires"`
}

// loadState reads the state file, if there is one; a missing or unreadable file is a fresh
// start (this is a demo, not a bank).
func (s *Server) loadState() {
	if s.opts.StateFile == "" {
		return
	}
	b, err := privdir.ReadFile(s.opts.StateFile)
	if err != nil {
		return
	}
	var st savedState
	if json.Unmarshal(b, &st) != nil {
		return
	}
	for k, v := range st.Access {
		s.access[k] = &accessToken{user: v.User, expires: v.Expires}
	}
	for k, v := range st.Refresh {
		s.refresh[k] = &refreshToken{user: v.User, clientID: v.ClientID, scope: v.Scope, expires: v.Expires}
	}
}

// saveStateLocked writes the live tokens to the state file (a new file, then a rename),
// in a private folder of the user's (the demo keeps it in the cache folder, beside the
// app's locks): never through a link (privdir). The caller holds s.mu.
func (s *Server) saveStateLocked() {
	if s.opts.StateFile == "" {
		return
	}
	now := s.now()
	st := savedState{Access: map[string]savedToken{}, Refresh: map[string]savedToken{}}
	for k, v := range s.access {
		if now.Before(v.expires) {
			st.Access[k] = savedToken{User: v.user, Expires: v.expires}
		}
	}
	for k, v := range s.refresh {
		if now.Before(v.expires) {
			st.Refresh[k] = savedToken{User: v.user, ClientID: v.clientID, Scope: v.scope, Expires: v.expires}
		}
	}
	b, _ := json.Marshal(st)
	if privdir.Make(filepath.Dir(s.opts.StateFile)) == nil {
		privdir.Replace(s.opts.StateFile, b)
	}
}
