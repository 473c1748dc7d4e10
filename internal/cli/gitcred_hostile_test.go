package cli

import (
	"strings"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// injected is an access token that, printed as it is, would add a host, a username
// and a password of its own to git's credential answer.
const injected = "atu_x\nhost=evil.example\nusername=mallory\npassword=stolen\r"

// onlyOurLines fails unless every line of a credential answer is one of ours, with no
// CR or NUL in it.
func onlyOurLines(t *testing.T, out string) {
	t.Helper()
	if out == "" {
		return
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		key, _, _ := strings.Cut(line, "=")
		switch key {
		case "username", "password", "password_expiry_utc":
		default:
			t.Errorf("the answer has a line %q: %q", line, out)
		}
		if strings.ContainsAny(line, "\r\x00") {
			t.Errorf("the answer has CR or NUL in %q", line)
		}
	}
	if strings.Contains(out, "evil.example") || strings.Contains(out, "mallory") {
		t.Errorf("the answer carries injected attributes: %q", out)
	}
}

// A refresh answer with a newline in access_token is refused, so git never sees it.
func TestGitCredentialGetAfterAHostileRefreshAnswer(t *testing.T) {
	f := newFixture(t)
	f.signInExpired()
	body := `{"access_token":"atu_x\nhost=evil.example\nusername=mallory\npassword=stolen","expires_in":28800}`
	f.srv.SetFault(fakeatomgit.RouteToken, fakeatomgit.Fault{Status: 200, Body: body, ContentType: "application/json"})
	out, errs, err := f.helper("get", f.request())
	if err != nil {
		t.Fatal(err)
	}
	onlyOurLines(t, out)
	if out != "" {
		t.Errorf("get answered %q for an expired token whose refresh failed", out)
	}
	if strings.Contains(errs, "evil.example") || strings.Count(errs, "\n") != 1 {
		t.Errorf("stderr %q: want one line, without the token", errs)
	}
	if tok := f.stored().Token.AccessToken; strings.ContainsAny(tok, "\r\n") {
		t.Errorf("the hostile token was stored: %q", tok)
	}
}

// Defence in depth: a token that is already stored with a line break (an older
// version, a hand-edited token file) is not printed either.
func TestGitCredentialNeverPrintsALineBreakInAValue(t *testing.T) {
	for _, tok := range []string{injected, "atu_x\rpassword=stolen", "atu_x\x00y"} {
		f := newFixture(t)
		rec := f.signIn()
		rec.Token.AccessToken = tok
		f.put(rec)
		out, errs, err := f.helper("get", f.request())
		if err != nil {
			t.Fatal(err)
		}
		if out != "" {
			t.Errorf("get answered %q for a stored token %q", out, tok)
		}
		onlyOurLines(t, out)
		if !strings.Contains(errs, "password") || strings.Contains(errs, "stolen") || strings.Count(errs, "\n") != 1 {
			t.Errorf("stderr %q: want one line naming the password, not its value", errs)
		}
	}
}

func TestCredentialAnswer(t *testing.T) {
	got, err := credentialAnswer([][2]string{{"username", "oauth2"}, {"password", "atu_1"}})
	if err != nil || got != "username=oauth2\npassword=atu_1\n" {
		t.Errorf("credentialAnswer = %q, %v", got, err)
	}
	for _, v := range []string{"a\nb", "a\rb", "a\x00b", "\n"} {
		if got, err := credentialAnswer([][2]string{{"username", "oauth2"}, {"password", v}}); err == nil || got != "" || strings.Contains(err.Error(), v) {
			t.Errorf("credentialAnswer with password %q = %q, %v; want an error without the value", v, got, err)
		}
	}
}
