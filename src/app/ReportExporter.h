#pragma once

#include "foundation/Settings.h"
#include "metrics/QualityReport.h"

#include <QObject>
#include <QPointer>
#include <QProgressDialog>

#include <functional>
#include <memory>

namespace cx::storage {
class Database;
}

namespace cx::gui {

// The Reports menu's work: exports the dashboard's current query as a PDF report (cxreports), the learning
// signals as CSV, or approved replies as fine-tuning JSONL (OpenAI chat format). Every step runs off the GUI
// thread — SQL on the database's workers, the PDF's QPainter/QPdfWriter on a pool thread — with a
// QProgressDialog whose Cancel stops between steps (the PDF: compute, worst replies, render) and leaves no
// partial file. The target file comes from a seam (default: QFileDialog) so tests can answer.
class ReportExporter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportExporter)
public:
    enum class Kind { Pdf, Csv, Jsonl };
    Q_ENUM(Kind)
    // Returns the chosen path, or an empty string when the user cancelled.
    using PathChooser = std::function<QString(Kind kind, const QString& suggestedName)>;

    explicit ReportExporter(QWidget* dialogParent, QObject* parent = nullptr);
    ~ReportExporter() override;

    void setDatabase(std::shared_ptr<storage::Database> database) { m_database = std::move(database); }
    void setPathChooser(PathChooser chooser) { m_chooser = std::move(chooser); }
    bool isRunning() const { return m_state != nullptr; }

    // Asks for a file and starts; false when nothing started (no database, no path, already running).
    bool start(Kind kind, const metrics::QualityQuery& query, const NorthStarTargets& targets);
    void cancel();
    QProgressDialog* progressDialog() const { return m_dialog; }

    static QString suggestedFileName(Kind kind, const metrics::QualityQuery& query);

signals:
    void finished(cx::gui::ReportExporter::Kind kind, const QString& path, const QString& summary);
    void failed(cx::gui::ReportExporter::Kind kind, const QString& message);
    void cancelled(cx::gui::ReportExporter::Kind kind);

private:
    struct State;
    void runPdf(const metrics::QualityQuery& query, const NorthStarTargets& targets);
    void runFile(Kind kind, const metrics::QualityQuery& query);
    void step(int done, const QString& label);
    void finish(const QString& summary);
    void fail(const QString& message);
    bool stopIfCancelled();

    QPointer<QWidget> m_dialogParent;
    std::shared_ptr<storage::Database> m_database;
    PathChooser m_chooser;
    std::shared_ptr<State> m_state;
    QPointer<QProgressDialog> m_dialog;
};

} // namespace cx::gui
