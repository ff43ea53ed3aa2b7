package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"sourcebook/layouts/desk"
)

func serveCmd(stdout io.Writer) *cobra.Command {
	var addr string
	var noOpen bool
	c := &cobra.Command{
		Use:   "serve [FOLDER | reader.yaml]",
		Short: "Open the teacher's desk: build a reader in your web browser",
		Long: `Serve starts the teacher's desk, a small web app on your own computer for
browsing and importing sources, composing a reader and building its
editions without editing reader.yaml by hand. It works on the folder you
name (the current folder by default) and keeps everything in its files:
reader.yaml, the sources folder and out/.

The first line printed is the address to open; the browser opens it
unless --no-open. Only this computer can reach the app (127.0.0.1).
With --addr naming another address, the printed address carries a token
that every request must present. Stop the app with Ctrl-C.`,
		Example: `  sourcebook serve
  sourcebook serve cold-war-reader
  sourcebook serve cold-war-reader --addr 127.0.0.1:8080 --no-open`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, a []string) error {
			path := "."
			if len(a) == 1 {
				path = a[0]
			}
			s, err := desk.New(path)
			if err != nil {
				return err
			}
			ln, url, err := s.Listen(addr)
			if err != nil {
				return usageError{fmt.Errorf("--addr: %v", err)}
			}
			fmt.Fprintln(stdout, url)
			if !noOpen {
				openBrowser(url)
			}
			srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
			defer stop()
			go func() {
				<-ctx.Done()
				srv.Close()
			}()
			err = srv.Serve(ln)
			s.Close()
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return err
		},
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "address to listen on, HOST:PORT (port 0 picks a free one)")
	c.Flags().BoolVar(&noOpen, "no-open", false, "do not open a web browser")
	return c
}

// openBrowser asks the system to open url; no shell is involved, and a
// failure only means the teacher opens the printed address by hand.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
