package keyring

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestMemory(t *testing.T) {
	ctx := context.Background()
	var m Memory // the zero value is ready

	if _, err := m.Get(ctx, "svc", "u"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get on empty store: err = %v, want ErrNotFound", err)
	}
	if err := m.Delete(ctx, "svc", "u"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete on empty store: err = %v, want ErrNotFound", err)
	}
	if err := m.Set(ctx, "svc", "u", "one"); err != nil {
		t.Fatal(err)
	}
	if err := m.Set(ctx, "svc", "u", "two"); err != nil {
		t.Fatal(err)
	}
	if err := m.Set(ctx, "svc", "other", "three"); err != nil {
		t.Fatal(err)
	}
	if got, err := m.Get(ctx, "svc", "u"); err != nil || got != "two" {
		t.Fatalf("Get = %q, %v; want %q", got, err, "two")
	}
	if err := m.Delete(ctx, "svc", "u"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Get(ctx, "svc", "u"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if got, err := m.Get(ctx, "svc", "other"); err != nil || got != "three" {
		t.Fatalf("Get(other) = %q, %v; want %q", got, err, "three")
	}
}

func TestMemoryFailNext(t *testing.T) {
	ctx := context.Background()
	var m Memory
	locked := &UnavailableError{Reason: "the keyring is locked"}
	m.FailNext(locked)
	m.FailNext(ErrTimeout)

	err := m.Set(ctx, "svc", "u", "x")
	if !IsUnavailable(err) {
		t.Fatalf("first call: err = %v, want unavailable", err)
	}
	if want := "keyring: set svc/u: unavailable: the keyring is locked"; err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}
	if _, err := m.Get(ctx, "svc", "u"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("second call: err = %v, want ErrTimeout", err)
	}
	if _, err := m.Get(ctx, "svc", "u"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("third call: err = %v, want ErrNotFound (the failed Set stored nothing)", err)
	}
}

func TestMemoryBlock(t *testing.T) {
	var m Memory
	release := m.Block()
	defer release()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := m.Get(ctx, "svc", "u"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("blocked Get: err = %v, want ErrTimeout", err)
	}

	done := make(chan error, 1)
	go func() { done <- m.Set(context.Background(), "svc", "u", "x") }()
	select {
	case err := <-done:
		t.Fatalf("Set returned %v while blocked", err)
	default:
	}
	release()
	release() // harmless
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got, err := m.Get(context.Background(), "svc", "u"); err != nil || got != "x" {
		t.Fatalf("Get = %q, %v; want %q", got, err, "x")
	}
}

func TestMemoryConcurrentUse(t *testing.T) {
	var m Memory
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			user := fmt.Sprint("user", i)
			if err := m.Set(ctx, "svc", user, user+"-secret"); err != nil {
				t.Error(err)
			}
			if got, err := m.Get(ctx, "svc", user); err != nil || got != user+"-secret" {
				t.Errorf("Get(%q) = %q, %v", user, got, err)
			}
		})
	}
	wg.Wait()
}
