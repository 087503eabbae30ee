#include "KnowledgeBaseDialog.h"

#include "chatwoot/ChatwootClient.h"
#include "knowledge/HelpCenterSource.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cx::gui {

namespace {
const QString kHelpCenterPrefix = QStringLiteral("helpcenter:");
}

KnowledgeBaseDialog::KnowledgeBaseDialog(
    knowledge::KnowledgeBase* kb, chatwoot::ChatwootClient* chatwoot, QWidget* parent)
    : QDialog(parent)
    , m_kb(kb)
{
    setObjectName(QStringLiteral("knowledgeBaseDialog"));
    setWindowTitle(tr("Knowledge base"));
    auto* layout = new QVBoxLayout(this);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_sources = new QTableWidget(0, 3, this);
    m_sources->setObjectName(QStringLiteral("sourcesTable"));
    m_sources->setHorizontalHeaderLabels({ tr("Source"), tr("Documents"), tr("Last ingested") });
    m_sources->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_sources->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_sources->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_sources->verticalHeader()->hide();
    m_sources->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_sources->setSelectionMode(QAbstractItemView::NoSelection);
    layout->addWidget(m_sources, 1);

    auto* add = new QGroupBox(tr("Add a source"), this);
    auto* addLayout = new QVBoxLayout(add);
    auto* folderRow = new QHBoxLayout;
    m_folder = new QLineEdit(add);
    m_folder->setObjectName(QStringLiteral("folderEdit"));
    m_folder->setPlaceholderText(tr("A folder of Markdown, text, HTML or JSONL articles"));
    auto* browse = new QPushButton(tr("Browse…"), add);
    browse->setObjectName(QStringLiteral("browseButton"));
    m_ingestFolder = new QPushButton(tr("Ingest folder"), add);
    m_ingestFolder->setObjectName(QStringLiteral("ingestFolderButton"));
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    folderRow->addWidget(m_ingestFolder);
    addLayout->addLayout(folderRow);
    auto* otherRow = new QHBoxLayout;
    m_helpCenter = new QPushButton(tr("Ingest the Chatwoot Help Center"), add);
    m_helpCenter->setObjectName(QStringLiteral("ingestHelpCenterButton"));
    m_reingest = new QPushButton(tr("Ingest every source again"), add);
    m_reingest->setObjectName(QStringLiteral("reingestButton"));
    otherRow->addWidget(m_helpCenter);
    otherRow->addWidget(m_reingest);
    otherRow->addStretch(1);
    addLayout->addLayout(otherRow);
    layout->addWidget(add);

    auto* progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("ingestProgress"));
    m_cancel = new QPushButton(tr("Cancel ingest"), this);
    m_cancel->setObjectName(QStringLiteral("cancelIngestButton"));
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    layout->addLayout(progressRow);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &KnowledgeBaseDialog::reject);
    layout->addWidget(buttons);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir
            = QFileDialog::getExistingDirectory(this, tr("Choose a folder of articles"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(QDir::toNativeSeparators(dir));
    });
    connect(m_folder, &QLineEdit::returnPressed, this, [this] { ingestFolder(m_folder->text()); });
    connect(m_ingestFolder, &QPushButton::clicked, this, [this] { ingestFolder(m_folder->text()); });
    connect(m_helpCenter, &QPushButton::clicked, this, &KnowledgeBaseDialog::ingestHelpCenter);
    connect(m_reingest, &QPushButton::clicked, this, &KnowledgeBaseDialog::reingestAll);
    connect(m_cancel, &QPushButton::clicked, this, &KnowledgeBaseDialog::cancel);

    setChatwoot(chatwoot);
    setBusy(false);
    refresh();
    resize(sizeHint().expandedTo(QSize(640, 420)));
}

KnowledgeBaseDialog::~KnowledgeBaseDialog()
{
    // The worker stops at its next check; its result is never delivered (this was its context).
    if (m_cancelFlag)
        m_cancelFlag->store(true);
}

void KnowledgeBaseDialog::setChatwoot(chatwoot::ChatwootClient* chatwoot)
{
    m_chatwoot = chatwoot;
    setBusy(m_busy);
}

void KnowledgeBaseDialog::reject()
{
    cancel();
    QDialog::reject();
}

QString KnowledgeBaseDialog::describeSource(const QString& root)
{
    if (root.startsWith(kHelpCenterPrefix))
        return tr("Help Center of %1").arg(root.mid(kHelpCenterPrefix.size()));
    return QDir::toNativeSeparators(root);
}

void KnowledgeBaseDialog::refresh()
{
    if (!m_kb) {
        m_summary->setText(tr("The knowledge base could not be opened."));
        return;
    }
    const int passages = m_kb->index().chunkCount();
    const int documents = m_kb->index().documentCount();
    m_summary->setText(passages == 0
            ? tr("Nothing is indexed yet: add a folder of articles or your Chatwoot Help Center below.")
            : tr("Indexed: %1 from %2.")
                  .arg(tr("%n passage(s)", nullptr, passages), tr("%n document(s)", nullptr, documents)));
    const QList<knowledge::KnowledgeBase::SourceInfo> infos = m_kb->sourceInfos();
    m_sources->setRowCount(int(infos.size()));
    for (int row = 0; row < infos.size(); ++row) {
        const auto& info = infos.at(row);
        auto* source = new QTableWidgetItem(describeSource(info.root));
        source->setToolTip(info.root);
        m_sources->setItem(row, 0, source);
        m_sources->setItem(row, 1,
            new QTableWidgetItem(info.documents < 0 ? tr("unknown") : QLocale().toString(info.documents)));
        m_sources->setItem(row, 2,
            new QTableWidgetItem(info.lastIngest.isValid()
                    ? QLocale().toString(info.lastIngest.toLocalTime(), QLocale::ShortFormat)
                    : tr("unknown")));
    }
}

void KnowledgeBaseDialog::setBusy(bool busy)
{
    m_busy = busy;
    const bool ready = !busy && m_kb;
    m_ingestFolder->setEnabled(ready);
    m_folder->setEnabled(!busy);
    m_reingest->setEnabled(ready && !m_kb->sources().isEmpty());
    m_helpCenter->setEnabled(ready && m_chatwoot);
    m_helpCenter->setToolTip(m_chatwoot
            ? QString()
            : tr("Connect to Chatwoot first (File › Settings…): the Help Center's "
                 "published articles are read from there."));
    m_cancel->setVisible(busy);
    m_progress->setVisible(busy);
}

void KnowledgeBaseDialog::ingestFolder(const QString& path)
{
    const QString folder = path.trimmed();
    if (folder.isEmpty()) {
        m_status->setText(tr("Choose a folder of articles first."));
        return;
    }
    m_queue.append(QDir::fromNativeSeparators(folder));
    startNext();
}

void KnowledgeBaseDialog::ingestHelpCenter()
{
    if (!m_chatwoot)
        return;
    m_queue.append(knowledge::HelpCenterSource::rootFor(m_chatwoot->config().baseUrl));
    startNext();
}

void KnowledgeBaseDialog::reingestAll()
{
    if (!m_kb)
        return;
    m_queue.append(m_kb->sources());
    startNext();
}

void KnowledgeBaseDialog::cancel()
{
    if (!m_busy)
        return;
    m_cancelled = true;
    m_queue.clear();
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    m_status->setText(tr("Cancelling…"));
    m_cancel->setEnabled(false);
}

void KnowledgeBaseDialog::startNext()
{
    if (m_busy || !m_kb)
        return;
    if (m_queue.isEmpty())
        return;
    m_failures.clear();
    m_done.clear();
    m_cancelled = false;
    setBusy(true);
    m_cancel->setEnabled(true);
    ingestOne(m_queue.takeFirst());
}

void KnowledgeBaseDialog::ingestOne(const QString& source)
{
    m_cancelFlag = knowledge::KnowledgeBase::makeCancelFlag();
    m_progress->setRange(0, 0); // busy until the first count arrives
    auto progress = [this](int done, int total) {
        m_progress->setRange(0, qMax(total, 1));
        m_progress->setValue(done);
        m_status->setText(tr("Indexing %1 of %2 documents…").arg(done).arg(total));
    };
    auto done = [this, source](Result<knowledge::IngestReport> r) { onIngested(source, r); };
    if (!source.startsWith(kHelpCenterPrefix)) {
        m_status->setText(tr("Reading %1…").arg(describeSource(source)));
        m_kb->ingestPathAsync(source, this, progress, done, m_cancelFlag);
        return;
    }
    if (!m_chatwoot || source != knowledge::HelpCenterSource::rootFor(m_chatwoot->config().baseUrl)) {
        onIngested(source,
            makeError(ErrorKind::Unavailable,
                tr("this Help Center is not the connected Chatwoot's; connect to it in Settings first")));
        return;
    }
    m_status->setText(tr("Fetching the published Help Center articles…"));
    const knowledge::KnowledgeBase::CancelFlag flag = m_cancelFlag;
    knowledge::HelpCenterSource::fetch(
        *m_chatwoot, this, [this, source, progress, done, flag](Result<QList<knowledge::KbDocument>> docs) {
            if (!docs) {
                onIngested(source, docs.error());
                return;
            }
            if (!m_kb)
                return;
            m_kb->ingestDocumentsAsync(source, docs.value(), this, progress, done, flag);
        });
}

void KnowledgeBaseDialog::onIngested(const QString& source, const Result<knowledge::IngestReport>& report)
{
    if (report) {
        const knowledge::IngestReport& r = report.value();
        QString line = tr("%1: %2 added, %3 updated, %4 unchanged, %5 removed.")
                           .arg(describeSource(source))
                           .arg(r.added)
                           .arg(r.updated)
                           .arg(r.unchanged)
                           .arg(r.deleted);
        if (!r.problems.isEmpty())
            line += QLatin1Char(' ') + tr("%n file(s) or row(s) skipped.", nullptr, int(r.problems.size()));
        m_done.append(line);
        if (!r.problems.isEmpty())
            m_status->setToolTip(r.problems.mid(0, 20).join(QLatin1Char('\n')));
        emit indexChanged();
    } else if (report.error().kind != ErrorKind::Cancelled) {
        m_failures.append(tr("%1: %2").arg(describeSource(source), report.error().message));
    } else {
        m_cancelled = true;
    }
    refresh();
    if (!m_cancelled && !m_queue.isEmpty()) {
        ingestOne(m_queue.takeFirst());
        return;
    }
    finishRun();
}

void KnowledgeBaseDialog::finishRun()
{
    QStringList lines = m_done + m_failures;
    if (m_cancelled) {
        lines.append(m_done.isEmpty() ? tr("Cancelled; the knowledge base is unchanged.")
                                      : tr("Cancelled; the sources not ingested yet are unchanged."));
    }
    const QString message = lines.join(QLatin1Char('\n'));
    m_status->setText(message);
    m_cancelFlag.reset();
    setBusy(false);
    emit finished(!m_cancelled && m_failures.isEmpty(), message);
}

} // namespace cx::gui
