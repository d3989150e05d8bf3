// Command demo shows one ephpm_kv store shared by every worker of a pool:
// php-fpm (4 workers) behind nginx serves a hit counter page, and each
// response names the worker pid that served it. Then php-fpm is reloaded as
// `systemctl reload` does, and the counter goes on in the new workers: the
// store is a file on tmpfs (ephpm_kv.store_file) that the new master maps
// again. Run it through tests/demo.sh after `make build`. With DEMO_KEEP=1
// the stack keeps running until Ctrl-C.
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
	storeDir, err := os.MkdirTemp("/dev/shm", "ephpm-kv-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(storeDir)
	ini = append(ini, "ephpm_kv.store_file = "+storeDir+"/store")
	fmt.Println("starting php-fpm (static pool of 4 workers) behind nginx, with", ini[0])
	fmt.Println("and", ini[len(ini)-1])
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

	before, err := fire(st.URL("/index.php"), 12)
	if err != nil {
		return fmt.Errorf("%w\n%s", err, st.Logs())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	workers, err := st.Reload(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("\nphp-fpm reloaded (SIGUSR2, as systemctl reload does): new workers %v\n\n", workers)
	after, err := fire(st.URL("/index.php"), 8)
	if err != nil {
		return fmt.Errorf("%w\n%s", err, st.Logs())
	}
	if after != before+8 {
		return fmt.Errorf("the counter went from %d to %d over the reload and 8 hits\n%s", before, after, st.Logs())
	}

	if os.Getenv("DEMO_KEEP") != "1" {
		fmt.Println("\none counter, many pids: every worker sees the same store, and it outlives a reload.")
		fmt.Println("(DEMO_KEEP=1 keeps it running)")
		return nil
	}
	fmt.Printf("\nrunning: curl %s   (Ctrl-C stops php-fpm and nginx)\n", st.URL("/"))
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}

// fire sends n requests one after another, prints each response line and
// returns the last hit count.
func fire(url string, n int) (hits int, err error) {
	client := &http.Client{Timeout: 10 * time.Second}
	for i := 0; i < n; i++ {
		line, err := get(client, url)
		if err != nil {
			return 0, err
		}
		fmt.Print(line)
		if _, err := fmt.Sscanf(line, "hit %d", &hits); err != nil {
			return 0, fmt.Errorf("GET %s: %q: %w", url, line, err)
		}
	}
	return hits, nil
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
