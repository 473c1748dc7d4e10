package window

import (
	"context"
	"errors"

	"atomgit.com/atomgit-login/atomgit-login/internal/wake"
)

// watchWake has the session look again at once when the machine wakes from sleep or its
// network comes back (internal/wake: logind and NetworkManager on Linux), until ctx ends:
// the window then shows the truth within moments, not at its timers' next look (within
// ten minutes). Without a system bus the window works as before, and says so in its log.
func (c *Controller) watchWake(ctx context.Context) {
	err := wake.Watch(ctx, c.woke)
	if err != nil && !errors.Is(err, wake.ErrUnsupported) {
		c.log.Info("sleep and wake are not followed: the session's timers notice within 10 minutes", "err", err)
	}
}

// woke checks the session the window shows: a refresh or retry that is due runs now.
func (c *Controller) woke(why wake.Event) {
	c.log.Info("woke", "why", why)
	go c.view().m.CheckNow()
}
