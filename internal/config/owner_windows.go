//go:build windows

package config

import (
	"fmt"
	"os"

	"golang.org/x/sys/windows"
)

// trustedInstaller is the SID of the TrustedInstaller service, which owns files that
// Windows installs.
const trustedInstaller = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"

// checkOwner accepts a system file owned by the Administrators group, SYSTEM,
// TrustedInstaller or the person running the program. %ProgramData% lets every user
// create files and folders, which they then own: such a file is refused, as it would let
// one user choose where the others sign in. (Its access list is not read: a file owned
// by an administrator has the access list they gave it.)
func checkOwner(f *os.File) error {
	sd, err := windows.GetSecurityInfo(windows.Handle(f.Fd()), windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION)
	if err != nil {
		return fmt.Errorf("its owner cannot be read: %w", err)
	}
	owner, _, err := sd.Owner()
	if err != nil || owner == nil {
		return fmt.Errorf("its owner cannot be read: %v", err)
	}
	if owner.IsWellKnown(windows.WinBuiltinAdministratorsSid) || owner.IsWellKnown(windows.WinLocalSystemSid) ||
		owner.String() == trustedInstaller {
		return nil
	}
	if me, err := windows.GetCurrentProcessToken().GetTokenUser(); err == nil && owner.Equals(me.User.Sid) {
		return nil
	}
	return fmt.Errorf("it belongs to %s, not to the Administrators group or SYSTEM: only an administrator may write it", owner)
}
