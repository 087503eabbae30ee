#pragma once

#include "learning/ExperimentAnalysis.h"

#include <QGroupBox>

#include <memory>
#include <optional>

class QLabel;
class QPushButton;
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
    bool isRunning() const { return m_shown && m_shown->running(); }

    // Checks the input and starts an experiment (the Start dialog calls this). Bad input: false, and `error`
    // names the field; nothing is written. Otherwise the panel refreshes once the database answered (a
    // refusal, such as another experiment running, shows in the status line).
    bool startExperiment(const QString& name, const QString& variants, const QString& split, QString* error);
    // Stops the experiment shown, if it runs.
    void stopShown();

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
    void openStartDialog();
    void afterChange(const QString& error);

    std::shared_ptr<storage::Database> m_database;
    QLabel* m_title;
    QLabel* m_status;
    QTableWidget* m_table;
    QPushButton* m_start;
    QPushButton* m_stop;
    std::optional<learning::Experiment> m_shown;
    bool m_loading = false;
    bool m_again = false; // a refresh was asked for while one ran: run another after it
};

} // namespace cx::gui
