//go:build windows

package instance

// private does nothing on Windows: the cache folder (%LocalAppData%) is the user's own
// by its access control list, which the app's folder and the socket inherit.
func private(string) error { return nil }

// protect does nothing on Windows: the socket inherits the folder's access control list.
func protect(string) error { return nil }
