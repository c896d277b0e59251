package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/distribution/reference"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"go.yaml.in/yaml/v3"
)

// The budget the README states for the whole stack.
const memoryBudget = 4 << 30

// Images without a shell, an HTTP client or a self-check in their binary cannot have a health check; their
// dependents wait for service_started. (Loki's image is distroless too, but `loki -health` probes /ready.)
var noHealthCheckPossible = map[string]string{
	"otel-collector": "the contrib image is built FROM scratch",
}

var varRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)([:]?[-?+][^}]*)?\}`)

func checkCompose(r *report, root string) {
	composePath := filepath.Join(root, "compose.yaml")
	envPath := filepath.Join(root, ".env")
	raw, err := os.ReadFile(composePath)
	if err != nil {
		r.fail("compose.yaml readable: %v", err)
		return
	}
	env, err := dotenv.Read(envPath)
	if err != nil {
		r.fail(".env parses: %v", err)
		return
	}

	// Every ${VAR} without a default must come from .env, or Compose silently substitutes an empty string.
	var missing []string
	seen := map[string]bool{}
	for _, m := range varRef.FindAllStringSubmatch(string(raw), -1) {
		name, hasDefault := m[1], m[2] != ""
		if seen[name] {
			continue
		}
		seen[name] = true
		if v, ok := env[name]; !hasDefault && (!ok || v == "") {
			missing = append(missing, fmt.Sprintf("${%s} is not set in .env", name))
		}
	}
	r.check(fmt.Sprintf("compose.yaml: all %d variables it uses are set in .env", len(seen)), missing)

	opts, err := cli.NewProjectOptions([]string{composePath},
		cli.WithWorkingDirectory(root),
		cli.WithEnvFiles(envPath),
		cli.WithDotEnv,
	)
	if err != nil {
		r.fail("compose.yaml loads: %v", err)
		return
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		r.fail("compose.yaml conforms to the Compose Specification (compose-go loader and schema): %v", err)
		return
	}
	r.ok("compose.yaml conforms to the Compose Specification (compose-go loader and schema): project %q, %d services",
		project.Name, len(project.Services))

	rawServices := rawServiceMap(raw)
	names := project.ServiceNames()
	sort.Strings(names)

	checkImages(r, root, project, names, rawServices, env)
	checkBindMounts(r, project, names)
	checkHealth(r, project, names)
	checkMemory(r, project, names)
	checkBrokerHostname(r, project, names)
	checkDemoWiring(r, root, project, names)
}

// rawServiceMap is the services section before interpolation, to see that images come from variables.
func rawServiceMap(raw []byte) map[string]map[string]any {
	var doc struct {
		Services map[string]map[string]any `yaml:"services"`
	}
	_ = yaml.Unmarshal(raw, &doc)
	return doc.Services
}

func pinned(image string) error {
	named, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return fmt.Errorf("%q is not an image reference: %v", image, err)
	}
	if _, ok := named.(reference.Digested); ok {
		return nil
	}
	tagged, ok := named.(reference.Tagged)
	if !ok {
		return fmt.Errorf("%q has no tag", image)
	}
	if tagged.Tag() == "latest" || !regexp.MustCompile(`[0-9]`).MatchString(tagged.Tag()) {
		return fmt.Errorf("%q is not pinned to a version", image)
	}
	return nil
}

// fromEnv returns the .env variable a raw value consists of, e.g. "${POSTGRES_IMAGE}".
func fromEnv(v any) (string, bool) {
	s, _ := v.(string)
	m := regexp.MustCompile(`^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$`).FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1], true
}

func checkImages(r *report, root string, p *types.Project, names []string, rawServices map[string]map[string]any,
	env map[string]string) {
	for _, name := range names {
		s := p.Services[name]
		raw := rawServices[name]
		if s.Build == nil {
			variable, ok := fromEnv(raw["image"])
			var problems []string
			if !ok {
				problems = append(problems, fmt.Sprintf("image %v is not a single ${VAR} from .env", raw["image"]))
			} else if err := pinned(env[variable]); err != nil {
				problems = append(problems, err.Error())
			}
			r.check(fmt.Sprintf("image of %s pinned in .env: %s", name, s.Image), problems)
			continue
		}
		// Built services: every *_IMAGE build argument comes from .env, and the Dockerfile takes its bases from them.
		var problems []string
		rawBuild, _ := raw["build"].(map[string]any)
		rawArgs, _ := rawBuild["args"].(map[string]any)
		var bases []string
		for arg, value := range s.Build.Args {
			if !strings.HasSuffix(arg, "_IMAGE") {
				continue
			}
			if _, ok := fromEnv(rawArgs[arg]); !ok {
				problems = append(problems, fmt.Sprintf("build arg %s=%v is not a single ${VAR} from .env", arg, rawArgs[arg]))
			} else if value == nil {
				problems = append(problems, fmt.Sprintf("build arg %s has no value", arg))
			} else if err := pinned(*value); err != nil {
				problems = append(problems, err.Error())
			} else {
				bases = append(bases, *value)
			}
		}
		problems = append(problems, checkDockerfile(filepath.Join(s.Build.Context, s.Build.Dockerfile), s.Build.Args)...)
		sort.Strings(bases)
		r.check(fmt.Sprintf("image of %s built from %s, bases pinned in .env: %s", name, s.Build.Dockerfile,
			strings.Join(bases, ", ")), problems)
	}
}

// checkDockerfile parses the Dockerfile with BuildKit's own parser and checks that every stage's base is an earlier
// stage or a build argument the service passes, and that the final stage runs as a non-root user.
func checkDockerfile(path string, args types.MappingWithEquals) []string {
	f, err := os.Open(path)
	if err != nil {
		return []string{err.Error()}
	}
	defer f.Close()
	ast, err := parser.Parse(f)
	if err != nil {
		return []string{fmt.Sprintf("%s does not parse: %v", path, err)}
	}
	stages, metaArgs, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		return []string{fmt.Sprintf("%s does not parse: %v", path, err)}
	}
	declared := map[string]bool{}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			declared[kv.Key] = true
		}
	}
	var problems []string
	stageNames := map[string]bool{}
	for _, st := range stages {
		base := st.BaseName
		if m := regexp.MustCompile(`^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$`).FindStringSubmatch(base); m != nil {
			if !declared[m[1]] {
				problems = append(problems, fmt.Sprintf("FROM %s: ARG %s is not declared before the first FROM", base, m[1]))
			}
			if v, ok := args[m[1]]; !ok || v == nil || *v == "" {
				problems = append(problems, fmt.Sprintf("FROM %s: the service passes no build arg %s", base, m[1]))
			}
		} else if !stageNames[strings.ToLower(base)] {
			problems = append(problems, fmt.Sprintf("FROM %s: base images must come from build args pinned in .env", base))
		}
		if st.Name != "" {
			stageNames[strings.ToLower(st.Name)] = true
		}
	}
	if len(stages) < 2 {
		problems = append(problems, "not a multi-stage build")
	}
	user := ""
	for _, cmd := range stages[len(stages)-1].Commands {
		if u, ok := cmd.(*instructions.UserCommand); ok {
			user = u.User
		}
	}
	if user == "" || user == "root" || user == "0" || strings.HasPrefix(user, "0:") || strings.HasPrefix(user, "root:") {
		problems = append(problems, fmt.Sprintf("final stage runs as %q, not as a non-root user", user))
	}
	return problems
}

func checkBindMounts(r *report, p *types.Project, names []string) {
	for _, name := range names {
		for _, v := range p.Services[name].Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			var problems []string
			if _, err := os.Stat(v.Source); err != nil {
				problems = append(problems, fmt.Sprintf("%s does not exist", v.Source))
			}
			rel, _ := filepath.Rel(p.WorkingDir, v.Source)
			r.check(fmt.Sprintf("bind mount of %s exists: ./%s -> %s", name, rel, v.Target), problems)
		}
	}
}

func checkHealth(r *report, p *types.Project, names []string) {
	hasCheck := func(s types.ServiceConfig) bool {
		return s.HealthCheck != nil && !s.HealthCheck.Disable && len(s.HealthCheck.Test) > 0
	}
	var without []string
	for _, name := range names {
		s := p.Services[name]
		var problems []string
		if !hasCheck(s) {
			if reason, ok := noHealthCheckPossible[name]; ok {
				without = append(without, name+" ("+reason+")")
			} else {
				problems = append(problems, "no health check")
			}
		}
		var deps []string
		for dep, d := range s.DependsOn {
			target, ok := p.Services[dep]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("depends on unknown service %s", dep))
			case hasCheck(target) && d.Condition != types.ServiceConditionHealthy:
				problems = append(problems, fmt.Sprintf("depends on %s with %s, not service_healthy", dep, d.Condition))
			case !hasCheck(target) && d.Condition == types.ServiceConditionHealthy:
				problems = append(problems, fmt.Sprintf("waits for %s to be healthy, which has no health check", dep))
			}
			deps = append(deps, dep+":"+strings.TrimPrefix(d.Condition, "service_"))
		}
		sort.Strings(deps)
		what := fmt.Sprintf("health of %s: has a check, waits for [%s]", name, strings.Join(deps, " "))
		if !hasCheck(s) {
			what = fmt.Sprintf("health of %s: no check possible, waits for [%s]", name, strings.Join(deps, " "))
		}
		r.check(what, problems)
	}
	if len(without) > 0 {
		fmt.Printf("     (dependents wait for service_started on: %s)\n", strings.Join(without, ", "))
	}
}

func checkMemory(r *report, p *types.Project, names []string) {
	var total int64
	var parts, problems []string
	for _, name := range names {
		s := p.Services[name]
		limit := int64(s.MemLimit)
		if s.Deploy != nil && s.Deploy.Resources.Limits != nil && s.Deploy.Resources.Limits.MemoryBytes > 0 {
			limit = int64(s.Deploy.Resources.Limits.MemoryBytes)
		}
		if limit <= 0 {
			problems = append(problems, fmt.Sprintf("%s has no memory limit", name))
		}
		total += limit
		parts = append(parts, fmt.Sprintf("%s %dM", name, limit>>20))
	}
	if total > memoryBudget {
		problems = append(problems, fmt.Sprintf("total %d MiB exceeds the 4096 MiB budget", total>>20))
	}
	r.check(fmt.Sprintf("memory limits on every service, total %d MiB of 4096 MiB (%s)", total>>20,
		strings.Join(parts, ", ")), problems)
}

// checkBrokerHostname: the RabbitMQ image keeps its data under /var/lib/rabbitmq/mnesia/rabbit@<hostname>, and a
// container's default hostname is its id, so without a fixed hostname a recreated container starts on an empty
// directory of its volume and the queued messages are gone.
func checkBrokerHostname(r *report, p *types.Project, names []string) {
	for _, name := range names {
		s := p.Services[name]
		for _, v := range s.Volumes {
			if v.Target != "/var/lib/rabbitmq" {
				continue
			}
			var problems []string
			if s.Hostname == "" {
				problems = append(problems, "no fixed hostname: a recreated container would not find its data (mnesia/rabbit@<hostname>)")
			}
			r.check(fmt.Sprintf("%s keeps its data across recreation: hostname %q, volume %s -> %s", name, s.Hostname,
				v.Source, v.Target), problems)
		}
	}
}

// usesAMQP tells from the service's pom whether it has Spring AMQP on its classpath (publishes or consumes events).
func usesAMQP(root string, s types.ServiceConfig) (bool, error) {
	service, ok := s.Build.Args["SERVICE"]
	if !ok || service == nil || *service == "" {
		return false, fmt.Errorf("no SERVICE build arg")
	}
	pom, err := os.ReadFile(filepath.Join(root, "demo-services", *service, "pom.xml"))
	if err != nil {
		return false, err
	}
	return regexp.MustCompile(`<artifactId>(spring-boot-starter-amqp|spring-rabbit)</artifactId>`).Match(pom), nil
}

// checkDemoWiring holds compose.yaml to the contract the demo services are written against.
func checkDemoWiring(r *report, root string, p *types.Project, names []string) {
	required := map[string]string{
		"SERVER_PORT":                   "8080",
		"SPRING_PROFILES_ACTIVE":        "stack",
		"OTEL_EXPORTER_OTLP_ENDPOINT":   "http://otel-collector:4318",
		"PLATFORM_LOGGING_OTLP_ENABLED": "true",
		"PLATFORM_ENVIRONMENT":          "compose",
	}
	// Only for services with Spring AMQP on their classpath; the others get none of these and do not wait for RabbitMQ.
	broker := map[string]string{
		"SPRING_RABBITMQ_HOST":                    "rabbitmq",
		"SPRING_RABBITMQ_PORT":                    "5672",
		"PLATFORM_EVENTS_EMBEDDED_BROKER_ENABLED": "false",
	}
	databases := map[string]string{}
	var problems, amqpServices []string
	demo := 0
	for _, name := range names {
		s := p.Services[name]
		if s.Build == nil {
			continue
		}
		demo++
		get := func(k string) string {
			if v, ok := s.Environment[k]; ok && v != nil {
				return *v
			}
			return ""
		}
		for k, want := range required {
			if got := get(k); got != want {
				problems = append(problems, fmt.Sprintf("%s: %s=%q, want %q", name, k, got, want))
			}
		}
		_, waitsForBroker := s.DependsOn["rabbitmq"]
		amqp, err := usesAMQP(root, s)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: cannot tell whether it uses AMQP: %v", name, err))
		case amqp:
			amqpServices = append(amqpServices, name)
			for k, want := range broker {
				if got := get(k); got != want {
					problems = append(problems, fmt.Sprintf("%s: %s=%q, want %q", name, k, got, want))
				}
			}
			for _, k := range []string{"SPRING_RABBITMQ_USERNAME", "SPRING_RABBITMQ_PASSWORD"} {
				if get(k) == "" {
					problems = append(problems, fmt.Sprintf("%s: %s is empty", name, k))
				}
			}
			if !waitsForBroker {
				problems = append(problems, fmt.Sprintf("%s uses AMQP but does not wait for rabbitmq", name))
			}
		default:
			for k := range s.Environment {
				if strings.HasPrefix(k, "SPRING_RABBITMQ_") || strings.HasPrefix(k, "PLATFORM_EVENTS_") {
					problems = append(problems, fmt.Sprintf("%s has no AMQP on its classpath but sets %s", name, k))
				}
			}
			if waitsForBroker {
				problems = append(problems, fmt.Sprintf("%s has no AMQP on its classpath but waits for rabbitmq", name))
			}
		}
		if name != "users" && get("PLATFORM_SECURITY_JWT_JWKS_URI") != "http://users:8080/.well-known/jwks.json" {
			problems = append(problems, fmt.Sprintf("%s: PLATFORM_SECURITY_JWT_JWKS_URI does not point at users", name))
		}
		// The starter refuses plain http to a host other than loopback unless allowed, so the service would not start.
		if strings.HasPrefix(get("PLATFORM_SECURITY_JWT_JWKS_URI"), "http://") && get("PLATFORM_SECURITY_JWT_JWKS_ALLOW_HTTP") != "true" {
			problems = append(problems, fmt.Sprintf("%s: PLATFORM_SECURITY_JWT_JWKS_URI is plain http without PLATFORM_SECURITY_JWT_JWKS_ALLOW_HTTP=true", name))
		}
		for k, v := range s.Environment {
			if !strings.HasSuffix(k, "_SERVICE_URL") || v == nil {
				continue
			}
			host := strings.TrimPrefix(*v, "http://")
			host = strings.SplitN(host, ":", 2)[0]
			if _, ok := p.Services[host]; !ok {
				problems = append(problems, fmt.Sprintf("%s: %s=%s names no service", name, k, *v))
			}
		}
		_, waitsForDatabase := s.DependsOn["postgres"]
		if url := get("SPRING_DATASOURCE_URL"); url == "" && waitsForDatabase {
			problems = append(problems, fmt.Sprintf("%s has no datasource but waits for postgres", name))
		} else if url != "" && !waitsForDatabase {
			problems = append(problems, fmt.Sprintf("%s has a datasource but does not wait for postgres", name))
		}
		if url := get("SPRING_DATASOURCE_URL"); url != "" {
			db := url[strings.LastIndex(url, "/")+1:]
			if other, taken := databases[db]; taken {
				problems = append(problems, fmt.Sprintf("%s and %s share database %s", other, name, db))
			}
			databases[db] = name
			if get("SPRING_DATASOURCE_USERNAME") != db || get("SPRING_DATASOURCE_PASSWORD") == "" {
				problems = append(problems, fmt.Sprintf("%s: database %s needs its own user %s and a password", name, db, db))
			}
		}
	}
	sort.Strings(amqpServices)
	r.check(fmt.Sprintf("demo services wired per the stack contract: %d services, %d databases, one user each; "+
		"broker settings for those with AMQP only (%s)", demo, len(databases), strings.Join(amqpServices, ", ")), problems)
}
