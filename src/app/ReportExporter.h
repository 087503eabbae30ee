#pragma once

#include "foundation/Settings.h"
#include "metrics/QualityReport.h"

#include <QObject>
#include <QPointer>
#include <QProgressDialog>

#include <QUrl>

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
// partial file. The target file comes from a seam (default: QFileDialog) so tests can answer; the dialog
// starts in the folder of the last successful export (QSettings "exports/folder"). A finished export offers
// "Show in folder" (through another seam, so tests open nothing).
class ReportExporter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReportExporter)
public:
    enum class Kind { Pdf, Csv, Jsonl };
    Q_ENUM(Kind)
    // Returns the chosen path, or an empty string when the user cancelled.
    // `suggestedPath`: the file name the export suggests, in the folder the dialog should start in.
    using PathChooser = std::function<QString(Kind kind, const QString& suggestedPath)>;
    // Shows a folder in the desktop's file manager (default: QDesktopServices::openUrl).
    using FolderOpener = std::function<bool(const QUrl& folder)>;

    explicit ReportExporter(QWidget* dialogParent, QObject* parent = nullptr);
    ~ReportExporter() override;

    void setDatabase(std::shared_ptr<storage::Database> database) { m_database = std::move(database); }
    void setPathChooser(PathChooser chooser) { m_chooser = std::move(chooser); }
    void setFolderOpener(FolderOpener opener) { m_opener = std::move(opener); }
    // Where the next export's dialog starts: the last export's folder, else the Documents folder.
    static QString defaultFolder();
    // Opens the folder holding `path` (the "Show in folder" button of a finished export).
    bool showInFolder(const QString& path) const;
    bool isRunning() const { return m_state != nullptr; }

    // Asks for a file and starts; false when nothing started (no database, no path, already running).
    bool start(Kind kind, const metrics::QualityQuery& query, const NorthStarTargets& targets);
    void cancel();
    QProgressDialog* progressDialog() const { return m_dialog; }

    static QString suggestedFileName(Kind kind, const metrics::QualityQuery& query);
    // `path` with the kind's extension appended when it has none.
    static QString withExtension(Kind kind, const QString& path);

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
    void offerShowInFolder(const QString& path, const QString& summary);

    QPointer<QWidget> m_dialogParent;
    std::shared_ptr<storage::Database> m_database;
    PathChooser m_chooser;
    FolderOpener m_opener;
    std::shared_ptr<State> m_state;
    QPointer<QProgressDialog> m_dialog;
};

} // namespace cx::gui
