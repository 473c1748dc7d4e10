// Package wake tells the window when the machine has woken from sleep, or its network has
// come back: its timers stood still while it slept, so a token may have expired unseen,
// and a session that was offline may work again. On Linux it follows logind's
// PrepareForSleep and NetworkManager's state on the system bus; on Windows the window
// hears the wake itself (desktop.Options.OnWake); elsewhere the session's timers notice
// within their bound (ten minutes).
package wake

import "errors"

// Event says why the program is told to look again.
type Event string

// The events.
const (
	Resumed   Event = "resumed"    // the machine woke from sleep
	NetworkUp Event = "network_up" // the network is connected again
)

// ErrUnsupported is Watch's answer where nothing can be followed without the window.
var ErrUnsupported = errors.New("wake: this system's wake-up cannot be followed here")
