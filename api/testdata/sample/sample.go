// Package sample is what the record's own test reads: one of each kind of declaration.
package sample

import (
	"context"
	"io"
)

// Kind is a named string.
type Kind string

// Kinds.
const (
	KindA Kind = "a"
	KindB
	hidden = 3
)

// Untyped is an untyped constant.
const Untyped = 1 << 3

// ErrX is a variable.
var ErrX, errY error

// Options is a struct with exported, unexported and embedded fields.
type Options struct {
	io.Reader
	Name, Other string
	Wait        func(context.Context) (int, error)
	secret      string
}

// Source is an interface.
type Source interface {
	io.Closer
	Token(ctx context.Context) (string, error)
}

// Pair is generic.
type Pair[K comparable, V any] struct{ Key K }

// Alias is an alias.
type Alias = Options

type private struct{}

// Open is a function.
func Open(ctx context.Context, o Options, names ...string) (*Options, error) { return nil, nil }

// Close is a method.
func (o *Options) Close() error { return nil }

// Len is a method on a value, with named results.
func (o Options) Len() (n, m int) { return 0, 0 }

// Exported on an unexported type is not part of the API.
func (private) Exported() {}

func open() {}
