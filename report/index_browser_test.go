package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// idxPlaceholderPNG draws a stand-in thumbnail at twice the index's size: a white
// card with a grey midline and a blue wave, different for each seed.
func idxPlaceholderPNG(seed int) []byte {
	w, h := 2*IndexThumbWidth, 2*IndexThumbHeight
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.White, color.RGBA{0, 0x72, 0xb2, 0xff}, color.RGBA{0xe3, 0xe6, 0xea, 0xff}})
	for x := range w {
		img.SetColorIndex(x, h/2, 2)
		y := h/2 + int(float64(h/3)*math.Sin(float64(x)/(12+float64(seed%7))+float64(seed)))
		for d := -1; d <= 1; d++ {
			img.SetColorIndex(x, y+d, 1)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// TestIndexPagesInBrowser writes the index of 2,000 activities with placeholder
// thumbnails, opens index.html from file:// in headless Chromium and checks what
// rendered: the latest 100 rows, the links to every year, and the thumbnails in
// view loaded. It keeps screenshots of index.html and a year page in
// $CADENCE_ARTIFACTS (or the test's temporary folder).
func TestIndexPagesInBrowser(t *testing.T) {
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed: skipping the browser test")
	}
	if testing.Short() {
		t.Skip("a browser test: skipped in -short mode")
	}
	dir := t.TempDir()
	idx := idxSynthetic(2000)
	names, err := WriteIndexPages(idx, func(name string, render func(io.Writer) error) error {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range idx.Rows {
		if err := os.WriteFile(filepath.Join(dir, r.Thumb), idxPlaceholderPNG(i), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// A copy of index.html with a probe that records, once everything has loaded, how
	// many rows and page links rendered and how many images decoded.
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	probe := `<script>addEventListener("load", () => {
  const imgs = [...document.images];
  const ok = imgs.filter(i => i.complete && i.naturalWidth > 0).length;
  const rows = document.querySelectorAll("tbody tr").length;
  const pages = document.querySelectorAll("nav")[0].querySelectorAll("a").length;
  document.body.setAttribute("data-probe", rows + " rows, " + pages + " pages, " + ok + "/" + imgs.length + " images");
});</script>`
	probePath := filepath.Join(dir, "probe.html")
	if err := os.WriteFile(probePath, []byte(strings.Replace(string(page), "</body>", probe+"</body>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--window-size=1280,1600", "--hide-scrollbars", "--virtual-time-budget=10000"}
	run := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(chrome, append(flags, args...)...)
		cmd.Dir = dir
		done := make(chan struct{})
		var b []byte
		var err error
		go func() { b, err = cmd.Output(); close(done) }()
		select {
		case <-done:
		case <-time.After(90 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatal("chromium did not finish in 90 s")
		}
		if err != nil {
			t.Fatalf("chromium: %v", err)
		}
		return b
	}
	dom := run("--dump-dom", "file://"+probePath)
	m := regexp.MustCompile(`data-probe="(\d+) rows, (\d+) pages, (\d+)/(\d+) images"`).FindSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not run; DOM:\n%.2000s", dom)
	}
	rows, pages := string(m[1]), string(m[2])
	ok, _ := strconv.Atoi(string(m[3]))
	imgs, _ := strconv.Atoi(string(m[4]))
	// The nav links every page but index.html itself.
	if rows != strconv.Itoa(IndexLatest) || pages != strconv.Itoa(len(names)-1) || imgs != IndexLatest || ok < 10 {
		t.Errorf("rendered %s rows, %s page links, %d of %d images; want %d rows, %d links, %d images with the first ten or more loaded",
			rows, pages, ok, imgs, IndexLatest, len(names)-1, IndexLatest)
	}
	t.Logf("index.html in Chromium: %s rows, %s page links, %d of %d lazy images loaded", rows, pages, ok, imgs)

	shots := os.Getenv("CADENCE_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "runs-2024.html"} {
		shot := filepath.Join(shots, "index-pages-"+strings.TrimSuffix(name, ".html")+".png")
		run("--screenshot="+shot, "file://"+filepath.Join(dir, name))
		f, err := os.Open(shot)
		if err != nil {
			t.Fatalf("no screenshot of %s: %v", name, err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 1280 || cfg.Height != 1600 {
			t.Errorf("screenshot of %s: %v, %dx%d", name, err, cfg.Width, cfg.Height)
		}
		t.Logf("screenshot of %s: %s", name, shot)
	}
}
