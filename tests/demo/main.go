// Command demo shows one ephpm_kv store shared by every worker of a pool:
// php-fpm (4 workers) behind nginx serves a hit counter page, and each
// response names the worker pid that served it. Run it through tests/demo.sh
// after `make build`. With DEMO_KEEP=1 the stack keeps running until Ctrl-C.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ephpm/ephpm-kv/internal/phpstack"
)

const counterPage = `<?php
$hits = ephpm_kv_incr('hits');
printf("hit %4d served by php-fpm worker pid %d\n", $hits, getmypid());
`

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run() error {
	ini, err := phpstack.ExtensionINI()
	if err != nil {
		return err
	}
	fmt.Println("starting php-fpm (static pool of 4 workers) behind nginx, with", ini[0])
	st, err := phpstack.Start(context.Background(), phpstack.Options{
		SAPI:    phpstack.FPM,
		Workers: 4,
		INI:     ini,
		Files:   map[string]string{"index.php": counterPage},
	})
	if err != nil {
		return err
	}
	defer st.Stop()
	fmt.Printf("workers: %v\n\n", st.WorkerPIDs())

	if err := fire(st.URL("/index.php"), 20); err != nil {
		return fmt.Errorf("%w\n%s", err, st.Logs())
	}

	if os.Getenv("DEMO_KEEP") != "1" {
		fmt.Println("\none counter, many pids: every worker sees the same store. (DEMO_KEEP=1 keeps it running)")
		return nil
	}
	fmt.Printf("\nrunning: curl %s   (Ctrl-C stops php-fpm and nginx)\n", st.URL("/"))
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}

// fire sends n requests one after another and prints each response line.
func fire(url string, n int) error {
	client := &http.Client{Timeout: 10 * time.Second}
	for i := 0; i < n; i++ {
		line, err := get(client, url)
		if err != nil {
			return err
		}
		fmt.Print(line)
	}
	return nil
}

func get(client *http.Client, url string) (string, error) {
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "hit ") {
		return "", fmt.Errorf("GET %s: %s %q", url, resp.Status, body)
	}
	return string(body), nil
}
