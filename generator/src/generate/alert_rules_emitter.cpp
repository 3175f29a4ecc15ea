// Emits deploy/prometheus/alerts.yml, the Prometheus alerting rules of the service in the
// mixin style (postgres_exporter's and Grafana's pgbouncer mixin, awesome-prometheus-alerts):
// alert on what callers feel (waiters, wait time, timeouts, errors, slow statements) and on
// outages, never on utilisation alone; and deploy/prometheus/alerts_test.yml, the
// `promtool test rules` unit tests with series that must and must not fire. Both are written
// with yaml-cpp's emitter: the system name is the only spec string that reaches them.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "generate/emitters.hpp"

namespace v5gen {

namespace {

struct Rule {
  const char* alert;
  const char* expr;  // may contain {job}, replaced by the scrape job (the system name)
  const char* for_duration;
  const char* severity;
  const char* summary;
  const char* description;
};

// docs/monitoring.md, "Prometheus": the signals, thresholds and the anchor of each.
const std::vector<Rule>& rules() {
  static const std::vector<Rule> kRules = {
      {"V5StoreServiceDown", R"(up{job="{job}"} == 0)", "1m", "critical",
       "The service does not answer Prometheus's scrapes.",
       "{{ $labels.instance }} has not answered a scrape of /metrics for a minute."},
      {"V5StoreDatabaseDown", R"(v5store_health_status{category="connectivity"} == 2)", "1m",
       "critical", "The service cannot reach its database.",
       "The connectivity check of {{ $labels.instance }} has been critical for a minute: its "
       "database does not answer, callers fail fast while the circuit breaker is open."},
      {"V5StorePoolAcquireTimeouts",
       "sum by (instance, database) (increase(v5store_pool_timeouts_total[5m])) > 0", "0m",
       "critical", "Callers gave up waiting for a database connection.",
       "{{ $value }} acquires of database {{ $labels.database }} on {{ $labels.instance }} timed "
       "out in 5 minutes: requests failed because the pool had no free connection."},
      {"V5StorePoolWaiters",
       R"(max by (instance, database) (v5store_pool_connections{state="pending"}) > 0)", "5m",
       "warning", "Callers keep waiting for a database connection.",
       "Callers of database {{ $labels.database }} on {{ $labels.instance }} have been waiting "
       "for a connection for 5 minutes: the pool or the database is too slow for the load."},
      {"V5StorePoolSlowAcquire",
       "histogram_quantile(0.99, sum by (instance, database, le) "
       "(rate(v5store_pool_acquire_seconds_bucket[5m]))) > 1",
       "5m", "warning", "Borrowing a database connection takes longer than a second.",
       "The p99 time to borrow a connection of database {{ $labels.database }} on "
       "{{ $labels.instance }} is {{ $value }} s."},
      {"V5StoreQueryErrors",
       R"(sum by (instance, database) (rate(v5store_queries_total{outcome="error"}[5m])) / )"
       "sum by (instance, database) (rate(v5store_queries_total[5m])) > 0.05",
       "5m", "warning", "More than 5 % of statements fail.",
       "{{ $value | humanizePercentage }} of the statements on database {{ $labels.database }} "
       "of {{ $labels.instance }} failed over 5 minutes."},
      {"V5StoreSlowStatements",
       "histogram_quantile(0.95, sum by (instance, database, le) "
       "(rate(v5store_query_duration_seconds_bucket[5m]))) > 0.25",
       "10m", "warning", "Statements are slow.",
       "The p95 statement duration on database {{ $labels.database }} of "
       "{{ $labels.instance }} is {{ $value }} s."},
      {"V5StoreReadinessFlapping",
       "changes((max by (instance) (v5store_health_status == bool 2))[15m:15s]) > 4", "0m",
       "warning", "The service keeps switching between ready and not ready.",
       "{{ $labels.instance }} changed readiness {{ $value }} times in 15 minutes."},
      {"V5StoreHealthCritical", R"(v5store_health_status{category!~"connectivity|pool"} == 2)",
       "5m", "critical", "A health category of the service is critical.",
       "The {{ $labels.category }} category of {{ $labels.instance }} has been critical for 5 "
       "minutes; /health names the check and its threshold."},
  };
  return kRules;
}

std::string with_job(std::string text, const std::string& job) {
  const std::string placeholder = "{job}";
  for (auto at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + job.size())) {
    text.replace(at, placeholder.size(), job);
  }
  return text;
}

std::string alerts_file(const GenerationContext& context) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "groups" << YAML::Value << YAML::BeginSeq;
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << context.spec.name + ".v5store";
  out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
  for (const Rule& rule : rules()) {
    out << YAML::BeginMap;
    out << YAML::Key << "alert" << YAML::Value << rule.alert;
    out << YAML::Key << "expr" << YAML::Value << with_job(rule.expr, context.spec.name);
    out << YAML::Key << "for" << YAML::Value << rule.for_duration;
    out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap << YAML::Key << "severity"
        << YAML::Value << rule.severity << YAML::EndMap;
    out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "summary" << YAML::Value << rule.summary;
    out << YAML::Key << "description" << YAML::Value << rule.description;
    out << YAML::EndMap << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
  return generated_header("#", context, hash_of("alerts;" + context.spec.name)) + out.c_str() +
         "\n";
}

// One promtool test case: input series, and for each alert the labels it must fire with at
// `eval_time` (an empty list: it must not fire).
struct Series {
  std::string name;
  std::string values;
};
struct Expectation {
  const char* alert;
  std::vector<std::pair<std::string, std::string>> labels;  // empty: must not fire
  std::string value{};  // what {{ $value }} renders as in the description
};

const Rule& rule_named(std::string_view alert) {
  for (const Rule& rule : rules()) {
    if (alert == rule.alert) return rule;
  }
  throw std::logic_error("no alert rule " + std::string(alert));
}

// The description as Prometheus renders it for an alert with `e`'s labels and value (only the
// template forms the rules use: {{ $labels.NAME }}, {{ $value }}, {{ $value | FUNCTION }}).
std::string rendered_description(const Expectation& e) {
  std::string text = rule_named(e.alert).description;
  for (auto open = text.find("{{"); open != std::string::npos; open = text.find("{{", open)) {
    const auto close = text.find("}}", open);
    const std::string inside = text.substr(open + 2, close - open - 2);
    std::string replacement = e.value;
    if (const auto at = inside.find("$labels."); at != std::string::npos) {
      const auto name_end = inside.find(' ', at);
      const std::string name = inside.substr(at + 8, name_end - at - 8);
      for (const auto& [key, value] : e.labels) {
        if (key == name) replacement = value;
      }
    }
    text.replace(open, close + 2 - open, replacement);
    open += replacement.size();
  }
  return text;
}

void emit_case(YAML::Emitter& out, const std::vector<Series>& series, const char* eval_time,
               const std::vector<Expectation>& expectations) {
  out << YAML::BeginMap << YAML::Key << "interval" << YAML::Value << "15s";
  out << YAML::Key << "input_series" << YAML::Value << YAML::BeginSeq;
  for (const Series& s : series) {
    out << YAML::BeginMap << YAML::Key << "series" << YAML::Value << s.name << YAML::Key << "values"
        << YAML::Value << s.values << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::Key << "alert_rule_test" << YAML::Value << YAML::BeginSeq;
  for (const Expectation& e : expectations) {
    out << YAML::BeginMap << YAML::Key << "eval_time" << YAML::Value << eval_time << YAML::Key
        << "alertname" << YAML::Value << e.alert << YAML::Key << "exp_alerts" << YAML::Value
        << YAML::BeginSeq;
    if (!e.labels.empty()) {
      out << YAML::BeginMap << YAML::Key << "exp_labels" << YAML::Value << YAML::BeginMap;
      for (const auto& [key, value] : e.labels) out << YAML::Key << key << YAML::Value << value;
      out << YAML::EndMap << YAML::Key << "exp_annotations" << YAML::Value << YAML::BeginMap
          << YAML::Key << "summary" << YAML::Value << rule_named(e.alert).summary << YAML::Key
          << "description" << YAML::Value << rendered_description(e) << YAML::EndMap
          << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
}

std::string alerts_test_file(const GenerationContext& context) {
  const std::string job = context.spec.name;
  const std::string inst = R"(instance="svc:9464", job=")" + job + "\"";
  const std::string pool = "{database=\"main\", " + inst;
  // The series the cases feed, each named once.
  const std::string up = "up{" + inst + "}";
  const std::string connectivity = "v5store_health_status{category=\"connectivity\", " + inst + "}";
  const std::string pool_health = "v5store_health_status{category=\"pool\", " + inst + "}";
  const std::string active = "v5store_pool_connections" + pool + ", state=\"active\"}";
  const std::string pending = "v5store_pool_connections" + pool + ", state=\"pending\"}";
  const std::string max_connections = "v5store_pool_max_connections" + pool + "}";
  const std::string timeouts = "v5store_pool_timeouts_total" + pool + "}";
  const std::string selects = "v5store_queries_total" + pool + ", operation=\"select\", outcome=";
  const std::string selects_ok = selects + "\"success\"}";
  const std::string selects_failed = selects + "\"error\"}";
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "rule_files" << YAML::Value << YAML::BeginSeq
      << "alerts.yml" << YAML::EndSeq;
  out << YAML::Key << "evaluation_interval" << YAML::Value << "15s";
  out << YAML::Key << "tests" << YAML::Value << YAML::BeginSeq;
  // A busy pool that nobody waits for, fast statements, no errors: nothing fires.
  emit_case(out,
            {{up, "1x40"},
             {connectivity, "0x40"},
             {pool_health, "0x40"},
             {active, "4x40"},
             {pending, "0x40"},
             {max_connections, "4x40"},
             {timeouts, "0x40"},
             {selects_ok, "0+100x40"},
             {selects_failed, "0x40"}},
            "10m",
            {{"V5StoreServiceDown", {}},
             {"V5StoreDatabaseDown", {}},
             {"V5StorePoolAcquireTimeouts", {}},
             {"V5StorePoolWaiters", {}},
             {"V5StoreQueryErrors", {}},
             {"V5StoreReadinessFlapping", {}},
             {"V5StoreHealthCritical", {}}});
  // An outage: scrapes answered, the database unreachable, callers timing out and waiting,
  // statements failing.
  emit_case(out,
            {{up, "1x40"},
             {connectivity, "0 2x40"},
             {pending, "0 3x40"},
             {timeouts, "0+2x40"},
             {selects_ok, "0+10x40"},
             {selects_failed, "0+5x40"}},
            "10m",
            {{"V5StoreDatabaseDown",
              {{"severity", "critical"},
               {"category", "connectivity"},
               {"instance", "svc:9464"},
               {"job", job}}},
             {"V5StorePoolAcquireTimeouts",
              {{"severity", "critical"}, {"database", "main"}, {"instance", "svc:9464"}},
              "40"},
             {"V5StorePoolWaiters",
              {{"severity", "warning"}, {"database", "main"}, {"instance", "svc:9464"}}},
             {"V5StoreQueryErrors",
              {{"severity", "warning"}, {"database", "main"}, {"instance", "svc:9464"}},
              "33.33%"}});
  // The service itself is gone.
  emit_case(
      out, {{up, "0x10"}}, "2m",
      {{"V5StoreServiceDown", {{"severity", "critical"}, {"instance", "svc:9464"}, {"job", job}}}});
  out << YAML::EndSeq << YAML::EndMap;
  return generated_header("#", context, hash_of("alerts_test;" + job)) + out.c_str() + "\n";
}

}  // namespace

void emit_alert_rules(const GenerationContext& context, FileTree& tree) {
  const std::filesystem::path dir = std::filesystem::path("deploy") / "prometheus";
  tree[dir / "alerts.yml"] = alerts_file(context);
  tree[dir / "alerts_test.yml"] = alerts_test_file(context);
}

}  // namespace v5gen
