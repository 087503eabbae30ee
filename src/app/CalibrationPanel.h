#pragma once

#include "learning/DriftMonitor.h"
#include "metrics/QualityReport.h"

#include <QGroupBox>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;

namespace cx::storage {
class Database;
}

namespace cx::gui {

// The dashboard's "Grading consistency" section: an alert when a reviewer's grades drift away from their
// peers' (CUSUM over its documented threshold, learning/Drift.h), and the average grades shown as graded or
// leniency-adjusted by the most recent closed calibration session. Computes on a database worker thread.
class CalibrationPanel final : public QGroupBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CalibrationPanel)
public:
    explicit CalibrationPanel(QWidget* parent = nullptr);

    void refresh(const std::shared_ptr<storage::Database>& db, const metrics::QualityQuery& query);
    bool showsLeniencyAdjusted() const;
    void setShowsLeniencyAdjusted(bool adjusted);
    std::optional<learning::GradingCheck> lastCheck() const { return m_check; }

signals:
    void refreshed();

private:
    void showCheck();

    QLabel* m_alert = nullptr;
    QComboBox* m_mode = nullptr;
    QLabel* m_averages = nullptr;
    std::optional<learning::GradingCheck> m_check;
    quint64 m_generation = 0;
};

} // namespace cx::gui
