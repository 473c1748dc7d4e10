package keyring

import "errors"

// LockedReason is the Reason of an *UnavailableError for a keyring that is locked and
// could not be unlocked: its unlock prompt could not show, or was dismissed.
const LockedReason = reasonLocked

// IsLocked reports whether err says that the keyring is locked: it did not answer in
// time (ErrTimeout: it may be waiting for a person to unlock it), or it could not be
// unlocked (an *UnavailableError with LockedReason).
func IsLocked(err error) bool {
	if u, ok := errors.AsType[*UnavailableError](err); ok {
		return u.Reason == LockedReason
	}
	return errors.Is(err, ErrTimeout)
}
