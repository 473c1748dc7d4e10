package atomgit

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// AssumedLifetime is the access token lifetime assumed when the server does
// not send a usable expires_in: the 8 hours that AtomGit's 2023 documentation gives.
const AssumedLifetime = 8 * time.Hour

const (
	// epochMillisThreshold separates the two meanings of *_expires_in: above
	// it the value is an absolute time in epoch milliseconds (the 2023 API),
	// at or below it a lifetime in seconds (the current API).
	epochMillisThreshold = 1e11
	// maxEpochMillis is 9999-12-31; a later "absolute" time is nonsense.
	maxEpochMillis = 253402300799999
	// maxLifetime bounds a lifetime in seconds; a longer one is nonsense.
	maxLifetime = 10 * 366 * 24 * time.Hour
)

// Token is what the token endpoint granted. It is a plain value: others store
// it as JSON.
type Token struct {
	AccessToken   string    `json:"access_token"`
	RefreshToken  string    `json:"refresh_token,omitempty"`
	Expiry        time.Time `json:"expiry"`                   // absolute
	RefreshExpiry time.Time `json:"refresh_expiry,omitzero"`  // zero: unknown
	ExpiryAssumed bool      `json:"expiry_assumed,omitempty"` // expires_in was missing: 8 h assumed
}

// Valid reports whether t carries an access token that has not expired at
// now. It is safe to call on a nil *Token.
func (t *Token) Valid(now time.Time) bool {
	return t != nil && t.AccessToken != "" && now.Before(t.Expiry)
}

// tokenJSON is the token endpoint's answer. Flexible fields stay raw so that
// one odd type does not fail the whole answer.
type tokenJSON struct {
	AccessToken      json.RawMessage `json:"access_token"`
	RefreshToken     json.RawMessage `json:"refresh_token"`
	ExpiresIn        json.RawMessage `json:"expires_in"`
	RefreshExpiresIn json.RawMessage `json:"refresh_token_expires_in"`
	errorJSON
}

// ParseToken reads the body of a token endpoint answer with status 200.
// Lifetimes are measured from now. A body that carries an error instead of a
// token, or that cannot be read, gives an *Error with Op "token" and
// StatusCode 200.
func ParseToken(body []byte, now time.Time) (*Token, error) {
	tok, e := parseToken(body, now, nil)
	if e != nil {
		e.Op = "token"
		e.StatusCode = 200
		return nil, e
	}
	return tok, nil
}

// parseToken is ParseToken without Op and StatusCode, which the caller
// sets; secrets are redacted from any server text.
func parseToken(body []byte, now time.Time, secrets []string) (*Token, *Error) {
	obj, e := jsonObject(body)
	if e != nil {
		return nil, e
	}
	var raw tokenJSON
	if err := json.Unmarshal(obj, &raw); err != nil {
		return nil, malformedError("the token answer could not be read", err)
	}
	access, _ := jsonString(raw.AccessToken)
	refresh, _ := jsonString(raw.RefreshToken)
	if code, _ := jsonString(raw.Error); code != "" || access == "" {
		secrets = append(secrets[:len(secrets):len(secrets)], access, refresh)
		if e := raw.serverError(secrets); e != nil {
			if e.Message == "" {
				e.Message = "the server reported an error"
			}
			return nil, e
		}
		return nil, malformedError("the token answer has no access token", nil)
	}
	if e := checkTokens(access, refresh); e != nil {
		return nil, e
	}
	tok := &Token{AccessToken: access, RefreshToken: refresh}
	if exp, ok := expiryTime(raw.ExpiresIn, now); ok {
		tok.Expiry = exp
	} else {
		tok.Expiry = now.Add(AssumedLifetime)
		tok.ExpiryAssumed = true
	}
	if exp, ok := expiryTime(raw.RefreshExpiresIn, now); ok {
		tok.RefreshExpiry = exp
	}
	return tok, nil
}

// expiryTime turns a *_expires_in value into an absolute time. It accepts a
// JSON number or a numeric string; a value above 1e11 is epoch milliseconds,
// anything else seconds from now. ok is false when the value is missing,
// zero, negative, not a number or absurd.
func expiryTime(raw json.RawMessage, now time.Time) (t time.Time, ok bool) {
	text, ok := jsonString(raw)
	if !ok {
		return time.Time{}, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || math.IsNaN(v) || v <= 0 {
		return time.Time{}, false
	}
	if v > epochMillisThreshold {
		if v > maxEpochMillis {
			return time.Time{}, false
		}
		return time.UnixMilli(int64(v)), true
	}
	d := time.Duration(v * float64(time.Second))
	if d <= 0 || d > maxLifetime {
		return time.Time{}, false
	}
	return now.Add(d), true
}

// jsonString returns the value of a JSON string, or the literal text of a
// JSON number; ok is false for anything else (including null and absence).
func jsonString(raw json.RawMessage) (s string, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch c := raw[0]; {
	case c == '"':
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false
		}
		return s, true
	case c == '-' || (c >= '0' && c <= '9'):
		return string(raw), true
	}
	return "", false
}
