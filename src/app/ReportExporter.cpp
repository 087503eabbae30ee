#include "ReportExporter.h"

#include "Translations.h"
#include "foundation/Clock.h"
#include "metrics/QualityTracker.h"
#include "reports/CsvReport.h"
#include "reports/FineTuneExport.h"
#include "reports/PdfReport.h"
#include "reports/WorstReplies.h"
#include "storage/Database.h"

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

namespace cx::gui {

namespace {

// Hands a future's result to `done` on `context`'s thread.
template <typename T> void whenDone(QObject* context, QFuture<T> future, std::function<void(T)> done)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(future);
}

constexpr int kWorstReplies = 10;
constexpr auto kFolderKey = "exports/folder";

} // namespace

struct ReportExporter::State {
    Kind kind = Kind::Pdf;
    QString path;
    std::atomic<bool> cancel { false };
};

ReportExporter::ReportExporter(QWidget* dialogParent, QObject* parent)
    : QObject(parent)
    , m_dialogParent(dialogParent)
{
    Translations::ensureEnglishPlurals();
    m_chooser = [this](Kind kind, const QString& suggested) {
        switch (kind) {
        case Kind::Pdf:
            return QFileDialog::getSaveFileName(
                m_dialogParent, tr("Export PDF report"), suggested, tr("PDF (*.pdf)"));
        case Kind::Csv:
            return QFileDialog::getSaveFileName(
                m_dialogParent, tr("Export learning signals (CSV)"), suggested, tr("CSV (*.csv)"));
        case Kind::Jsonl:
            break;
        }
        return QFileDialog::getSaveFileName(
            m_dialogParent, tr("Export fine-tuning data (JSONL)"), suggested, tr("JSON Lines (*.jsonl)"));
    };
    m_opener = [](const QUrl& folder) { return QDesktopServices::openUrl(folder); };
}

ReportExporter::~ReportExporter()
{
    if (m_state)
        m_state->cancel = true; // running workers stop at their next step; their callbacks die with us
    delete m_dialog; // a child of the dialog parent, not of this
}

QString ReportExporter::suggestedFileName(Kind kind, const metrics::QualityQuery& query)
{
    const QString range = query.from.date().toString(Qt::ISODate) + QLatin1Char('_')
        + query.to.addMSecs(-1).date().toString(Qt::ISODate);
    switch (kind) {
    case Kind::Pdf:
        return QStringLiteral("cx-quality-%1.pdf").arg(range);
    case Kind::Csv:
        return QStringLiteral("cx-signals-%1.csv").arg(range);
    case Kind::Jsonl:
        break;
    }
    return QStringLiteral("cx-finetune-%1.jsonl").arg(range);
}

// A name typed without an extension ("report") gets the kind's, as a file dialog with a default suffix would:
// otherwise the PDF lands as a file nothing opens by double-click. A name with another extension is kept.
QString ReportExporter::withExtension(Kind kind, const QString& path)
{
    if (path.isEmpty() || !QFileInfo(path).suffix().isEmpty())
        return path;
    switch (kind) {
    case Kind::Pdf:
        return path + QStringLiteral(".pdf");
    case Kind::Csv:
        return path + QStringLiteral(".csv");
    case Kind::Jsonl:
        break;
    }
    return path + QStringLiteral(".jsonl");
}

QString ReportExporter::defaultFolder()
{
    const QString remembered = QSettings().value(QLatin1String(kFolderKey)).toString();
    if (!remembered.isEmpty() && QFileInfo(remembered).isDir())
        return remembered;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return documents.isEmpty() ? QDir::homePath() : documents;
}

bool ReportExporter::showInFolder(const QString& path) const
{
    return m_opener && m_opener(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}

void ReportExporter::offerShowInFolder(const QString& path, const QString& summary)
{
    if (!m_dialogParent)
        return;
    auto* box = new QMessageBox(QMessageBox::Information, tr("Export finished"),
        tr("%1\nSaved to %2").arg(summary, QDir::toNativeSeparators(path)), QMessageBox::Close,
        m_dialogParent);
    box->setObjectName(QStringLiteral("exportFinishedBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::NonModal);
    QPushButton* show = box->addButton(tr("Show in folder"), QMessageBox::ActionRole);
    show->setObjectName(QStringLiteral("showInFolderButton"));
    connect(show, &QPushButton::clicked, this, [this, path] { showInFolder(path); });
    box->setDefaultButton(QMessageBox::Close);
    box->show();
}

bool ReportExporter::start(Kind kind, const metrics::QualityQuery& query, const NorthStarTargets& targets)
{
    if (m_state || !m_database || !m_chooser)
        return false;
    const QString path = withExtension(
        kind, m_chooser(kind, QDir(defaultFolder()).filePath(suggestedFileName(kind, query))));
    if (path.isEmpty())
        return false;
    m_state = std::make_shared<State>();
    m_state->kind = kind;
    m_state->path = path;

    const int steps = kind == Kind::Pdf ? 3 : 1;
    m_dialog = new QProgressDialog(tr("Preparing the export…"), tr("Cancel"), 0, steps, m_dialogParent);
    m_dialog->setObjectName(QStringLiteral("exportProgress"));
    m_dialog->setWindowTitle(tr("Export"));
    m_dialog->setWindowModality(Qt::WindowModal);
    m_dialog->setMinimumDuration(300);
    m_dialog->setAutoClose(false);
    m_dialog->setAutoReset(false);
    m_dialog->setValue(0);
    connect(m_dialog, &QProgressDialog::canceled, this, &ReportExporter::cancel);

    if (kind == Kind::Pdf)
        runPdf(query, targets);
    else
        runFile(kind, query);
    return true;
}

void ReportExporter::cancel()
{
    if (!m_state)
        return;
    m_state->cancel = true;
    if (m_dialog)
        m_dialog->setLabelText(tr("Cancelling…"));
}

void ReportExporter::step(int done, const QString& label)
{
    if (!m_dialog)
        return;
    m_dialog->setValue(done);
    m_dialog->setLabelText(label);
}

bool ReportExporter::stopIfCancelled()
{
    if (!m_state || !m_state->cancel)
        return false;
    const Kind kind = m_state->kind;
    QFile::remove(m_state->path + QStringLiteral(".part"));
    m_state.reset();
    if (m_dialog)
        m_dialog->deleteLater();
    emit cancelled(kind);
    return true;
}

void ReportExporter::finish(const QString& summary)
{
    const Kind kind = m_state->kind;
    const QString path = m_state->path;
    m_state.reset();
    if (m_dialog)
        m_dialog->deleteLater();
    QSettings().setValue(
        QLatin1String(kFolderKey), QFileInfo(path).absolutePath()); // the next one starts here
    emit finished(kind, path, summary);
    offerShowInFolder(path, summary);
}

void ReportExporter::fail(const QString& message)
{
    const Kind kind = m_state->kind;
    QFile::remove(m_state->path + QStringLiteral(".part"));
    m_state.reset();
    if (m_dialog)
        m_dialog->deleteLater();
    emit failed(kind, message);
}

void ReportExporter::runPdf(const metrics::QualityQuery& query, const NorthStarTargets& targets)
{
    using metrics::QualityReport;
    const auto dialect = m_database->dialect();
    step(0, tr("Computing the metrics…"));
    whenDone<Result<QualityReport>>(this,
        m_database->run<Result<QualityReport>>([dialect, query](QSqlDatabase& db) {
            return metrics::QualityTracker::computeNow(db, dialect, query);
        }),
        [this, dialect, query, targets](Result<QualityReport> report) {
            if (stopIfCancelled())
                return;
            if (!report)
                return fail(report.error().message);
            step(1, tr("Selecting the worst-graded replies…"));
            whenDone<Result<QList<reports::GradedReply>>>(this,
                m_database->run<Result<QList<reports::GradedReply>>>([dialect, query](QSqlDatabase& db) {
                    return reports::worstReplies(db, dialect, query, kWorstReplies);
                }),
                [this, report = *report, query, targets](Result<QList<reports::GradedReply>> worst) {
                    if (stopIfCancelled())
                        return;
                    if (!worst)
                        return fail(worst.error().message);
                    step(2, tr("Writing the PDF…"));
                    reports::PdfReportInput input;
                    input.report = report;
                    input.targets = targets;
                    input.worst = *worst;
                    input.generatedAt = Clock::nowUtc();
                    if (query.inboxId)
                        input.subtitle = tr("Inbox %1").arg(*query.inboxId);
                    if (!query.reviewer.isEmpty())
                        input.subtitle += (input.subtitle.isEmpty() ? QString() : QStringLiteral(" · "))
                            + tr("Reviewer %1").arg(query.reviewer);
                    const QString part = m_state->path + QStringLiteral(".part");
                    // QPainter on a QPdfWriter is fine outside the GUI thread (no pixmaps involved).
                    whenDone<Status>(this,
                        QtConcurrent::run([input, part] { return reports::writePdfReport(input, part); }),
                        [this, part](Status written) {
                            if (stopIfCancelled())
                                return;
                            if (!written)
                                return fail(written.error().message);
                            QFile::remove(m_state->path);
                            if (!QFile::rename(part, m_state->path))
                                return fail(tr("Could not write %1.").arg(m_state->path));
                            step(3, tr("Done."));
                            finish(tr("PDF report written."));
                        });
                });
        });
}

void ReportExporter::runFile(Kind kind, const metrics::QualityQuery& query)
{
    const auto dialect = m_database->dialect();
    const QString path = m_state->path;
    std::shared_ptr<State> state = m_state;
    step(
        0, kind == Kind::Csv ? tr("Writing the learning signals…") : tr("Writing the fine-tuning examples…"));
    whenDone<Result<QString>>(this,
        m_database->run<Result<QString>>([dialect, query, path, kind, state](
                                             QSqlDatabase& db) -> Result<QString> {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                return makeError(ErrorKind::Invalid, file.errorString(), path);
            QString summary;
            if (kind == Kind::Csv) {
                auto rows = reports::writeSignalsCsv(db, dialect, query, &file);
                if (!rows)
                    return rows.error();
                summary = ReportExporter::tr("%n learning signal(s) exported.", nullptr, int(*rows));
            } else {
                auto counts = reports::writeChatJsonl(db, dialect, query, reports::FineTuneOptions {}, &file);
                if (!counts)
                    return counts.error();
                summary
                    = ReportExporter::tr("%n training example(s) exported.", nullptr, int(counts->written));
                if (counts->written == 0) // say why, e.g. "0 rows reach min grade 4"
                    summary += QLatin1Char(' ')
                        + reports::emptyChatExportReason(*counts, reports::FineTuneOptions {}.minGrade);
            }
            if (state->cancel) {
                file.cancelWriting();
                return summary;
            }
            if (!file.commit())
                return makeError(ErrorKind::Invalid, file.errorString(), path);
            return summary;
        }),
        [this](Result<QString> result) {
            if (stopIfCancelled())
                return;
            if (!result)
                return fail(result.error().message);
            step(1, tr("Done."));
            finish(*result);
        });
}

} // namespace cx::gui
