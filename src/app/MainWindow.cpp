#include "MainWindow.h"

#include "AboutDialog.h"
#include "ApprovalsDrawer.h"
#include "AttentionBanner.h"
#include "ConversationFilterModel.h"
#include "ConversationModel.h"
#include "ConversationQueueView.h"
#include "ConversationThreadView.h"
#include "DashboardWidget.h"
#include "DraftModel.h"
#include "DraftView.h"
#include "MessageBanner.h"
#include "NotificationCenter.h"
#include "ReportExporter.h"
#include "SandboxInfo.h"
#include "SettingsDialog.h"
#include "ShortcutsDialog.h"
#include "Translations.h"
#include "WelcomeDialog.h"
#include "chatwoot/ChatwootClient.h"
#include "foundation/Clock.h"
#include "foundation/EnvSecretStore.h"
#include "foundation/KeychainSecretStore.h"
#include "pipeline/ChatwootPoller.h"
#include "pipeline/DraftPipeline.h"
#include "review/DbCall.h"
#include "review/DraftStore.h"
#include "review/SlaAlerts.h"
#include "storage/Database.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace cx::gui {

DeliveryState MainWindow::deliveryStateOf(const PendingDraft& d)
{
    DeliveryState state;
    state.draftId = d.id;
    if (d.outboxState == QLatin1String("unknown")) {
        state.kind = DeliveryState::Kind::Unconfirmed;
        state.recheckAt = d.recheckAt;
    } else if (d.outboxState == QLatin1String("failed")) {
        state.kind = DeliveryState::Kind::NeedsAttention;
        state.reason = d.lastError;
    }
    return state;
}

MainWindow::MainWindow(Options options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
{
    Translations::ensureEnglishPlurals(); // plural forms even when started without install() (tests)
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(m_options.demo ? tr("CX Pilot — Demo (simulated Chatwoot)") : tr("CX Pilot"));
    resize(1400, 860);

    AppServices::Options serviceOptions;
    serviceOptions.demo = m_options.demo;
    serviceOptions.databaseUrl = m_options.databaseUrl;
    if (m_options.demo)
        serviceOptions.pollIntervalMs = 3000;
    if (m_options.pollIntervalMs > 0)
        serviceOptions.pollIntervalMs = m_options.pollIntervalMs;
    serviceOptions.signalFlushIntervalMs = m_options.signalFlushIntervalMs;
    serviceOptions.recoveryIntervalMs = m_options.recoveryIntervalMs;
    serviceOptions.signalQueuePath = m_options.signalQueuePath;
    serviceOptions.keychainService = m_options.keychainService;
    m_serviceOptions = serviceOptions;
    m_services = new AppServices(serviceOptions, Settings::load(), this);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    m_banner = new MessageBanner(central);
    layout->addWidget(m_banner);
    m_recoveryBanner = new MessageBanner(central);
    m_recoveryBanner->setObjectName(QStringLiteral("recoveryBanner"));
    layout->addWidget(m_recoveryBanner);
    m_attention = new AttentionBanner(central);
    layout->addWidget(m_attention);
    connect(m_attention, &AttentionBanner::openDraftRequested, this, [this](const QString& id) {
        m_tabs->setCurrentIndex(0);
        ++m_navigation;
        openDraft(id);
    });

    auto* splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    auto* queuePane = new QWidget(splitter);
    auto* queueLayout = new QVBoxLayout(queuePane);
    queueLayout->setContentsMargins(0, 0, 0, 0);
    m_conversations = new ConversationModel(this);
    m_conversations->setSlaMinutes(m_services->settings().slaMinutes());
    m_filter = new ConversationFilterModel(this);
    m_filter->setSourceModel(m_conversations);
    buildQueue();
    buildQueueEmptyState();
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_scope);
    filters->addWidget(m_draftsOnly);
    filters->addWidget(m_atRiskOnly);
    filters->addStretch(1);
    queueLayout->addLayout(filters);
    queueLayout->addWidget(m_queue, 1);
    m_thread = new ConversationThreadView(splitter);
    m_thread->setObjectName(QStringLiteral("conversationThread"));
    m_thread->setEmptyText(tr("Select a conversation on the left."));
    connect(m_thread, &ConversationThreadView::olderRequested, this, [this] {
        const qsizetype remaining = m_threadHistory.size() - m_threadShown;
        const qsizetype page = qMin<qsizetype>(kThreadPage, remaining);
        if (page <= 0)
            return m_thread->setHasMoreOlder(false);
        m_thread->prependOlder(m_threadHistory.mid(remaining - page, page));
        m_threadShown += page;
        m_thread->setHasMoreOlder(m_threadShown < m_threadHistory.size());
    });
    splitter->addWidget(queuePane);
    splitter->addWidget(m_thread);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({ 640, 460 });
    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(splitter, tr("Conversations"));
    m_dashboard = new DashboardWidget(m_tabs);
    m_dashboard->setTargets(m_services->settings().targets());
    m_dashboard->setSlaMinutes(m_services->settings().slaMinutes());
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    connect(m_dashboard, &DashboardWidget::openConversationRequested, this, [this](qint64 id) {
        m_tabs->setCurrentIndex(0);
        openConversation(id);
    });
    m_exporter = new ReportExporter(this, this); // a finished export says so itself, with "Show in folder"
    connect(m_exporter, &ReportExporter::failed, this, [this](ReportExporter::Kind, const QString& message) {
        m_banner->showMessage(MessageBanner::Kind::Error, tr("The export failed: %1").arg(message));
    });
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_drawer = new ApprovalsDrawer(this);
    m_drawer->setRewriter(m_services->rewriter());
    addDockWidget(Qt::RightDockWidgetArea, m_drawer);
    resizeDocks({ m_drawer }, { 440 }, Qt::Horizontal);
    // The drawer belongs to the conversations; the dashboard gets the whole width, and shows fresh figures
    // each time it is opened.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        const bool dashboard = m_tabs->widget(index) == m_dashboard;
        m_drawer->setVisible(!dashboard);
        if (dashboard && !m_dashboard->isBusy())
            m_dashboard->refresh();
    });
    m_drafts = new DraftModel(this);
    m_notifications = new NotificationCenter(this);

    buildActions();
    buildStatusBar();
    wireServices();

    if (m_options.demo)
        m_banner->showMessage(MessageBanner::Kind::Sandbox, sandbox::sandboxBanner());
}

MainWindow::~MainWindow() = default;

std::shared_ptr<storage::Database> MainWindow::database() const
{
    return m_services->database();
}

void MainWindow::quitAfter(int msecs)
{
    QTimer::singleShot(msecs, qApp, &QApplication::quit);
}

void MainWindow::openSettings()
{
    if (!m_secrets)
        m_secrets = std::make_unique<LayeredSecretStore>(std::make_unique<KeychainSecretStore>());
    if (!m_qsettings)
        m_qsettings = std::make_unique<QSettings>();
    auto* dialog = new SettingsDialog(m_secrets.get(), m_qsettings.get(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::saved, this, &MainWindow::applySettings);
    dialog->show();
}

void MainWindow::maybeWelcome()
{
    if (m_options.demo || !WelcomeDialog::shouldShow(m_services->settings()))
        return;
    if (!m_secrets)
        m_secrets = std::make_unique<LayeredSecretStore>(std::make_unique<KeychainSecretStore>());
    if (!m_qsettings)
        m_qsettings = std::make_unique<QSettings>();
    auto* welcome = new WelcomeDialog(m_secrets.get(), m_qsettings.get(), this);
    welcome->setAttribute(Qt::WA_DeleteOnClose);
    connect(welcome, &WelcomeDialog::demoRequested, this, [this] {
        // The demo is its own process: the user's settings stay untouched.
        QProcess::startDetached(QCoreApplication::applicationFilePath(), { QStringLiteral("--demo") });
        QTimer::singleShot(0, this, &MainWindow::quitApplication);
    });
    connect(welcome, &WelcomeDialog::settingsSaved, this, &MainWindow::applySettings);
    welcome->show();
}

void MainWindow::buildStatusBar()
{
    for (AppServices::Part part : { AppServices::Part::Chatwoot, AppServices::Part::Model,
             AppServices::Part::Database, AppServices::Part::Knowledge }) {
        auto* label = new QLabel(AppServices::stateText(part, AppServices::State::Starting, {}), this);
        label->setObjectName(QStringLiteral("status%1").arg(int(part)));
        statusBar()->addPermanentWidget(label);
        m_partLabels.insert(part, label);
    }
    m_partLabels.value(AppServices::Part::Database)->setObjectName(QStringLiteral("databaseStatus"));
    m_partLabels.value(AppServices::Part::Chatwoot)->setObjectName(QStringLiteral("chatwootStatus"));
    m_partLabels.value(AppServices::Part::Model)->setObjectName(QStringLiteral("modelStatus"));
    m_partLabels.value(AppServices::Part::Knowledge)->setObjectName(QStringLiteral("knowledgeStatus"));
    m_signalQueueLabel = new QLabel(this);
    m_signalQueueLabel->setObjectName(QStringLiteral("queuedSignalsStatus"));
    m_signalQueueLabel->setToolTip(tr("Learning signals of reviewed drafts wait in a local queue while the "
                                      "database is unavailable; they are saved once it is back."));
    m_signalQueueLabel->hide();
    statusBar()->addPermanentWidget(m_signalQueueLabel);
    m_syncLabel = new QLabel(tr("Last sync: —"), this);
    m_syncLabel->setObjectName(QStringLiteral("lastSyncStatus"));
    statusBar()->addPermanentWidget(m_syncLabel);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("knowledgeProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->setFormat(tr("Knowledge %p%"));
    m_progress->hide();
    statusBar()->addWidget(m_progress);
}

void MainWindow::wireServices()
{
    connectServices();
    wireWidgets();
}

void MainWindow::connectServices()
{
    connect(m_services, &AppServices::partChanged, this,
        [this](AppServices::Part part, AppServices::State state, const QString& detail) {
            if (QLabel* label = m_partLabels.value(part))
                label->setText(AppServices::stateText(part, state, detail));
            if (part == AppServices::Part::Chatwoot)
                updateQueueEmptyState();
        });
    connect(m_services, &AppServices::queuedSignalsChanged, this, [this](int count) {
        m_signalQueueLabel->setVisible(count > 0);
        m_signalQueueLabel->setText(tr("%n learning signal(s) waiting for the database", nullptr, count));
    });
    connect(m_services, &AppServices::chatwootUnreachable, this, [this] { setChatwootReachable(false); });
    connect(m_services, &AppServices::problem, this,
        [this](const QString& message) { m_banner->showMessage(MessageBanner::Kind::Error, message); });
    connect(m_services, &AppServices::knowledgeProgress, this, [this](int done, int total) {
        m_progress->setVisible(done < total);
        m_progress->setMaximum(qMax(1, total));
        m_progress->setValue(done);
    });
    connect(m_services, &AppServices::databaseReady, this, [this] {
        m_drafts->setNotifications(m_services->draftNotifications()); // team mode: NOTIFY, not polling
        m_drafts->setDatabase(m_services->database());
        m_dashboard->setDatabase(m_services->database());
        m_exporter->setDatabase(m_services->database());
        emit databaseReady();
    });
    connect(m_services, &AppServices::chatwootReady, this, [this] {
        connect(m_services->poller(), &pipeline::ChatwootPoller::conversationsPolled, this,
            [this](const QList<chatwoot::Conversation>& list, const chatwoot::ConversationCounts& counts,
                bool full) {
                onConversationsPolled(list, full);
                m_dashboard->setQueueSize(full ? counts.allCount : m_conversations->rowCount());
            });
        connect(m_services->poller(), &pipeline::ChatwootPoller::pollFailed, this, [this](const Error& e) {
            m_syncLabel->setText(tr("Last sync failed: %1").arg(e.message.left(60)));
            if (e.kind == ErrorKind::Network || e.kind == ErrorKind::Timeout || e.kind == ErrorKind::Tls)
                setChatwootReachable(false);
        });
        connect(m_services->draftPipeline(), &pipeline::DraftPipeline::draftNoted, m_drafts,
            &DraftModel::refresh);
        if (m_services->recovery())
            connect(m_services->recovery(), &review::Recovery::ran, this, &MainWindow::onRecoveryRan);
        m_dashboard->setVolumeSource([this](const QDateTime& from, const QDateTime& to, QObject* context,
                                         std::function<void(std::optional<qint64>)> done) {
            m_services->chatwoot()->fetchReportSummary(
                from, to, context, [done](Result<chatwoot::ReportSummary> summary) {
                    done(summary ? std::optional<qint64>(summary->outgoingMessagesCount) : std::nullopt);
                });
        });
        connect(m_services->draftPipeline(), &pipeline::DraftPipeline::jobFinished, this,
            [this](const pipeline::DraftPipeline::JobOutcome& o) {
                if (o.result == pipeline::DraftPipeline::Result_::Failed)
                    m_banner->showMessage(MessageBanner::Kind::Warning,
                        tr("A draft for conversation %1 could not be made: %2")
                            .arg(o.conversationId)
                            .arg(o.reason));
            });
    });
}

void MainWindow::wireWidgets()
{
    connect(m_drafts, &DraftModel::refreshFailed, this, [this] { m_databaseLost = true; });
    connect(m_drafts, &DraftModel::refreshed, this, [this] {
        if (std::exchange(m_databaseLost, false))
            m_services->flushSignals(); // the database is back: queued learning signals go first
        const QSet<qint64> waiting = m_drafts->conversationsWithDrafts();
        const QHash<qint64, const PendingDraft*> sending = m_drafts->awaitingSend();
        for (int row = 0; row < m_conversations->rowCount(); ++row) {
            const chatwoot::Conversation* c = m_conversations->conversationAt(row);
            if (!c)
                continue;
            m_conversations->setDraftWaiting(c->id, waiting.contains(c->id));
            const PendingDraft* approved = sending.value(c->id);
            m_conversations->setDeliveryState(c->id, approved ? queueStateText(*approved) : QString());
        }
        // A reply that needed attention and went out (or was dealt with) leaves the banner.
        if (!m_attention->isHidden()) {
            QStringList ids, sentences;
            for (const QString& id : m_attention->draftIds()) {
                const PendingDraft* d = m_drafts->draft(id);
                if (d && d->needsAttention()) {
                    ids << id;
                    sentences << d->lastError;
                }
            }
            if (ids.size() != m_attention->draftIds().size())
                m_attention->setItems(ids, sentences);
        }
        // The drawer follows the state of an approved reply it shows (sending -> unknown -> sent ...).
        if (const PendingDraft* shown = m_drafts->draft(m_drawer->currentDraftId());
            shown && shown->isAwaitingSend() && !m_drawer->isBusy())
            m_drawer->showDelivery(deliveryStateOf(*shown));
        if (m_currentConversation && !m_drawer->hasDraft() && waiting.contains(m_currentConversation))
            showDraftForConversation(m_currentConversation);
    });
    connect(m_drafts, &DraftModel::countChanged, m_notifications, &NotificationCenter::setPendingCount);
    wireNotifications();
    connect(m_notifications, &NotificationCenter::quitRequested, this, &MainWindow::quitApplication);

    connect(m_drawer, &ApprovalsDrawer::approveRequested, this, &MainWindow::onApprove);
    connect(m_drawer, &ApprovalsDrawer::rejectRequested, this, &MainWindow::onReject);
    connect(m_drawer, &ApprovalsDrawer::retryRequested, this, [this](const QString& id) {
        if (!m_services->approvals())
            return;
        m_drawer->setBusy(true, tr("Retrying…"));
        m_services->approvals()->resume(
            id, this, [this, id](Result<review::ApprovalFlow::Outcome> r) { afterReview(id, r, true); });
    });
    connect(m_drawer, &ApprovalsDrawer::sendAnywayRequested, this, [this](const QString& id) {
        if (!m_services->approvals())
            return m_drawer->setBusy(false);
        // The reviewer saw why the core refused (stale) and confirmed: the deliberate re-confirm.
        review::ApprovalFlow::SendOptions send;
        send.confirmStale = true;
        m_services->approvals()->resume(
            id, this, [this, id](Result<review::ApprovalFlow::Outcome> r) { afterReview(id, r, true); },
            send);
    });
    connect(m_drawer, &ApprovalsDrawer::regenerateRequested, this,
        [this](const QString& id, const QString& instruction) {
            if (!m_services->draftPipeline())
                return;
            m_drawer->setBusy(true, tr("Drafting again…"));
            m_services->draftPipeline()->regenerate(
                id, instruction, this, [this](pipeline::DraftPipeline::JobOutcome o) {
                    m_drawer->setBusy(false);
                    if (o.result != pipeline::DraftPipeline::Result_::Noted)
                        m_drawer->showNotice(tr("No new draft: %1").arg(o.reason), true);
                    m_drafts->refresh();
                    m_drawer->clearDraft();
                    if (!o.draftId.isEmpty())
                        openDraft(o.draftId);
                    refreshThread();
                });
        });
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_started) {
        m_started = true;
        // The drawer shares a narrow window with the queue, whose urgent columns stay whole.
        resizeDocks({ m_drawer }, { qMin(440, width() * 36 / 100) }, Qt::Horizontal);
        QTimer::singleShot(0, m_services, &AppServices::start); // after the first paint
        QTimer::singleShot(0, this, &MainWindow::maybeWelcome);
    }
}

void MainWindow::onConversationsPolled(const QList<chatwoot::Conversation>& conversations, bool full)
{
    if (full) {
        m_conversations->applySnapshot(conversations);
    } else {
        for (const chatwoot::Conversation& c : conversations) {
            if (c.status == chatwoot::ConversationStatus::Resolved)
                m_conversations->remove(c.id);
            else
                m_conversations->upsert(c);
        }
    }
    for (const chatwoot::Conversation& c : conversations)
        m_drafts->setContactName(c.id, c.contact.name);
    setChatwootReachable(true);
    noteCustomerQuestions(conversations);
    checkSla();
    m_syncLabel->setText(
        tr("Last sync: %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    if (m_currentConversation) {
        for (const chatwoot::Conversation& c : conversations)
            if (c.id == m_currentConversation && !full)
                refreshThread();
    }
    if (!m_pendingDraftToOpen.isEmpty())
        openDraft(std::exchange(m_pendingDraftToOpen, QString()));
}

void MainWindow::refreshThread()
{
    if (!m_services->chatwoot() || !m_currentConversation)
        return;
    const qint64 id = m_currentConversation;
    m_services->chatwoot()->fetchConversation(
        id, this, [this, id](Result<chatwoot::ConversationHistory> history) {
            if (id != m_currentConversation)
                return;
            if (!history) {
                m_banner->showMessage(MessageBanner::Kind::Error,
                    tr("The conversation could not be loaded: %1").arg(history.error().message));
                return;
            }
            // The newest page first; older pages appear as the reviewer scrolls up (a long thread opens
            // fast).
            m_threadHistory = history->messages;
            m_threadShown = qMin<qsizetype>(kThreadPage, m_threadHistory.size());
            m_thread->setMessages(m_threadHistory.mid(m_threadHistory.size() - m_threadShown));
            m_thread->setHasMoreOlder(m_threadShown < m_threadHistory.size());
        });
}

void MainWindow::onApprove(const QString& draftId, const QString& text, const review::Grades& grades)
{
    const QString reviewer = m_services->reviewerName();
    if (reviewer.isEmpty() || !m_services->approvals()) {
        m_drawer->setBusy(false);
        m_drawer->showNotice(
            reviewer.isEmpty() ? tr(
                "Set your name (Settings › Reviewer) before approving: every approval is signed by a person.")
                               : tr("Chatwoot is not connected yet."),
            true);
        return;
    }
    m_services->approvals()->approveAndSendReply(draftId, text, grades.tone, grades.accuracy, grades.policy,
        reviewer, this,
        [this, draftId](Result<review::ApprovalFlow::Outcome> r) { afterReview(draftId, r, true); });
}

void MainWindow::onReject(const QString& draftId, const review::Grades& grades, const QString& reason)
{
    const QString reviewer = m_services->reviewerName();
    if (!m_services->approvals())
        return m_drawer->setBusy(false); // the drawer waits for an answer to its rejection
    m_services->approvals()->rejectAndCaptureLearning(draftId, grades.tone, grades.accuracy, grades.policy,
        reason, reviewer, this,
        [this, draftId](Result<review::ApprovalFlow::Outcome> r) { afterReview(draftId, r, false); });
}

void MainWindow::afterReview(
    const QString& draftId, const Result<review::ApprovalFlow::Outcome>& r, bool approving)
{
    SendResult result;
    result.draftId = draftId;
    if (r && r->stage == review::ApprovalFlow::Stage::OutcomeUnknown) {
        // Maybe it arrived: never "not sent", and no retry that could send it twice.
        result.unconfirmed = true;
        result.recheckAt = r->recheckAt;
    } else if (r) {
        result.sent = approving;
        result.message = approving
            ? (r->reconciled ? tr("Sent (it had already reached Chatwoot; not sent twice).") : tr("Sent."))
            : tr("Rejected; the reason was recorded.");
        if (r->stage == review::ApprovalFlow::Stage::SignalQueued)
            result.message
                += QLatin1Char(' ') + tr("The learning signal waits locally until the database is back.");
    } else {
        result.sent = false;
        result.stoppedAt = approving ? tr("sending the reply") : tr("recording the rejection");
        result.message = r.error().message;
        result.canRetry
            = approving && r.error().kind != ErrorKind::Invalid && r.error().kind != ErrorKind::Conflict;
        result.canSendAnyway
            = approving && r.error().kind == ErrorKind::Conflict && r.error().field == QLatin1String("stale");
    }
    m_drawer->showResult(result);
    m_drafts->refresh();
    m_services->updateQueuedSignalCount();
    refreshThread();
    if (r && r->stage != review::ApprovalFlow::Stage::OutcomeUnknown) {
        const quint64 navigation = m_navigation;
        QTimer::singleShot(1200, this, [this, draftId, navigation] {
            // Only if the reviewer is still on that draft: never pull them away from what they chose.
            if (navigation == m_navigation && m_drawer->currentDraftId() == draftId)
                moveToNextDraft(draftId, NextDraft::AfterReview);
        });
    }
}

void MainWindow::onRecoveryRan(const review::Recovery::Report& report)
{
    QStringList done;
    if (report.sent > 0)
        done << tr("%n reply(s) resumed and sent", nullptr, report.sent);
    if (report.reconciled > 0)
        done << tr("%n reply(s) already in Chatwoot (recorded, not sent again)", nullptr, report.reconciled);
    const int signalsSaved = report.signalsSaved + report.signalsFlushed;
    if (signalsSaved > 0)
        done << tr("%n learning signal(s) saved", nullptr, signalsSaved);
    if (!done.isEmpty()) {
        const QString text = done.join(QStringLiteral("; ")) + QLatin1Char('.');
        statusBar()->showMessage(text, 20000);
        m_recoveryBanner->showMessage(MessageBanner::Kind::Info, text);
    }
    m_attention->setItems(report.needsAttentionDraftIds, report.needsAttention);
    m_drafts->refresh();
    m_services->updateQueuedSignalCount();
}

} // namespace cx::gui
