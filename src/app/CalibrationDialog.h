#pragma once

#include "learning/CalibrationStore.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTextBrowser;

namespace cx::storage {
class Database;
}

namespace cx::gui {

class GradeSpinBox;

// Grading calibration (Reports › Calibration…): a lead starts a session from sent replies (picked, or sampled
// by inbox and grade); each reviewer grades them blind with the same spin boxes as a review; once the lead
// closes it, the results show agreement per axis (Krippendorff's α), per pair (weighted κ) and each
// reviewer's leniency. Nothing is ever sent from here. Thin: the statistics and storage are in
// src/core/learning; every database call runs on a worker thread.
class CalibrationDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CalibrationDialog)
public:
    // `demo`: offers a simulated second reviewer (its grades are labelled "simulated" wherever they show).
    CalibrationDialog(
        std::shared_ptr<storage::Database> db, QString reviewer, bool demo, QWidget* parent = nullptr);

    QString currentSessionId() const;

signals:
    // Emitted after every database answer has been shown (tests wait on it).
    void refreshed();

public slots:
    void reload();

private:
    QWidget* buildStartTab();
    QWidget* buildGradeTab();
    QWidget* buildResultsTab();
    void loadCandidates();
    void sampleCandidates();
    void startSession();
    void showSession();
    void showItem();
    void saveGrade();
    void simulateReviewer();
    void closeSession();
    void showResults(const learning::CalibrationResults& results);
    void showProblem(const QString& text);
    void updateSaveButton();
    QStringList checkedCandidates() const;
    bool sampledSelection() const { return m_sampled; }

    std::shared_ptr<storage::Database> m_db;
    QString m_reviewer;
    bool m_demo = false;

    QComboBox* m_sessions = nullptr;
    QLabel* m_problem = nullptr;
    QTabWidget* m_tabs = nullptr;
    // Start
    QLineEdit* m_name = nullptr;
    QSpinBox* m_count = nullptr;
    QListWidget* m_candidates = nullptr;
    QPushButton* m_start = nullptr;
    bool m_sampled = false;
    QList<learning::CalibrationCandidate> m_candidateRows;
    // Grade
    QLabel* m_itemLabel = nullptr;
    QTextBrowser* m_itemText = nullptr;
    GradeSpinBox* m_tone = nullptr;
    GradeSpinBox* m_accuracy = nullptr;
    GradeSpinBox* m_policy = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_simulate = nullptr;
    // Results
    QLabel* m_progress = nullptr;
    QPushButton* m_close = nullptr;
    QTextBrowser* m_results = nullptr;

    QList<learning::CalibrationSession> m_sessionRows;
    QList<learning::CalibrationItem> m_items;
    QList<int> m_done; // positions this reviewer has graded
};

} // namespace cx::gui
