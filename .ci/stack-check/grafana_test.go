package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const promAndLoki = `apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    uid: prometheus
    isDefault: true
    jsonData:
      exemplarTraceIdDestinations:
        - name: trace_id
          datasourceUid: jaeger
  - name: Jaeger
    type: jaeger
    uid: jaeger
    jsonData:
      tracesToLogsV2:
        datasourceUid: loki
  - name: Loki
    type: loki
    uid: loki
    jsonData:
      derivedFields:
        - matcherType: label
          matcherRegex: trace_id
          datasourceUid: jaeger
`

// stack writes a minimal stack (datasources and one dashboard) under a temporary root.
func stack(t *testing.T, datasources, dashboard string) (root, rulesOut string) {
	t.Helper()
	root = t.TempDir()
	for path, content := range map[string]string{
		"grafana/provisioning/datasources/datasources.yaml": datasources,
		"grafana/dashboards/test.json":                      dashboard,
	} {
		full := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, filepath.Join(root, "dashboard-expressions.rules.yml")
}

func dashboard(panelDatasource, targetDatasource, expr string) string {
	panel := `{"id": 1, "type": "timeseries", "title": "p"` + panelDatasource + `, "targets": [{"refId": "A", "expr": "` + expr + `"` + targetDatasource + `}]}`
	return `{"uid": "test", "title": "t", "templating": {"list": []}, "panels": [` + panel + `]}`
}

func failuresContaining(r *report, text string) bool {
	for _, f := range r.failures {
		if strings.Contains(f, text) {
			return true
		}
	}
	return false
}

// A panel and target without a datasource run on Grafana's default one: their PromQL must reach promtool.
func TestTargetWithoutDatasourceUsesTheProvisionedDefault(t *testing.T) {
	root, rulesOut := stack(t, promAndLoki, dashboard("", "", "sum(rate(broken_total[5m])"))
	r := &report{}
	checkGrafana(r, root, rulesOut)
	if r.failed != 0 {
		t.Fatalf("unexpected failures: %v", r.failures)
	}
	rules, err := os.ReadFile(rulesOut)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rules), `"sum(rate(broken_total[5m])"`) {
		t.Fatalf("the default-datasource expression is not in the rules for promtool:\n%s", rules)
	}
}

func TestTargetWithoutDatasourceFailsWithoutADefault(t *testing.T) {
	noDefault := strings.Replace(promAndLoki, "    isDefault: true\n", "", 1)
	root, rulesOut := stack(t, noDefault, dashboard("", "", "up"))
	r := &report{}
	checkGrafana(r, root, rulesOut)
	if !failuresContaining(r, "target A names no datasource (nor does its panel) and none is provisioned with isDefault: true") {
		t.Fatalf("no failure for a target without datasource and no default: %v", r.failures)
	}
}

func TestTwoDefaultDatasourcesFail(t *testing.T) {
	twoDefaults := strings.Replace(promAndLoki, "    uid: loki\n", "    uid: loki\n    isDefault: true\n", 1)
	root, rulesOut := stack(t, twoDefaults, dashboard("", "", "up"))
	r := &report{}
	checkGrafana(r, root, rulesOut)
	if !failuresContaining(r, "loki, prometheus are all marked isDefault") {
		t.Fatalf("no failure for two default datasources: %v", r.failures)
	}
}

func TestTargetOnAnUncheckedDatasourceTypeFails(t *testing.T) {
	jaeger := `, "datasource": {"type": "jaeger", "uid": "jaeger"}`
	root, rulesOut := stack(t, promAndLoki, dashboard("", jaeger, "whatever"))
	r := &report{}
	checkGrafana(r, root, rulesOut)
	if !failuresContaining(r, `target A uses datasource "jaeger" of type jaeger; only prometheus and loki queries can be checked`) {
		t.Fatalf("no failure for a jaeger target: %v", r.failures)
	}
}

func TestTargetDatasourceOverridesThePanelAndLokiIsChecked(t *testing.T) {
	prom := `, "datasource": {"type": "prometheus", "uid": "prometheus"}`
	loki := `, "datasource": {"type": "loki", "uid": "loki"}`
	root, rulesOut := stack(t, promAndLoki, dashboard(prom, loki, "not a stream selector"))
	r := &report{}
	checkGrafana(r, root, rulesOut)
	if !failuresContaining(r, "does not start with a stream selector") {
		t.Fatalf("the target's loki datasource was not used: %v", r.failures)
	}
}

// The rules file of an earlier run must not survive a run that writes none.
func TestStaleRulesFileIsRemoved(t *testing.T) {
	root, rulesOut := stack(t, "apiVersion: 1\ndatasources: []\n", dashboard("", "", "up"))
	if err := os.WriteFile(rulesOut, []byte("groups: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &report{}
	checkGrafana(r, root, rulesOut)
	if r.failed == 0 {
		t.Fatal("no failure without datasources")
	}
	if _, err := os.Stat(rulesOut); !os.IsNotExist(err) {
		t.Fatalf("stale %s left behind (%v)", rulesOut, err)
	}
}
