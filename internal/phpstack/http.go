package phpstack

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

var probeClient = &http.Client{
	Timeout:   2 * time.Second,
	Transport: &http.Transport{DisableKeepAlives: true},
}

// httpAnswers succeeds when url answers at all.
func httpAnswers(url string) error {
	resp, err := probeClient.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// pingPID returns the pid the ping page at url answers with.
func pingPID(url string) (int, error) {
	resp, err := probeClient.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	var pid int
	if _, err := fmt.Sscanf(string(body), "phpstack-ok %d", &pid); resp.StatusCode != http.StatusOK || err != nil {
		return 0, fmt.Errorf("GET %s: %s %q", url, resp.Status, body)
	}
	return pid, nil
}
