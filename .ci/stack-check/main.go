// Command stack-check validates the stack-as-code files that no Docker engine can try out here:
//
//	stack-check compose ROOT          compose.yaml + .env + Dockerfile, with compose-go (the Compose Specification
//	                                  loader and JSON schema Docker Compose itself uses) and BuildKit's parser
//	stack-check grafana ROOT RULES    Grafana provisioning and dashboards; writes every dashboard PromQL expression
//	                                  into RULES as recording rules, for `promtool check rules` to parse
//
// It prints one line per check ("ok   ..." or "FAIL ...") and exits 1 if any failed.
package main

import (
	"fmt"
	"os"
)

type report struct {
	passed, failed int
	failures       []string // the failed lines, for tests
}

func (r *report) ok(format string, args ...any) {
	r.passed++
	fmt.Printf("ok   "+format+"\n", args...)
}

func (r *report) fail(format string, args ...any) {
	r.failed++
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
	fmt.Printf("FAIL "+format+"\n", args...)
}

// check reports a failure for each problem, or one success line when there is none.
func (r *report) check(what string, problems []string) {
	if len(problems) == 0 {
		r.ok("%s", what)
		return
	}
	reported := map[string]bool{}
	for _, p := range problems {
		if !reported[p] {
			reported[p] = true
			r.fail("%s: %s", what, p)
		}
	}
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: stack-check compose ROOT | stack-check grafana ROOT RULES_OUT")
		os.Exit(2)
	}
	r := &report{}
	switch os.Args[1] {
	case "compose":
		checkCompose(r, os.Args[2])
	case "grafana":
		if len(os.Args) < 4 {
			fmt.Fprintln(os.Stderr, "usage: stack-check grafana ROOT RULES_OUT")
			os.Exit(2)
		}
		checkGrafana(r, os.Args[2], os.Args[3])
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n", os.Args[1])
		os.Exit(2)
	}
	// Counted by .ci/validate-stack into its own summary.
	fmt.Printf("# %d passed, %d failed\n", r.passed, r.failed)
	if r.failed > 0 {
		os.Exit(1)
	}
}
