// Command hostgo stands in for a host that already runs a Go runtime
// (FrankenPHP): built with -buildmode=c-shared and preloaded into php, it
// starts Go before ephpm_kv's MINIT, which must then refuse to start the store.
package main

import "C"

//export ephpm_test_host_go
func ephpm_test_host_go() C.int { return 1 }

func main() {}
