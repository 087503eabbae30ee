#pragma once

#include "learning/ExperimentAnalysis.h"

#include <QGroupBox>

#include <memory>
#include <optional>

class QLabel;
class QTableWidget;

namespace cx::storage {
class Database;
}

namespace cx::gui {

// The dashboard's experiments section: the running (else the newest) prompt/model experiment, its status
// line ("not enough data yet" / "no detectable difference" / "B better on X with interval [a, b]") and one
// row per variant. Reads and computes on the database's worker thread (learning::ExperimentStore).
class ExperimentsPanel final : public QGroupBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExperimentsPanel)
public:
    explicit ExperimentsPanel(QWidget* parent = nullptr);
    void setDatabase(std::shared_ptr<storage::Database> database);
    QString statusText() const;

public slots:
    void refresh();

signals:
    void refreshed();

private:
    struct Loaded {
        std::optional<learning::Experiment> experiment;
        learning::ExperimentAnalysis analysis;
        QString error;
    };
    void show(const Loaded& loaded);

    std::shared_ptr<storage::Database> m_database;
    QLabel* m_title;
    QLabel* m_status;
    QTableWidget* m_table;
    bool m_loading = false;
};

} // namespace cx::gui
