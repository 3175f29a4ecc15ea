#include "v5store/alerts.hpp"

#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using v5store::AlertLevel;
using v5store::AlertManager;
using v5store::AlertOptions;
using v5store::CategoryResult;
using v5store::HealthCategory;
using v5store::HealthStatus;

CategoryResult result(HealthStatus status, HealthCategory category = HealthCategory::pool) {
  CategoryResult r;
  r.category = category;
  r.status = status;
  r.message = "utilisation";
  v5store::HealthCheck check;
  check.name = "utilisation";
  check.database = "main";
  check.status = status;
  check.value = 0.97;
  check.warning_threshold = 0.8;
  check.critical_threshold = 0.95;
  r.checks.push_back(check);
  return r;
}

AlertOptions quiet(std::chrono::milliseconds cooldown = 0ms) {
  AlertOptions options;
  options.log = false;
  options.cooldown = cooldown;
  return options;
}

TEST(Alerts, WarningAndCriticalRaiseTheirLevelWithValueAndThreshold) {
  AlertManager alerts(quiet());
  auto raised = alerts.evaluate(result(HealthStatus::warning), false);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].level, AlertLevel::warning);
  raised = alerts.evaluate(result(HealthStatus::critical), false);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].level, AlertLevel::critical);
  EXPECT_EQ(raised[0].database, "main");
  EXPECT_DOUBLE_EQ(*raised[0].value, 0.97);
  EXPECT_DOUBLE_EQ(*raised[0].threshold, 0.95);
}

TEST(Alerts, CriticalInACriticalCategoryIsEmergency) {
  AlertManager alerts(quiet());
  const auto raised = alerts.evaluate(result(HealthStatus::critical), true);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].level, AlertLevel::emergency);
}

TEST(Alerts, HealthyAndUnknownRaiseNothingUntilARecovery) {
  AlertManager alerts(quiet());
  EXPECT_TRUE(alerts.evaluate(result(HealthStatus::healthy), false).empty());
  EXPECT_TRUE(alerts.evaluate(result(HealthStatus::unknown), false).empty());
  alerts.evaluate(result(HealthStatus::critical), false);
  const auto raised = alerts.evaluate(result(HealthStatus::healthy), false);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].level, AlertLevel::info);
  EXPECT_EQ(raised[0].message, "Recovered: it was critical and is healthy again.");
}

TEST(Alerts, CooldownSuppressesRepeatsOfTheSameLevel) {
  AlertManager alerts(quiet(1h));
  EXPECT_EQ(alerts.evaluate(result(HealthStatus::warning), false).size(), 1u);
  EXPECT_TRUE(alerts.evaluate(result(HealthStatus::warning), false).empty());
  // Another level of the same category is not in cooldown.
  EXPECT_EQ(alerts.evaluate(result(HealthStatus::critical), false).size(), 1u);
  // Another category is not either.
  EXPECT_EQ(alerts.evaluate(result(HealthStatus::warning, HealthCategory::storage), false).size(),
            1u);
}

TEST(Alerts, PersistentConditionEscalatesOnce) {
  auto options = quiet();
  options.escalate_after_checks = 3;
  options.escalate_after = 0ms;
  options.escalate_warnings = true;
  AlertManager alerts(options);
  std::vector<AlertLevel> levels;
  for (int i = 0; i < 5; ++i) {
    for (const auto& a : alerts.evaluate(result(HealthStatus::warning), false)) {
      levels.push_back(a.level);
    }
  }
  EXPECT_EQ(levels, (std::vector<AlertLevel>{AlertLevel::warning, AlertLevel::warning,
                                             AlertLevel::critical, AlertLevel::warning,
                                             AlertLevel::warning}));
  // Critical escalates to EMERGENCY.
  std::vector<bool> escalated;
  for (int i = 0; i < 3; ++i) {
    for (const auto& a : alerts.evaluate(result(HealthStatus::critical), false)) {
      if (a.escalated) {
        EXPECT_EQ(a.level, AlertLevel::emergency);
      }
      escalated.push_back(a.escalated);
    }
  }
  EXPECT_EQ(escalated, (std::vector<bool>{false, false, true}));
}

// By default a warning that lasts stays a warning, and a critical condition becomes an
// EMERGENCY only after it has also lasted escalate_after (the pgbench comparison raised
// "CRITICAL pool ... escalated" after ten one-second checks of a busy pool).
TEST(Alerts, DefaultsEscalateOnlyALastingCriticalCondition) {
  auto options = quiet();
  options.escalate_after = 1h;
  AlertManager warnings(options);
  for (int i = 0; i < 50; ++i) {
    for (const auto& a : warnings.evaluate(result(HealthStatus::warning), false)) {
      EXPECT_EQ(a.level, AlertLevel::warning);
      EXPECT_FALSE(a.escalated);
    }
  }
  AlertManager criticals(options);
  for (int i = 0; i < 50; ++i) {
    for (const auto& a : criticals.evaluate(result(HealthStatus::critical), false)) {
      EXPECT_EQ(a.level, AlertLevel::critical) << "escalated before escalate_after";
    }
  }
  options.escalate_after = 0ms;
  AlertManager lasting(options);
  std::vector<AlertLevel> levels;
  for (int i = 0; i < options.escalate_after_checks; ++i) {
    for (const auto& a : lasting.evaluate(result(HealthStatus::critical), false)) {
      levels.push_back(a.level);
    }
  }
  ASSERT_FALSE(levels.empty());
  EXPECT_EQ(levels.back(), AlertLevel::emergency);
}

TEST(Alerts, RepeatedDegradationRaisesATrendWarning) {
  auto options = quiet(1h);
  options.trend_degradations = 3;
  AlertManager alerts(options);
  int trends = 0;
  for (int i = 0; i < 3; ++i) {
    alerts.evaluate(result(HealthStatus::healthy), false);
    for (const auto& a : alerts.evaluate(result(HealthStatus::warning), false)) {
      if (a.trend) {
        ++trends;
        EXPECT_EQ(a.level, AlertLevel::warning);
      }
    }
  }
  EXPECT_EQ(trends, 1);
}

TEST(Alerts, CallbacksReceiveAlertsAndAThrowingOneDoesNotStopOthers) {
  AlertManager alerts(quiet());
  std::vector<AlertLevel> received;
  alerts.subscribe([](const v5store::Alert&) { throw std::runtime_error("boom"); });
  const int id = alerts.subscribe([&](const v5store::Alert& a) { received.push_back(a.level); });
  alerts.evaluate(result(HealthStatus::critical), false);
  alerts.unsubscribe(id);
  alerts.evaluate(result(HealthStatus::warning), false);
  EXPECT_EQ(received, std::vector<AlertLevel>{AlertLevel::critical});
  EXPECT_EQ(alerts.history().size(), 2u);
}

TEST(Alerts, RaiseDeliversDirectlySubjectToCooldown) {
  AlertManager alerts(quiet(1h));
  v5store::Alert a;
  a.level = AlertLevel::info;
  a.category = HealthCategory::connectivity;
  a.message = "reconnected";
  EXPECT_TRUE(alerts.raise(a));
  EXPECT_FALSE(alerts.raise(a));
  EXPECT_EQ(a.to_string(), "[INFO] connectivity: reconnected");
}

}  // namespace
