//go:build integration

package e2e

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// TestChineseIsDrawnInChinese reads the Chinese window back from the screen with OCR
// (tesseract, chi_sim): the menu, the sentence under the app's name (the default's
// Chinese form), the status and the buttons are drawn as Chinese characters, not as the
// empty boxes a machine without a CJK font shows. The dark-on-light text is read; white
// on the red button is left out, as OCR reads it poorly whatever the font.
func TestChineseIsDrawnInChinese(t *testing.T) {
	w := newWorld(t, fakeatomgit.Options{})
	env := append(w.env, "LANG=zh_CN.UTF-8")
	a := startApp(t, "zh", env)
	a.waitShown("signed_out")
	readsChinese(t, "zh-1-signed-out", "账户", "登录一次你的AtomGit工具都保持登录", "你尚未登录", "改用我的网页浏览器")

	signInThroughTheWindow(t, w)
	a.waitShown("signed_in")
	readsChinese(t, "zh-2-signed-in", "访问令牌有效期至", "已保存在系统钥匙环中", "立即刷新", "退出登录", "添加其他账户")
}

// readsChinese keeps the window as test-output/NAME.png until OCR reads every one of
// phrases in it (spaces and punctuation aside), for at most 30 s: the frame reaches the
// X server a little after the page reports it shown. The test fails with what OCR read.
func readsChinese(t *testing.T, name string, phrases ...string) {
	t.Helper()
	path := filepath.Join(outputDir, name+".png")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if out, err := exec.Command("import", "-window", windowTitled(t, title), path).CombinedOutput(); err != nil {
			t.Fatalf("screenshot: %v: %s", err, out)
		}
		out, err := exec.Command("tesseract", path, "stdout", "-l", "chi_sim", "--psm", "6").Output()
		if err != nil {
			t.Fatalf("tesseract: %v (scripts/deps test installs it)", err)
		}
		read := letters(string(out))
		var missing []string
		for _, p := range phrases {
			if !strings.Contains(read, letters(p)) {
				missing = append(missing, p)
			}
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			fonts, _ := exec.Command("fc-list", ":lang=zh", "family").Output()
			t.Fatalf("%s: OCR does not read %q in the window (fonts for Chinese: %q; scripts/deps test installs one); it read:\n%s",
				name, missing, strings.TrimSpace(string(fonts)), out)
		}
		time.Sleep(500 * time.Millisecond) // polling the screen: X has no "painted" event for us
	}
}

// letters is s without spaces and punctuation, which OCR reads unevenly (a full-width
// comma as a comma, a space more or less).
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}
