#pragma once

#include "learning/IsotonicCalibration.h"

#include <QGroupBox>

#include <memory>

class QChart;
class QChartView;
class QLabel;
class QPushButton;

namespace cx::storage {
class Database;
}

namespace cx::gui {

// The dashboard's reliability diagram (QtCharts): observed share of drafts sent without major edits
// against the drafter's raw confidence and against the calibrated figure, per tenth, with the diagonal of
// perfect calibration; the expected calibration error before and after, the fit's date and sample size,
// and a button to refit (learning::IsotonicCalibrationStore, on the database's worker thread).
class ReliabilityPanel final : public QGroupBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReliabilityPanel)
public:
    explicit ReliabilityPanel(QWidget* parent = nullptr);
    void setDatabase(std::shared_ptr<storage::Database> database);
    QChart* chart() const;
    QString summaryText() const;

public slots:
    void refresh();
    void refit();

signals:
    void refreshed();

private:
    struct Loaded {
        learning::ReliabilityReport report;
        QString error;
    };
    void show(const Loaded& loaded);

    std::shared_ptr<storage::Database> m_database;
    QChartView* m_view;
    QLabel* m_summary;
    QPushButton* m_refit;
    bool m_loading = false;
};

} // namespace cx::gui
