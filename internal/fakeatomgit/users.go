package fakeatomgit

import "crypto/subtle"

// The second demo account, so that signing in to several accounts and switching between
// them can be tried and tested.
const (
	SecondUsername = "alice"
	SecondPassword = "alice-password"
)

type account struct{ id, name, password string }

// userNamed returns a known account: the configured demo user, or the second one.
func (s *Server) userNamed(login string) (account, bool) {
	switch login {
	case s.opts.Username:
		return account{id: demoUserID, name: "Demo User", password: s.opts.Password}, true
	case SecondUsername:
		return account{id: "64f1c0ffee0123456789abce", name: "Alice Liu", password: SecondPassword}, true
	}
	return account{}, false
}

// checkPassword returns the login whose credentials these are.
func (s *Server) checkPassword(login, password string) (string, bool) {
	u, ok := s.userNamed(login)
	if !ok {
		u.password = "\x00never" // compare anyway, in the same time
	}
	match := subtle.ConstantTimeCompare([]byte(password), []byte(u.password)) == 1
	return login, ok && match
}
