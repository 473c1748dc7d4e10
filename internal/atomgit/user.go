package atomgit

import (
	"encoding/json"
	"strings"
)

// User is the account an access token belongs to.
type User struct {
	ID        string `json:"id"` // the API sends a string; a JSON number is accepted too
	Login     string `json:"login"`
	Name      string `json:"name"`
	Email     string `json:"email,omitempty"`
	AvatarURL string `json:"avatar_url,omitempty"`
	HTMLURL   string `json:"html_url,omitempty"`
}

// userJSON keeps every field raw so that one odd type (a numeric id, a null
// name) does not fail the whole answer.
type userJSON struct {
	ID        json.RawMessage `json:"id"`
	Login     json.RawMessage `json:"login"`
	Name      json.RawMessage `json:"name"`
	Email     json.RawMessage `json:"email"`
	AvatarURL json.RawMessage `json:"avatar_url"`
	HTMLURL   json.RawMessage `json:"html_url"`
	errorJSON
}

// ParseUser reads the body of a user info answer with status 200. The login
// is required. A body without one gives an *Error with Op "user" and
// StatusCode 200.
func ParseUser(body []byte) (*User, error) {
	u, e := parseUser(body, nil)
	if e != nil {
		e.Op, e.StatusCode = "user", 200
		return nil, e
	}
	return u, nil
}

// parseUser is ParseUser without Op and StatusCode, which the caller sets;
// secrets are redacted from any server text.
func parseUser(body []byte, secrets []string) (*User, *Error) {
	obj, e := jsonObject(body)
	if e != nil {
		return nil, e
	}
	var raw userJSON
	if err := json.Unmarshal(obj, &raw); err != nil {
		return nil, malformedError("the user answer could not be read", err)
	}
	str := func(r json.RawMessage) string { s, _ := jsonString(r); return strings.TrimSpace(s) }
	u := &User{
		ID:        str(raw.ID),
		Login:     str(raw.Login),
		Name:      str(raw.Name),
		Email:     str(raw.Email),
		AvatarURL: str(raw.AvatarURL),
		HTMLURL:   str(raw.HTMLURL),
	}
	if u.Login == "" {
		if e := raw.serverError(secrets); e != nil {
			if e.Message == "" {
				e.Message = "the server reported an error"
			}
			return nil, e
		}
		return nil, malformedError("the user answer has no login", nil)
	}
	return u, nil
}
