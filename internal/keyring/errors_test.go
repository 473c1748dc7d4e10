package keyring

import (
	"context"
	"errors"
	"strings"
	"testing"

	gokeyring "github.com/zalando/go-keyring"
)

func TestMapError(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name       string
		in         error
		want       error  // matched with errors.Is; nil when wantReason is set
		wantReason string // non-empty: an *UnavailableError with this Reason
	}{
		{"nil", nil, nil, ""},
		{"not found", gokeyring.ErrNotFound, ErrNotFound, ""},
		{"too big", gokeyring.ErrSetDataTooBig, ErrTooBig, ""},
		{"no bus, no dbus-x11", errors.New(`exec: "dbus-launch": executable file not found in $PATH`), nil, reasonNoBus},
		{"no bus address", errors.New("dbus: couldn't determine address of session bus"), nil, reasonNoBus},
		{"missing socket", errors.New("dial unix /run/user/0/bus: connect: no such file or directory"), nil, reasonBusUnreachable},
		{"refused", errors.New("dial unix /tmp/x: connect: connection refused"), nil, reasonBusUnreachable},
		{"no secret service", errors.New("The name org.freedesktop.secrets was not provided by any .service files"), nil, reasonNoSecretService},
		{"no login collection", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), nil, reasonLocked},
		{"locked, no prompt", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/collection/login'"), nil, reasonLocked},
		{"unknown", boom, boom, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mapError(tt.in)
			if tt.wantReason == "" {
				if !errors.Is(got, tt.want) {
					t.Fatalf("mapError(%v) = %v, want %v", tt.in, got, tt.want)
				}
				if IsUnavailable(got) {
					t.Errorf("IsUnavailable(%v) = true", got)
				}
				return
			}
			var u *UnavailableError
			if !errors.As(got, &u) {
				t.Fatalf("mapError(%v) = %v, want *UnavailableError", tt.in, got)
			}
			if u.Reason != tt.wantReason {
				t.Errorf("Reason = %q, want %q", u.Reason, tt.wantReason)
			}
			if !errors.Is(got, tt.in) {
				t.Errorf("%v does not wrap its cause", got)
			}
			if !strings.HasPrefix(got.Error(), "keyring: ") {
				t.Errorf("message %q does not start with \"keyring: \"", got.Error())
			}
		})
	}
}

func TestSystemMapsBackendErrors(t *testing.T) {
	b := newFakeBackend()
	b.err = errors.New("The name org.freedesktop.secrets was not provided by any .service files")
	s := idleSystem(t, b)

	err := s.Set(context.Background(), "svc", "u", "hunter2")
	if !IsUnavailable(err) {
		t.Fatalf("err = %v, want unavailable", err)
	}
	want := "keyring: set svc/u: unavailable: " + reasonNoSecretService + ": " + b.err.Error()
	if err.Error() != want {
		t.Errorf("message = %q\nwant      %q", err.Error(), want)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("message %q contains the secret", err.Error())
	}
	var op *OpError
	if !errors.As(err, &op) || op.Op != "set" || op.Service != "svc" || op.User != "u" {
		t.Errorf("OpError = %+v, want set svc/u", op)
	}
}

func TestTooBigBoundary(t *testing.T) {
	const service, user = "svc", "user" // 7 bytes
	fits := strings.Repeat("x", MaxSize-len(service)-len(user)-1)
	tooBig := fits + "x"

	stores := map[string]func(t *testing.T) (Store, func() []string){
		"System": func(t *testing.T) (Store, func() []string) {
			b := newFakeBackend()
			return idleSystem(t, b), b.recorded
		},
		"Memory": func(t *testing.T) (Store, func() []string) { return new(Memory), nil },
	}
	for name, newStore := range stores {
		t.Run(name, func(t *testing.T) {
			s, calls := newStore(t)
			ctx := context.Background()
			if err := s.Set(ctx, service, user, fits); err != nil {
				t.Fatalf("Set of %d bytes: %v", MaxSize-1, err)
			}
			err := s.Set(ctx, service, user, tooBig)
			if !errors.Is(err, ErrTooBig) {
				t.Fatalf("Set of %d bytes: err = %v, want ErrTooBig", MaxSize, err)
			}
			if strings.Contains(err.Error(), tooBig) {
				t.Error("the error message contains the secret")
			}
			var tb *TooBigError
			if !errors.As(err, &tb) || tb.Size != MaxSize || tb.Limit != MaxSize-1 {
				t.Errorf("Set of %d bytes: err = %#v; want a *TooBigError of %d bytes, at most %d", MaxSize, err, MaxSize, MaxSize-1)
			}
			if got, err := s.Get(ctx, service, user); err != nil || got != fits {
				t.Errorf("after the refused Set, Get = %d bytes, %v; want the earlier secret", len(got), err)
			}
			if calls != nil {
				if got := len(calls()); got != 2 {
					t.Errorf("backend calls = %d, want 2 (the refused Set must not reach it)", got)
				}
			}
		})
	}
}

// A keyring that is locked, or waits for its unlock, is told apart from one that is not
// there at all.
func TestIsLocked(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{mapError(errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")), true},
		{&OpError{Op: "get", Err: timeoutError{ctxErr: context.DeadlineExceeded}}, true},
		{mapError(errors.New("The name org.freedesktop.secrets was not provided by any .service files")), false},
		{ErrNotFound, false},
	} {
		if got := IsLocked(tc.err); got != tc.want {
			t.Errorf("IsLocked(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
