//go:build desktop && !(linux && webkit2_41)

package desktop

// clearBrowsingData is not there yet outside Linux's WebKitGTK.
func clearBrowsingData() {}
