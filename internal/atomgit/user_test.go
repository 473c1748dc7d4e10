package atomgit

import (
	"errors"
	"testing"
)

func TestParseUser(t *testing.T) {
	tests := []struct {
		name string
		body string
		want User
	}{
		{
			name: "2023 API, string id",
			body: `{"avatar_url":"https://a.example/u.png","bio":"","created_at":"2023-02-02 09:31:24","email":"","html_url":"https://atomgit.com/alice","id":"63dbf2bc1ee2a43f4e6c2c0d","login":"alice","name":"Alice"}`,
			want: User{ID: "63dbf2bc1ee2a43f4e6c2c0d", Login: "alice", Name: "Alice", AvatarURL: "https://a.example/u.png", HTMLURL: "https://atomgit.com/alice"},
		},
		{
			name: "current API, numeric id",
			body: `{"id":1234567,"login":"bob","name":"Bob","email":"bob@example.com","avatar_url":null}`,
			want: User{ID: "1234567", Login: "bob", Name: "Bob", Email: "bob@example.com"},
		},
		{
			name: "odd types",
			body: `{"id":{"x":1},"login":"carol","name":null,"email":false}`,
			want: User{Login: "carol"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseUser([]byte(tt.body))
			if err != nil {
				t.Fatalf("ParseUser: %v", err)
			}
			if *got != tt.want {
				t.Errorf("ParseUser = %+v, want %+v", *got, tt.want)
			}
		})
	}
}

func TestParseUserErrors(t *testing.T) {
	tests := []struct {
		name, body, wantMessage string
		malformed               bool
	}{
		{"no login", `{"id":"1","name":"x"}`, "the user answer has no login", true},
		{"empty login", `{"id":"1","login":" "}`, "the user answer has no login", true},
		{"server message", `{"message":"401 Unauthorized"}`, "401 Unauthorized", false},
		{"HTML", `<html>login</html>`, "the server answered with a web page instead of JSON", true},
		{"invalid JSON", `{"login":`, "the user answer could not be read", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseUser([]byte(tt.body))
			var e *Error
			if u != nil || !errors.As(err, &e) {
				t.Fatalf("ParseUser = %v, %v; want nil, *Error", u, err)
			}
			if got, want := e.Message, tt.wantMessage; got != want {
				t.Errorf("Message = %q, want %q", got, want)
			}
			if got, want := errors.Is(err, ErrMalformed), tt.malformed; got != want {
				t.Errorf("errors.Is(err, ErrMalformed) = %v, want %v", got, want)
			}
			if e.Op != "user" || IsInvalidGrant(err) {
				t.Errorf("Op = %q, IsInvalidGrant = %v", e.Op, IsInvalidGrant(err))
			}
		})
	}
}
