// Emits deploy/: a multi-stage Dockerfile (Debian 12, non-root), docker-compose.yml (the
// service, its database server, Prometheus), Kubernetes manifests (Deployment with probes on
// /health/live and /health/ready, Service, ConfigMap with the spec, Secret for the DSN
// variables), prometheus.yml and a Grafana dashboard. Every YAML file is built as a node tree
// and written by yaml_document(); the JSON dashboard through json_string().
#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "generate/emitters.hpp"
#include "generate/escape.hpp"

namespace v5gen {

namespace {

std::string monitoring_port(const v5store::SystemSpec& spec) {
  const auto colon = spec.monitoring.listen.rfind(':');
  return colon == std::string::npos ? "9464" : spec.monitoring.listen.substr(colon + 1);
}

// The port the service's API listens on in a container (V5_API_LISTEN overrides the listen
// address of its api components): the first api component's, or "" without one.
std::string api_port(const v5store::SystemSpec& spec) {
  if (spec.apis.empty()) return {};
  const std::string& listen = spec.apis.front().listen;
  const auto colon = listen.rfind(':');
  return colon == std::string::npos ? "8080" : listen.substr(colon + 1);
}

// The environment variable that holds the whole DSN (`key`: "dsn", "migration_dsn",
// "replicas[0].dsn") of a database when it has a literal password: "SHOP_MAIN_DSN",
// "SHOP_MAIN_MIGRATION_DSN", "SHOP_MAIN_REPLICAS_0_DSN".
std::string dsn_variable_of(const v5store::SystemSpec& spec, const std::string& database,
                            const std::string& key) {
  std::string name;
  for (const char c : spec.name + "_" + database + "_" + key) {
    const bool word = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (c >= 'a' && c <= 'z') {
      name += static_cast<char>(c - 'a' + 'A');
    } else if (word) {
      name += c;
    } else if (!name.empty() && name.back() != '_') {
      name += '_';
    }
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

// The ${VAR} names the deployed service reads its DSNs from, sorted: those the DSNs (and
// migration and replica DSNs) reference, and one per database whose literal password stays
// out of the ConfigMap.
std::set<std::string> dsn_variables(const GenerationContext& context) {
  std::set<std::string> names;
  static const std::regex reference(R"v5(\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\})v5");
  for (const auto& database : context.spec.databases) {
    for (const v5store::DsnTemplate& dsn : v5store::dsn_templates(database)) {
      if (context.literal_password_dsns.contains({database.name, dsn.key})) {
        names.insert(dsn_variable_of(context.spec, database.name, dsn.key));
        continue;
      }
      const std::string& text = *dsn.text;
      for (std::sregex_iterator it(text.begin(), text.end(), reference), end; it != end; ++it) {
        names.insert((*it)[1].str());
      }
    }
  }
  return names;
}

// The variables the Secret holds: every DSN variable and the bearer tokens of the monitoring
// endpoint and of the API, which the service reads from V5_MONITORING_TOKEN and V5_API_TOKEN.
std::set<std::string> secret_variables(const GenerationContext& context) {
  std::set<std::string> names = dsn_variables(context);
  names.insert("V5_MONITORING_TOKEN");
  if (!context.spec.apis.empty()) names.insert("V5_API_TOKEN");
  return names;
}
// The inputs of the deploy files: the system's name, spec file, port, backends and DSN
// variables (not the entities).
std::string deploy_hash(const GenerationContext& context) {
  std::string inputs = "system=" + context.spec.name + ";spec=" + context.spec_file_name +
                       ";port=" + monitoring_port(context.spec) +
                       ";api_port=" + api_port(context.spec) + ";";
  for (const auto& d : context.spec.databases) {
    inputs += std::string(v5store::to_string(d.backend)) + ":" + d.dsn_template + "|";
    if (!d.migration_dsn_template.empty()) inputs += "migration:" + d.migration_dsn_template + "|";
    for (const auto& replica : d.replicas) inputs += "replica:" + replica.dsn_template + "|";
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
  const std::string service = spec.name + "_service";
  const std::string spec_path = "/etc/" + spec.name + "/" + context.spec_file_name;
  return generated_header("#", context, deploy_hash(context)) +
         fmt::format(
             R"v5(# Build: docker build --build-context v5store=<path to the v5store source> \
#          -f deploy/Dockerfile -t {0} .
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
 && useradd --system --uid 10001 --home-dir {1} --create-home {2}
COPY --from=build [{3}, {4}]
COPY [{5}, {6}]
USER 10001:10001
WORKDIR {7}
ENV V5_MONITORING_LISTEN=0.0.0.0:{8}
EXPOSE {8}
{9}ENTRYPOINT [{4}, {6}]
)v5",
             comment_text(service), shell_word("/var/lib/" + spec.name), shell_word(spec.name),
             json_string("/build/service/" + service), json_string("/usr/local/bin/" + service),
             json_string("spec/" + context.spec_file_name), json_string(spec_path),
             json_string("/var/lib/" + spec.name), monitoring_port(spec),
             api_port(spec).empty()
                 ? std::string()
                 : fmt::format("ENV V5_API_LISTEN=0.0.0.0:{0}\nEXPOSE {0}\n", api_port(spec)));
}

YAML::Node flow(YAML::Node node) {
  node.SetStyle(YAML::EmitterStyle::Flow);
  return node;
}

YAML::Node flow_list(std::initializer_list<std::string> items) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const auto& item : items) list.push_back(yaml_string(item));
  return flow(list);
}

std::string compose(const GenerationContext& context) {
  const auto& spec = context.spec;
  const std::string port = monitoring_port(spec);
  YAML::Node service;
  service["build"]["context"] = "..";
  service["build"]["dockerfile"] = "deploy/Dockerfile";
  service["environment"]["V5_MONITORING_LISTEN"] = yaml_string("0.0.0.0:" + port);
  for (const auto& name : secret_variables(context)) {
    service["environment"][name] = yaml_string("${" + name + ":-}");
  }
  service["ports"] = flow_list({"127.0.0.1:" + port + ":" + port});
  if (const std::string api = api_port(spec); !api.empty()) {
    service["environment"]["V5_API_LISTEN"] = yaml_string("0.0.0.0:" + api);
    service["ports"].push_back(yaml_string("127.0.0.1:" + api + ":" + api));
  }
  service["volumes"] = flow_list({"servicedata:/var/lib/" + spec.name});
  YAML::Node volumes;
  volumes["servicedata"] = YAML::Node(YAML::NodeType::Map);
  YAML::Node database;
  std::string database_name;
  if (has_backend(spec, v5store::BackendKind::postgresql)) {
    database_name = "postgres";
    database["image"] = "postgres:15";
    database["environment"]["POSTGRES_PASSWORD"] = yaml_string("${POSTGRES_PASSWORD:-change-me}");
    database["environment"]["POSTGRES_DB"] = yaml_string(spec.name);
    database["volumes"] = flow_list({"pgdata:/var/lib/postgresql/data"});
    volumes["pgdata"] = YAML::Node(YAML::NodeType::Map);
  } else if (has_backend(spec, v5store::BackendKind::mysql)) {
    database_name = "mariadb";
    database["image"] = "mariadb:10.11";
    database["environment"]["MARIADB_ROOT_PASSWORD"] =
        yaml_string("${MARIADB_ROOT_PASSWORD:-change-me}");
    database["environment"]["MARIADB_DATABASE"] = yaml_string(spec.name);
    database["volumes"] = flow_list({"mydata:/var/lib/mysql"});
    volumes["mydata"] = YAML::Node(YAML::NodeType::Map);
  }
  if (!database_name.empty()) service["depends_on"] = flow_list({database_name});
  YAML::Node prometheus;
  prometheus["image"] = "prom/prometheus";
  prometheus["volumes"] = flow_list({"./prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                                     "./prometheus:/etc/prometheus/prometheus:ro"});
  prometheus["ports"] = flow_list({"127.0.0.1:9090:9090"});
  prometheus["depends_on"] = flow_list({spec.name});
  YAML::Node document;
  document["services"][yaml_string(spec.name)] = service;
  if (!database_name.empty()) document["services"][database_name] = database;
  document["services"]["prometheus"] = prometheus;
  document["volumes"] = volumes;
  return generated_header("#", context, deploy_hash(context)) + yaml_document(document);
}

// A Kubernetes object name (RFC 1123 label: lower case, digits and '-'): "online_shop" ->
// "online-shop".
std::string kubernetes_name(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

YAML::Node app_label(const std::string& object) {
  YAML::Node labels;
  labels["app"] = yaml_string(object);
  return flow(labels);
}

YAML::Node object_header(std::string_view api_version, std::string_view kind,
                         const std::string& name) {
  YAML::Node document;
  document["apiVersion"] = std::string(api_version);
  document["kind"] = std::string(kind);
  document["metadata"]["name"] = yaml_string(name);
  return document;
}

YAML::Node http_probe(std::string_view path, int period_seconds) {
  YAML::Node probe;
  YAML::Node get;
  get["path"] = std::string(path);
  get["port"] = "monitoring";
  probe["httpGet"] = flow(get);
  probe["periodSeconds"] = period_seconds;
  return probe;
}

std::string deployment(const GenerationContext& context) {
  const auto& spec = context.spec;
  const std::string port = monitoring_port(spec);
  const std::string object = kubernetes_name(spec.name);
  YAML::Node container;
  container["name"] = yaml_string(object);
  container["image"] = yaml_string(spec.name + "_service:latest");
  container["args"] = flow_list({"/etc/" + spec.name + "/" + context.spec_file_name});
  // A named container port, and the variable that makes the service listen on it on every
  // interface.
  const auto listen_on = [&container](const char* name, const char* variable,
                                      const std::string& number) {
    YAML::Node container_port;
    container_port["name"] = name;
    container_port["containerPort"] = number;
    container["ports"].push_back(container_port);
    YAML::Node listen;
    listen["name"] = variable;
    listen["value"] = yaml_string("0.0.0.0:" + number);
    container["env"].push_back(listen);
  };
  listen_on("monitoring", "V5_MONITORING_LISTEN", port);
  if (const std::string api = api_port(spec); !api.empty()) listen_on("api", "V5_API_LISTEN", api);
  for (const auto& name : secret_variables(context)) {
    YAML::Node variable;
    variable["name"] = yaml_string(name);
    variable["valueFrom"]["secretKeyRef"]["name"] = yaml_string(object + "-db");
    variable["valueFrom"]["secretKeyRef"]["key"] = yaml_string(name);
    container["env"].push_back(variable);
  }
  container["livenessProbe"] = http_probe("/health/live", 10);
  container["readinessProbe"] = http_probe("/health/ready", 5);
  YAML::Node mount;
  mount["name"] = "spec";
  mount["mountPath"] = yaml_string("/etc/" + spec.name);
  mount["readOnly"] = true;
  container["volumeMounts"].push_back(mount);
  YAML::Node pod;
  pod["securityContext"]["runAsNonRoot"] = true;
  pod["securityContext"]["runAsUser"] = 10001;
  pod["containers"].push_back(container);
  YAML::Node volume;
  volume["name"] = "spec";
  volume["configMap"]["name"] = yaml_string(object + "-spec");
  pod["volumes"].push_back(volume);

  YAML::Node document = object_header("apps/v1", "Deployment", object);
  document["metadata"]["labels"] = app_label(object);
  document["spec"]["replicas"] = 1;
  document["spec"]["selector"]["matchLabels"] = app_label(object);
  document["spec"]["template"]["metadata"]["labels"] = app_label(object);
  document["spec"]["template"]["metadata"]["annotations"]["prometheus.io/scrape"] =
      yaml_string("true");
  document["spec"]["template"]["metadata"]["annotations"]["prometheus.io/port"] = yaml_string(port);
  document["spec"]["template"]["spec"] = pod;
  return generated_header("#", context, deploy_hash(context)) + yaml_document(document);
}

std::string kubernetes_service(const GenerationContext& context) {
  const std::string object = kubernetes_name(context.spec.name);
  YAML::Node port;
  port["name"] = "monitoring";
  port["port"] = monitoring_port(context.spec);
  port["targetPort"] = "monitoring";
  YAML::Node document = object_header("v1", "Service", object);
  document["metadata"]["labels"] = app_label(object);
  document["spec"]["selector"] = app_label(object);
  document["spec"]["ports"].push_back(port);
  if (const std::string api = api_port(context.spec); !api.empty()) {
    YAML::Node api_service_port;
    api_service_port["name"] = "api";
    api_service_port["port"] = api;
    api_service_port["targetPort"] = "api";
    document["spec"]["ports"].push_back(api_service_port);
  }
  return generated_header("#", context, deploy_hash(context)) + yaml_document(document);
}

// The spec as the ConfigMap holds it: the spec text itself, or, when a DSN holds a literal
// password, the spec with that DSN replaced by a reference to the Secret's variable.
std::string deployed_spec(const GenerationContext& context) {
  if (context.literal_password_dsns.empty()) return context.spec_text;
  YAML::Node spec = YAML::Load(context.spec_text);
  for (const auto& [database, key] : context.literal_password_dsns) {
    const YAML::Node reference =
        yaml_string("${" + dsn_variable_of(context.spec, database, key) + "}");
    YAML::Node owner = spec["databases"][database];
    if (key.starts_with("replicas[")) {  // "replicas[<i>].dsn"
      owner["replicas"][std::stoul(key.substr(9))]["dsn"] = reference;
    } else {
      owner[key] = reference;
    }
  }
  return yaml_document(spec);
}

std::string configmap(const GenerationContext& context) {
  YAML::Node document =
      object_header("v1", "ConfigMap", kubernetes_name(context.spec.name) + "-spec");
  document["data"][context.spec_file_name] = yaml_block(deployed_spec(context));
  return generated_header("#", context, context.spec_hash) + yaml_document(document);
}

std::string secret(const GenerationContext& context) {
  YAML::Node document = object_header("v1", "Secret", kubernetes_name(context.spec.name) + "-db");
  document["type"] = "Opaque";
  document["stringData"] = YAML::Node(YAML::NodeType::Map);
  for (const auto& name : secret_variables(context)) document["stringData"][name] = yaml_string("");
  return generated_header("#", context, deploy_hash(context)) +
         "# Fill in each DSN, with its password, V5_MONITORING_TOKEN and, with an API,\n"
         "# V5_API_TOKEN (long random strings: both endpoints listen on 0.0.0.0 and answer only\n"
         "# to \"Authorization: Bearer <token>\") before applying; never commit them.\n" +
         yaml_document(document);
}

std::string prometheus_config(const GenerationContext& context) {
  const auto& spec = context.spec;
  YAML::Node job;
  job["job_name"] = yaml_string(spec.name);
  job["metrics_path"] = "/metrics";
  YAML::Node targets;
  targets["targets"] = flow_list({spec.name + ":" + monitoring_port(spec)});
  job["static_configs"].push_back(targets);
  YAML::Node document;
  document["global"]["scrape_interval"] = "15s";
  document["global"]["evaluation_interval"] = "15s";
  document["rule_files"] = flow_list({"prometheus/alerts.yml"});
  document["scrape_configs"].push_back(job);
  return generated_header("#", context, deploy_hash(context)) + yaml_document(document);
}

std::string grafana_dashboard(const GenerationContext& context) {
  const auto& spec = context.spec;
  struct Panel {
    const char* title;
    const char* expr;
  };
  const Panel panels[] = {
      {"Pool connections", "sum by (database, state) (v5store_pool_connections)"},
      {"Pool acquire p99 (s)",
       "histogram_quantile(0.99, sum by (le, database) "
       "(rate(v5store_pool_acquire_seconds_bucket[5m])))"},
      {"Query latency p95 (s)",
       "histogram_quantile(0.95, sum by (le, operation) "
       "(rate(v5store_query_duration_seconds_bucket[5m])))"},
      {"Query errors per second",
       "sum by (operation) (rate(v5store_queries_total{outcome=\"error\"}[5m]))"},
      {"Transactions per second", "sum by (outcome) (rate(v5store_transactions_total[5m]))"},
      {"Health status (0 ok, 1 warn, 2 crit, 3 unknown)", "v5store_health_status"},
  };
  std::string panel_json;
  int id = 1;
  for (const Panel& p : panels) {
    if (!panel_json.empty()) panel_json += ",\n";
    panel_json += fmt::format(
        R"v5(    {{"id": {0}, "type": "timeseries", "title": {1}, "datasource": "Prometheus",
      "gridPos": {{"h": 8, "w": 12, "x": {2}, "y": {3}}},
      "targets": [{{"expr": {4}, "refId": "A"}}]}})v5",
        id, json_string(p.title), ((id - 1) % 2) * 12, ((id - 1) / 2) * 8, json_string(p.expr));
    ++id;
  }
  return fmt::format(R"v5({{
  "title": {0},
  "description": {1},
  "uid": {2},
  "schemaVersion": 36,
  "time": {{"from": "now-1h", "to": "now"}},
  "panels": [
{3}
  ]
}}
)v5",
                     json_string(spec.name + " (v5store)"),
                     json_string("Generated by v5gen from " + context.spec_file_name +
                                 "; do not edit. Inputs: " + deploy_hash(context)),
                     json_string("v5store-" + spec.name), panel_json);
}

}  // namespace

void emit_deploy(const GenerationContext& context, FileTree& tree) {
  const std::filesystem::path deploy = "deploy";
  tree[deploy / "Dockerfile"] = dockerfile(context);
  tree[deploy / "docker-compose.yml"] = compose(context);
  tree[deploy / "k8s" / "deployment.yaml"] = deployment(context);
  tree[deploy / "k8s" / "service.yaml"] = kubernetes_service(context);
  tree[deploy / "k8s" / "configmap.yaml"] = configmap(context);
  tree[deploy / "k8s" / "secret.yaml"] = secret(context);
  tree[deploy / "prometheus.yml"] = prometheus_config(context);
  tree[deploy / "grafana-dashboard.json"] = grafana_dashboard(context);
  emit_alert_rules(context, tree);
}

}  // namespace v5gen
