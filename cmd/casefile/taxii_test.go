package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/taxii"
)

// TestTaxiiCommand serves the demo store and reads its incidents.
// TestTaxiiCommand serves the TAXII handler alone (casefile taxii) and
// mounted in the whole server (casefile serve, under /taxii2/).
func TestTaxiiCommand(t *testing.T) {
	for _, tc := range []struct{ cmd, mount string }{{"taxii", ""}, {"serve", "/taxii2/"}} {
		t.Run(tc.cmd, func(t *testing.T) { testTaxiiCommand(t, tc.cmd, tc.mount) })
	}
}

func testTaxiiCommand(t *testing.T, cmd, mount string) {
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "demo"); code != 0 {
		t.Fatalf("demo exited %d", code)
	}
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		code, err := run(ctx, []string{"--db", db, "--quiet", cmd, "--addr", "127.0.0.1:0"}, pw, io.Discard)
		if err != nil {
			t.Log(err)
		}
		pw.Close()
		done <- code
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	base := strings.Fields(line)[4] + mount
	u := base + "casefile/collections/" + taxii.CollectionID + "/objects/?match[type]=incident"
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", taxii.MediaType)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		Objects []struct {
			Type string `json:"type"`
			Name string `json:"name"`
		} `json:"objects"`
	}
	err = json.NewDecoder(res.Body).Decode(&env)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 || len(env.Objects) != 1 || env.Objects[0].Type != "incident" {
		t.Errorf("GET %s: %d %+v %v", u, res.StatusCode, env, err)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("%s exited %d", cmd, code)
	}
}
