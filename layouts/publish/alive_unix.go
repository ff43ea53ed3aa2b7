//go:build unix

package publish

import "syscall"

// alive reports whether a process with this id is running (or may be:
// one we may not signal is taken as running).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
