package instance

// Open reports whether a window holds the place at (it may be starting, or not
// answering), without asking it anything (diagnose). It takes the lock for a moment: a
// window that starts just then finds it held and asks again, as when two start at once.
func Open(at Place) (bool, error) { return lockHeld(at.Lock) }
