// Emits deploy/: a multi-stage Dockerfile (Debian 12, non-root), docker-compose.yml (the
// service, its database server, Prometheus), Kubernetes manifests (Deployment with probes on
// /health/live and /health/ready, Service, ConfigMap with the spec, Secret for the DSN
// variables), prometheus.yml and a Grafana dashboard.
#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "generate/emitters.hpp"

namespace v5gen {

namespace {

std::string monitoring_port(const v5store::SystemSpec& spec) {
  const auto colon = spec.monitoring.listen.rfind(':');
  return colon == std::string::npos ? "9464" : spec.monitoring.listen.substr(colon + 1);
}

// The ${VAR} names the DSNs read from the environment, sorted.
std::set<std::string> dsn_variables(const v5store::SystemSpec& spec) {
  std::set<std::string> names;
  static const std::regex reference(R"v5(\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\})v5");
  for (const auto& database : spec.databases) {
    for (std::sregex_iterator it(database.dsn_template.begin(), database.dsn_template.end(),
                                 reference),
         end;
         it != end; ++it) {
      names.insert((*it)[1].str());
    }
  }
  return names;
}

// The inputs of the deploy files: the system's name, spec file, port, backends and DSN
// variables (not the entities).
std::string deploy_hash(const GenerationContext& context) {
  std::string inputs = "system=" + context.spec.name + ";spec=" + context.spec_file_name +
                       ";port=" + monitoring_port(context.spec) + ";";
  for (const auto& d : context.spec.databases) {
    inputs += std::string(v5store::to_string(d.backend)) + ":" + d.dsn_template + "|";
  }
  return hash_of(inputs);
}

bool has_backend(const v5store::SystemSpec& spec, v5store::BackendKind kind) {
  for (const auto& d : spec.databases) {
    if (d.backend == kind) return true;
  }
  return false;
}

std::string dockerfile(const GenerationContext& context) {
  const auto& spec = context.spec;
  return generated_header("#", context, deploy_hash(context)) +
         fmt::format(R"v5(# Build: docker build --build-context v5store=<path to the v5store source> \
#          -f deploy/Dockerfile -t {0}_service .
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      g++ cmake make libsoci-dev libyaml-cpp-dev libboost-dev libfmt-dev libcli11-dev \
      libsqlite3-dev libpq-dev libmariadb-dev && rm -rf /var/lib/apt/lists/*
COPY --from=v5store . /src/v5store
RUN cmake -S /src/v5store -B /build/v5store -DCMAKE_BUILD_TYPE=Release \
      -DV5_BUILD_TESTS=OFF -DV5_BUILD_BENCH=OFF -DV5_INSTALL=ON \
 && cmake --build /build/v5store -j"$(nproc)" && cmake --install /build/v5store --prefix /opt/v5store
COPY . /src/service
RUN cmake -S /src/service -B /build/service -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
      -DCMAKE_PREFIX_PATH=/opt/v5store \
 && cmake --build /build/service -j"$(nproc)"

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libsoci-core4.0 libsoci-sqlite3-4.0 libsoci-postgresql4.0 libsoci-mysql4.0 \
      libyaml-cpp0.7 libfmt9 ca-certificates && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/{0} --create-home {0}
COPY --from=build /build/service/{0}_service /usr/local/bin/{0}_service
COPY spec/{1} /etc/{0}/{1}
USER 10001:10001
WORKDIR /var/lib/{0}
ENV V5_MONITORING_LISTEN=0.0.0.0:{2}
EXPOSE {2}
ENTRYPOINT ["/usr/local/bin/{0}_service", "/etc/{0}/{1}"]
)v5",
                     spec.name, context.spec_file_name, monitoring_port(spec));
}

std::string compose(const GenerationContext& context) {
  const auto& spec = context.spec;
  const std::string port = monitoring_port(spec);
  std::string environment;
  std::string database_service;
  std::string depends;
  if (has_backend(spec, v5store::BackendKind::postgresql)) {
    database_service =
        "  postgres:\n    image: postgres:15\n    environment:\n"
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-change-me}\n"
        "      POSTGRES_DB: " + spec.name + "\n    volumes: [\"pgdata:/var/lib/postgresql/data\"]\n";
    depends = "    depends_on: [postgres]\n";
  } else if (has_backend(spec, v5store::BackendKind::mysql)) {
    database_service =
        "  mariadb:\n    image: mariadb:10.11\n    environment:\n"
        "      MARIADB_ROOT_PASSWORD: ${MARIADB_ROOT_PASSWORD:-change-me}\n"
        "      MARIADB_DATABASE: " + spec.name + "\n    volumes: [\"mydata:/var/lib/mysql\"]\n";
    depends = "    depends_on: [mariadb]\n";
  }
  for (const auto& name : dsn_variables(spec)) {
    environment += fmt::format("      {0}: ${{{0}:-}}\n", name);
  }
  std::string volumes = "volumes:\n  servicedata: {}\n";
  if (has_backend(spec, v5store::BackendKind::postgresql)) volumes += "  pgdata: {}\n";
  if (has_backend(spec, v5store::BackendKind::mysql)) volumes += "  mydata: {}\n";
  return generated_header("#", context, deploy_hash(context)) +
         fmt::format(R"v5(services:
  {0}:
    build:
      context: ..
      dockerfile: deploy/Dockerfile
    environment:
      V5_MONITORING_LISTEN: "0.0.0.0:{1}"
{2}    ports: ["127.0.0.1:{1}:{1}"]
    volumes: ["servicedata:/var/lib/{0}"]
{3}{4}  prometheus:
    image: prom/prometheus
    volumes: ["./prometheus.yml:/etc/prometheus/prometheus.yml:ro",
              "./prometheus:/etc/prometheus/prometheus:ro"]
    ports: ["127.0.0.1:9090:9090"]
    depends_on: [{0}]
{5})v5",
                     spec.name, port, environment, depends, database_service, volumes);
}

// A Kubernetes object name (RFC 1123 label: lower case, digits and '-'): "online_shop" ->
// "online-shop".
std::string kubernetes_name(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

std::string kubernetes(const GenerationContext& context, const std::string& kind) {
  const auto& spec = context.spec;
  const std::string port = monitoring_port(spec);
  const std::string object = kubernetes_name(spec.name);
  const std::string header = generated_header(
      "#", context, kind == "configmap" ? context.spec_hash : deploy_hash(context));
  if (kind == "deployment") {
    std::string env = fmt::format(
        "            - name: V5_MONITORING_LISTEN\n              value: \"0.0.0.0:{}\"\n", port);
    for (const auto& name : dsn_variables(spec)) {
      env += fmt::format(
          "            - name: {0}\n              valueFrom:\n                secretKeyRef:\n"
          "                  name: {1}-db\n                  key: {0}\n",
          name, object);
    }
    return header + fmt::format(R"v5(apiVersion: apps/v1
kind: Deployment
metadata:
  name: {4}
  labels: {{app: {4}}}
spec:
  replicas: 1
  selector:
    matchLabels: {{app: {4}}}
  template:
    metadata:
      labels: {{app: {4}}}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "{1}"
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: {4}
          image: {0}_service:latest
          args: ["/etc/{0}/{2}"]
          ports:
            - name: monitoring
              containerPort: {1}
          env:
{3}          livenessProbe:
            httpGet: {{path: /health/live, port: monitoring}}
            periodSeconds: 10
          readinessProbe:
            httpGet: {{path: /health/ready, port: monitoring}}
            periodSeconds: 5
          volumeMounts:
            - name: spec
              mountPath: /etc/{0}
              readOnly: true
      volumes:
        - name: spec
          configMap:
            name: {4}-spec
)v5",
                                spec.name, port, context.spec_file_name, env, object);
  }
  if (kind == "service") {
    return header + fmt::format(R"v5(apiVersion: v1
kind: Service
metadata:
  name: {0}
  labels: {{app: {0}}}
spec:
  selector: {{app: {0}}}
  ports:
    - name: monitoring
      port: {1}
      targetPort: monitoring
)v5",
                                object, port);
  }
  if (kind == "configmap") {
    std::string indented;
    std::size_t start = 0;
    while (start < context.spec_text.size()) {
      std::size_t end = context.spec_text.find('\n', start);
      if (end == std::string::npos) end = context.spec_text.size();
      indented += "    " + context.spec_text.substr(start, end - start) + "\n";
      start = end + 1;
    }
    return header + fmt::format(
                        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {0}-spec\n"
                        "data:\n  {1}: |\n{2}",
                        object, context.spec_file_name, indented);
  }
  std::string data;
  for (const auto& name : dsn_variables(spec)) {
    data += fmt::format("  {}: \"\"  # the DSN, with its password\n", name);
  }
  if (data.empty()) data = "  {}\n";
  return header + fmt::format(
                      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {0}-db\ntype: Opaque\n"
                      "stringData:\n{1}",
                      object, data);
}

std::string prometheus_config(const GenerationContext& context) {
  const auto& spec = context.spec;
  return generated_header("#", context, deploy_hash(context)) +
         fmt::format(R"v5(global:
  scrape_interval: 15s
  evaluation_interval: 15s
rule_files:
  - prometheus/alerts.yml
scrape_configs:
  - job_name: {0}
    metrics_path: /metrics
    static_configs:
      - targets: ["{0}:{1}"]
)v5",
                     spec.name, monitoring_port(spec));
}

std::string grafana_dashboard(const GenerationContext& context) {
  const auto& spec = context.spec;
  struct Panel {
    const char* title;
    const char* expr;
  };
  const Panel panels[] = {
      {"Pool connections", "sum by (database, state) (v5store_pool_connections)"},
      {"Pool acquire p95 (s)",
       "histogram_quantile(0.95, sum by (le, database) (rate(v5store_pool_acquire_seconds_bucket[5m])))"},
      {"Query latency p95 (s)",
       "histogram_quantile(0.95, sum by (le, operation) (rate(v5store_query_duration_seconds_bucket[5m])))"},
      {"Query errors per second",
       "sum by (operation) (rate(v5store_queries_total{outcome=\\\"error\\\"}[5m]))"},
      {"Transactions per second", "sum by (outcome) (rate(v5store_transactions_total[5m]))"},
      {"Health status (0 ok, 1 warn, 2 crit, 3 unknown)", "v5store_health_status"},
  };
  std::string panel_json;
  int id = 1;
  for (const Panel& p : panels) {
    if (!panel_json.empty()) panel_json += ",\n";
    panel_json += fmt::format(
        R"v5(    {{"id": {0}, "type": "timeseries", "title": "{1}", "datasource": "Prometheus",
      "gridPos": {{"h": 8, "w": 12, "x": {2}, "y": {3}}},
      "targets": [{{"expr": "{4}", "refId": "A"}}]}})v5",
        id, p.title, ((id - 1) % 2) * 12, ((id - 1) / 2) * 8, p.expr);
    ++id;
  }
  return fmt::format(R"v5({{
  "title": "{0} (v5store)",
  "description": "Generated by v5gen from {1}; do not edit. Inputs: {2}",
  "uid": "v5store-{0}",
  "schemaVersion": 36,
  "time": {{"from": "now-1h", "to": "now"}},
  "panels": [
{3}
  ]
}}
)v5",
                     spec.name, context.spec_file_name, deploy_hash(context), panel_json);
}

}  // namespace

void emit_deploy(const GenerationContext& context, FileTree& tree) {
  const std::filesystem::path deploy = "deploy";
  tree[deploy / "Dockerfile"] = dockerfile(context);
  tree[deploy / "docker-compose.yml"] = compose(context);
  for (const char* kind : {"deployment", "service", "configmap", "secret"}) {
    tree[deploy / "k8s" / (std::string(kind) + ".yaml")] = kubernetes(context, kind);
  }
  tree[deploy / "prometheus.yml"] = prometheus_config(context);
  tree[deploy / "grafana-dashboard.json"] = grafana_dashboard(context);
  emit_alert_rules(context, tree);
}

}  // namespace v5gen
