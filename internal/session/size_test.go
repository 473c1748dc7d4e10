package session

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/keyring"
)

// sizeStore records the size of every entry written, counted as keyring.MaxSize counts
// it: service + user + secret, in bytes.
type sizeStore struct {
	keyring.Store
	mu    sync.Mutex     // guards sizes
	sizes map[string]int // user → size of the last write
}

func (s *sizeStore) Set(ctx context.Context, service, user, secret string) error {
	s.mu.Lock()
	s.sizes[user] = len(service) + len(user) + len(secret)
	s.mu.Unlock()
	return s.Store.Set(ctx, service, user, secret)
}

// Every keyring entry stays under Credential Manager's limit (keyring.MaxSize, 2560
// bytes, enforced on every system) with the largest realistic content: long tokens, long
// names, and ten parked accounts in the index beside the active one.
func TestKeyringEntriesFitWithTheLargestRealisticContent(t *testing.T) {
	const (
		// The longer of the two services (wiring.Service "atomgit-login", and
		// wiring.DemoService).
		service = "atomgit-login-demo"
		// AtomGit's tokens are 40–60 characters; 256 leaves room for a longer opaque
		// format. JWT-style tokens (1–1.5 KB each) would not fit: see the headroom logged.
		tokenLen = 256
		loginLen = 64  // AtomGit logins are short; GitHub's limit is 39
		nameLen  = 256 // characters, each 3 bytes in UTF-8 (CJK)
		avatar   = 512 // bytes of avatar URL (a signed CDN address)
	)
	// The realm is the client id at the token host: a long id and a long self-hosted host.
	realm := strings.Repeat("c", 64) + "@" + strings.Repeat("h", 59) + ".com"
	// Timestamps in a zone with an offset, with nanoseconds: their longest JSON form.
	at := time.Date(2026, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", 5*3600+45*60))
	record := func(login string) *Record {
		return &Record{
			Token: atomgit.Token{
				AccessToken:   strings.Repeat("a", tokenLen),
				RefreshToken:  strings.Repeat("r", tokenLen),
				Expiry:        at,
				RefreshExpiry: at,
				ExpiryAssumed: true,
			},
			Account: Account{
				ID:        "18446744073709551615",
				Login:     login,
				Name:      strings.Repeat("名", nameLen),
				AvatarURL: "https://cdn.atomgit.com/" + strings.Repeat("x", avatar-len("https://cdn.atomgit.com/")),
				HTMLURL:   "https://atomgit.com/" + login,
			},
			RefreshedAt: at,
			Refused:     true,
		}
	}

	ctx := context.Background()
	store := &sizeStore{Store: sizeTestStore(t), sizes: map[string]int{}}
	a := Accounts{Store: store, Service: service, Realm: realm}
	// Eleven sign-ins, each parking the one before: ten parked accounts in the index.
	for i := range 11 {
		login := fmt.Sprintf("%0*d", loginLen, i)
		if err := a.park(ctx, login); err != nil {
			t.Fatalf("park before sign-in %d: %v", i, err)
		}
		if err := a.Active().save(ctx, record(login)); err != nil {
			t.Fatalf("sign-in %d: %v", i, err)
		}
	}
	if list, err := a.List(ctx); err != nil || len(list) != 11 {
		t.Fatalf("List = %d accounts, %v; want 11", len(list), err)
	}

	largest, largestUser := 0, ""
	for user, size := range store.sizes {
		if size >= keyring.MaxSize {
			t.Errorf("entry %s is %d bytes, want under %d", user, size, keyring.MaxSize)
		}
		if size > largest {
			largest, largestUser = size, user
		}
	}
	if want := 10 + 1 + 1; len(store.sizes) != want { // parked, active, index
		t.Errorf("%d entries written, want %d", len(store.sizes), want)
	}
	t.Logf("largest entry %s: %d of %d bytes; each token could grow by %d bytes more",
		largestUser, largest, keyring.MaxSize, (keyring.MaxSize-1-largest)/2)
}
