#include "DashboardWidget.h"

#include "CalibrationPanel.h"
#include "ExperimentsPanel.h"
#include "MetricTile.h"
#include "ReliabilityPanel.h"
#include "Translations.h"
#include "foundation/Clock.h"
#include "metrics/ShownFigures.h"
#include "metrics/TargetCheck.h"
#include "storage/Database.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <array>
#include <cmath>

namespace cx::gui {

namespace {

constexpr int kDefaultAutoRefreshMs = 30000;

// Handles a tracker answer from the event loop, never inside the call that asked (QFuture::then with a
// context runs the continuation directly when the future is already finished on Qt 6.4).
template <typename T> std::function<void(T)> queued(QObject* context, std::function<void(T)> handle)
{
    return [guard = QPointer<QObject>(context), handle = std::move(handle)](T value) {
        if (guard)
            QMetaObject::invokeMethod(
                guard, [handle, value = std::move(value)] { handle(value); }, Qt::QueuedConnection);
    };
}

QString dash()
{
    return QStringLiteral("—");
}

QColor statusColour(metrics::TargetStatus status)
{
    switch (status) {
    case metrics::TargetStatus::Met:
        return MetricTile::green();
    case metrics::TargetStatus::NotMet:
        return MetricTile::red();
    case metrics::TargetStatus::NotEnoughData:
        break;
    }
    return MetricTile::grey();
}

QColor slaColour(metrics::SlaBadge badge)
{
    switch (badge) {
    case metrics::SlaBadge::Green:
        return MetricTile::green();
    case metrics::SlaBadge::Yellow:
        return MetricTile::yellow();
    case metrics::SlaBadge::Red:
        return MetricTile::red();
    case metrics::SlaBadge::NoData:
        break;
    }
    return MetricTile::grey();
}

QDateTime dayStart(const QDate& day)
{
    return QDateTime(day, QTime(0, 0), Qt::UTC);
}

// Each figure tile shows metrics::shownFigure — the same text as the PDF, the summary CSV and the CLI.
const std::array<std::pair<const char*, metrics::Figure>, 9> kFigureTiles { {
    { "repliesTile", metrics::Figure::Replies },
    { "responseTile", metrics::Figure::FirstResponse },
    { "slaTile", metrics::Figure::Sla },
    { "aiDraftedTile", metrics::Figure::AiDrafted },
    { "approvalRateTile", metrics::Figure::ApprovalRate },
    { "toneTile", metrics::Figure::Tone },
    { "accuracyTile", metrics::Figure::Accuracy },
    { "policyTile", metrics::Figure::Policy },
    { "approvalTimeTile", metrics::Figure::ApprovalTime },
} };

} // namespace

DashboardWidget::DashboardWidget(QWidget* parent)
    : QWidget(parent)
{
    Translations::ensureEnglishPlurals();
    setObjectName(QStringLiteral("dashboard"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("dashboardScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    content->setObjectName(QStringLiteral("dashboardContent"));
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(8);
    scroll->setWidget(content);
    outer->addWidget(scroll);

    buildControls();
    buildTiles();
    buildCharts();

    // The range and the filters: one row, or two on a narrow window (reflow()).
    m_rangeRow = new QHBoxLayout;
    m_rangeRow->addWidget(new QLabel(tr("From"), content));
    m_rangeRow->addWidget(m_from);
    m_rangeRow->addWidget(new QLabel(tr("to"), content));
    m_rangeRow->addWidget(m_to);
    for (int days : { 7, 30, 90 }) {
        auto* preset = new QPushButton(tr("%n day(s)", nullptr, days), content);
        preset->setToolTip(tr("The last %n day(s) up to today (UTC)", nullptr, days));
        preset->setObjectName(QStringLiteral("preset%1").arg(days));
        connect(preset, &QPushButton::clicked, this, [this, days] { applyPreset(days); });
        m_rangeRow->addWidget(preset);
    }
    m_rangeRow->addStretch(0);
    m_filterRow = new QHBoxLayout;
    m_filterRow->addWidget(m_inbox);
    m_filterRow->addWidget(m_reviewer);
    auto* refreshButton = new QPushButton(tr("Refresh"), content);
    refreshButton->setObjectName(QStringLiteral("dashboardRefresh"));
    connect(refreshButton, &QPushButton::clicked, this, &DashboardWidget::refresh);
    m_filterRow->addWidget(refreshButton);
    m_filterRow->addWidget(m_busyBar);
    m_filterRow->addStretch(1);
    m_controls = new QBoxLayout(QBoxLayout::LeftToRight);
    m_controls->setSpacing(12);
    m_controls->addLayout(m_rangeRow, 0);
    m_controls->addLayout(m_filterRow, 1);
    layout->addLayout(m_controls);
    layout->addWidget(m_status);

    m_tileGrid = new QGridLayout;
    m_tileGrid->setSpacing(6);
    m_tileOrder = QStringList { QStringLiteral("queueTile"), QStringLiteral("repliesTile"),
        QStringLiteral("responseTile"), QStringLiteral("slaTile"), QStringLiteral("aiDraftedTile"),
        QStringLiteral("approvalRateTile"), QStringLiteral("toneTile"), QStringLiteral("accuracyTile"),
        QStringLiteral("policyTile"), QStringLiteral("approvalTimeTile") };
    layout->addLayout(m_tileGrid);
    reflow();
    // Grading calibration (issue #18): drift alert and as-graded / leniency-adjusted grades.
    auto* calibration = new CalibrationPanel(content);
    layout->addWidget(calibration);
    connect(this, &DashboardWidget::refreshed, calibration,
        [this, calibration] { calibration->refresh(m_database, currentQuery()); });

    auto* charts = new QGridLayout;
    charts->setSpacing(6);
    charts->addWidget(m_views.value(Chart::Quality), 0, 0);
    charts->addWidget(m_views.value(Chart::Sla), 0, 1);
    charts->addWidget(m_views.value(Chart::EditRatio), 1, 0);
    charts->addWidget(m_views.value(Chart::ApprovalTime), 1, 1);
    layout->addLayout(charts, 1);

    m_drillTitle = new QLabel(tr("Click a point or a bar to list the conversations behind it."), content);
    m_drillTitle->setObjectName(QStringLiteral("drillDownTitle"));
    m_drillTitle->setWordWrap(true);
    layout->addWidget(m_drillTitle);
    m_drillList = new QListWidget(content);
    m_drillList->setObjectName(QStringLiteral("drillDownList"));
    m_drillList->setAccessibleName(tr("Conversations behind the selected point"));
    m_drillList->setFlow(QListView::LeftToRight);
    m_drillList->setWrapping(true);
    m_drillList->setMinimumHeight(60);
    m_drillList->setMaximumHeight(120);
    m_drillList->setToolTip(tr("Double-click a conversation to open it."));
    // Double-click or Enter (activation), never both for one gesture.
    connect(m_drillList, &QListWidget::itemActivated, this, &DashboardWidget::onDrillItemActivated);
    layout->addWidget(m_drillList);
    // Issue 18: experiments and confidence calibration, refreshed with the dashboard.
    auto* experiments = new ExperimentsPanel(content);
    auto* reliability = new ReliabilityPanel(content);
    connect(this, &DashboardWidget::refreshed, experiments, &ExperimentsPanel::refresh);
    connect(this, &DashboardWidget::refreshed, reliability, &ReliabilityPanel::refresh);
    auto* learningRow = new QHBoxLayout;
    learningRow->addWidget(experiments, 1);
    learningRow->addWidget(reliability, 1);
    layout->addLayout(learningRow);

    m_timer = new QTimer(this);
    m_timer->setObjectName(QStringLiteral("dashboardAutoRefresh"));
    m_timer->setInterval(kDefaultAutoRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &DashboardWidget::refresh);
    m_relayout = new QTimer(this);
    m_relayout->setSingleShot(true);
    m_relayout->setInterval(100);
    connect(m_relayout, &QTimer::timeout, this, [this] { updateCharts(m_report ? &*m_report : nullptr); });

    applyPreset(30);
    updateTiles(nullptr);
    applyTheme();
}

DashboardWidget::~DashboardWidget() = default;

void DashboardWidget::buildControls()
{
    auto makeDate = [this](const QString& name, const QString& accessible) {
        auto* edit = new QDateEdit(this);
        edit->setObjectName(name);
        edit->setAccessibleName(accessible);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        connect(edit, &QDateEdit::dateChanged, this, &DashboardWidget::refresh);
        return edit;
    };
    m_from = makeDate(QStringLiteral("dashboardFrom"), tr("First day"));
    m_to = makeDate(QStringLiteral("dashboardTo"), tr("Last day"));

    m_inbox = new QComboBox(this);
    m_inbox->setObjectName(QStringLiteral("dashboardInbox"));
    m_inbox->setAccessibleName(tr("Inbox"));
    m_inbox->addItem(tr("All inboxes"));
    m_inbox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_inbox, &QComboBox::activated, this, &DashboardWidget::refresh);
    m_reviewer = new QComboBox(this);
    m_reviewer->setObjectName(QStringLiteral("dashboardReviewer"));
    m_reviewer->setAccessibleName(tr("Reviewer"));
    m_reviewer->addItem(tr("All reviewers"));
    m_reviewer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_reviewer, &QComboBox::activated, this, &DashboardWidget::refresh);

    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("dashboardBusy"));
    m_busyBar->setAccessibleName(tr("Computing"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(90);
    m_busyBar->setMaximumHeight(14);
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setWordWrap(true);
    m_status->hide();
}

void DashboardWidget::buildTiles()
{
    m_tiles.insert(QStringLiteral("queueTile"),
        new MetricTile(QStringLiteral("queueTile"), tr("Open conversations"), this));
    const metrics::QualityReport none;
    for (const auto& [name, figure] : kFigureTiles) {
        const QString tile = QLatin1String(name);
        m_tiles.insert(tile, new MetricTile(tile, metrics::shownFigure(figure, none, m_targets).label, this));
    }
}

void DashboardWidget::buildCharts()
{
    auto add = [this](Chart which, const QString& name, const QString& title) {
        auto* chart = new QChart;
        chart->setTitle(title);
        chart->setBackgroundRoundness(0);
        // The UI language, not the system's: axis dates and numbers match the rest of the window.
        chart->setLocale(QLocale());
        chart->setLocalizeNumbers(true);
        chart->legend()->setAlignment(Qt::AlignBottom);
        chart->setMargins(QMargins(4, 4, 4, 4));
        auto* view = new QChartView(chart, this);
        view->setObjectName(name);
        view->setAccessibleName(title);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(320, 240);
        m_views.insert(which, view);
    };
    add(Chart::Quality, QStringLiteral("qualityChart"), tr("Daily average grades"));
    add(Chart::Sla, QStringLiteral("slaChart"), tr("Daily SLA compliance (%)"));
    add(Chart::EditRatio, QStringLiteral("editRatioChart"), tr("Edit ratio (reviewed drafts)"));
    add(Chart::ApprovalTime, QStringLiteral("approvalTimeChart"), tr("Approval time (drafts)"));
}

QChart* DashboardWidget::chart(Chart which) const
{
    QChartView* view = m_views.value(which);
    return view ? view->chart() : nullptr;
}

void DashboardWidget::setDatabase(std::shared_ptr<storage::Database> database)
{
    m_database = std::move(database);
    m_tracker = m_database ? std::make_unique<metrics::QualityTracker>(m_database) : nullptr;
    ++m_generation;
    if (m_database && m_timer->interval() > 0)
        m_timer->start();
    loadFilterChoices();
    findChild<ExperimentsPanel*>()->setDatabase(m_database);
    findChild<ReliabilityPanel*>()->setDatabase(m_database);
    refresh();
}

void DashboardWidget::setTargets(const NorthStarTargets& targets)
{
    m_targets = targets;
    updateTiles(m_report ? &*m_report : nullptr);
}

void DashboardWidget::setSlaMinutes(int minutes)
{
    m_slaMinutes = minutes;
}

void DashboardWidget::setAutoRefreshInterval(int msecs)
{
    m_timer->setInterval(qMax(0, msecs));
    if (msecs <= 0)
        m_timer->stop();
    else if (m_database)
        m_timer->start();
}

void DashboardWidget::setRange(const QDate& from, const QDate& to)
{
    {
        const QSignalBlocker b1(m_from);
        const QSignalBlocker b2(m_to);
        m_from->setDate(from);
        m_to->setDate(to);
    }
    refresh();
}

void DashboardWidget::applyPreset(int days)
{
    const QDate today = Clock::nowUtc().date();
    setRange(today.addDays(-(days - 1)), today);
}

metrics::QualityQuery DashboardWidget::currentQuery() const
{
    QDate from = m_from->date();
    QDate to = m_to->date();
    if (from > to)
        std::swap(from, to);
    metrics::QualityQuery query;
    query.from = dayStart(from);
    query.to = dayStart(to.addDays(1));
    query.slaMinutes = m_slaMinutes;
    const QVariant inbox = m_inbox->currentData();
    if (inbox.isValid())
        query.inboxId = inbox.toLongLong();
    const QVariant reviewer = m_reviewer->currentData();
    if (reviewer.isValid())
        query.reviewer = reviewer.toString();
    return query;
}

void DashboardWidget::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    m_busyBar->setVisible(busy);
    emit busyChanged(busy);
}

void DashboardWidget::refresh()
{
    if (!m_tracker)
        return;
    if (m_busy) {
        m_pending = true; // one more pass when the running one is done
        return;
    }
    m_pending = false;
    setBusy(true);
    const metrics::QualityQuery query = currentQuery();
    if (m_volumeSource && !query.inboxId && query.reviewer.isEmpty()) { // account-wide figures only
        m_volumeSource(query.from, query.to, this, [this, query](std::optional<qint64> outgoing) {
            metrics::QualityQuery withVolume = query;
            withVolume.chatwootOutgoingCount = outgoing;
            computeWith(withVolume);
        });
        return;
    }
    computeWith(query);
}

void DashboardWidget::computeWith(metrics::QualityQuery query)
{
    const quint64 generation = ++m_generation;
    m_tracker->compute(query, this,
        queued<Result<metrics::QualityReport>>(
            this, [this, generation](Result<metrics::QualityReport> result) {
                setBusy(false);
                if (generation == m_generation) {
                    if (result) {
                        m_status->hide();
                        applyReport(*result);
                    } else {
                        m_status->setText(
                            tr("The dashboard could not be computed: %1").arg(result.error().message));
                        m_status->show();
                    }
                    emit refreshed();
                }
                if (m_pending)
                    refresh();
            }));
}

void DashboardWidget::loadFilterChoices()
{
    if (!m_tracker)
        return;
    // Computed in the core through the indexes (loose index scan), not by scanning the signals.
    m_tracker->filterChoices(
        this, queued<Result<metrics::FilterChoices>>(this, [this](Result<metrics::FilterChoices> c) {
            if (!c)
                return;
            const QVariant inbox = m_inbox->currentData();
            const QVariant reviewer = m_reviewer->currentData();
            m_inbox->clear();
            m_inbox->addItem(tr("All inboxes"));
            for (qint64 id : std::as_const(c->inboxes))
                m_inbox->addItem(tr("Inbox %1").arg(id), id);
            m_reviewer->clear();
            m_reviewer->addItem(tr("All reviewers"));
            for (const QString& r : std::as_const(c->reviewers))
                m_reviewer->addItem(r, r);
            m_inbox->setCurrentIndex(qMax(0, m_inbox->findData(inbox)));
            m_reviewer->setCurrentIndex(qMax(0, m_reviewer->findData(reviewer)));
        }));
}

void DashboardWidget::applyReport(const metrics::QualityReport& report)
{
    m_report = report;
    updateTiles(&report);
    updateCharts(&report);
}

void DashboardWidget::setQueueSize(int openConversations)
{
    m_queueSize = openConversations;
    m_tiles.value(QStringLiteral("queueTile"))
        ->setValue(openConversations >= 0 ? metrics::localNumber(qint64(openConversations)) : dash());
}

void DashboardWidget::updateTiles(const metrics::QualityReport* report)
{
    setQueueSize(m_queueSize);
    const metrics::QualityReport empty;
    const metrics::QualityReport& r = report ? *report : empty;
    const QList<metrics::TargetCheck> checks = metrics::checkTargets(r, m_targets);
    auto check = [&checks](metrics::TargetMetric metric) {
        for (const metrics::TargetCheck& c : checks)
            if (c.metric == metric)
                return c;
        return metrics::TargetCheck {};
    };
    auto badge = [&](const QString& tile, metrics::TargetMetric metric, const QString& target) {
        const metrics::TargetCheck c = check(metric);
        m_tiles.value(tile)->setBadge(metrics::targetStatusLabel(c.status), statusColour(c.status),
            tr("Target: %1 (n = %2)").arg(target).arg(c.sampleSize));
    };

    for (auto it = kFigureTiles.cbegin(); it != kFigureTiles.cend(); ++it) {
        const metrics::ShownFigure f = metrics::shownFigure(it->second, r, m_targets);
        m_tiles.value(QLatin1String(it->first))->setValue(f.value, f.note);
    }
    const metrics::SlaBadge slaBadge = metrics::slaBadge(r.totals.slaCompliancePct(), m_targets);
    m_tiles.value(QStringLiteral("slaTile"))
        ->setBadge(metrics::slaBadgeLabel(slaBadge), slaColour(slaBadge),
            tr("Green ≥ %1 %, yellow ≥ %2 %").arg(m_targets.slaGreenPct).arg(m_targets.slaYellowPct));
    badge(QStringLiteral("aiDraftedTile"), metrics::TargetMetric::AiDraftedPct,
        QStringLiteral("≥ %1 %").arg(m_targets.aiDraftedPct));
    badge(QStringLiteral("approvalRateTile"), metrics::TargetMetric::ApprovalRatePct,
        QStringLiteral("≥ %1 %").arg(m_targets.approvalRatePct));
    badge(
        QStringLiteral("toneTile"), metrics::TargetMetric::Tone, QStringLiteral("≥ %1").arg(m_targets.tone));
    badge(QStringLiteral("accuracyTile"), metrics::TargetMetric::Accuracy,
        QStringLiteral("≥ %1").arg(m_targets.accuracy));
    badge(QStringLiteral("policyTile"), metrics::TargetMetric::Policy,
        QStringLiteral("≥ %1").arg(m_targets.policy));
    badge(QStringLiteral("approvalTimeTile"), metrics::TargetMetric::MedianApprovalMinutes,
        tr("≤ %1 min").arg(m_targets.medianApprovalMinutes));
    reflow(); // new values and badges: the tiles' minimum widths changed
}

void DashboardWidget::drillDown(Chart which, int index)
{
    if (!m_tracker || !m_report || index < 0)
        return;
    metrics::DrillDown drill;
    QString what;
    switch (which) {
    case Chart::Quality:
    case Chart::Sla: {
        if (index >= m_report->daily.size())
            return;
        drill.day = m_report->daily.at(index).day;
        what = tr("reviewed on %1").arg(drill.day->toString(Qt::ISODate));
        break;
    }
    case Chart::EditRatio:
        if (index >= metrics::kEditRatioBuckets)
            return;
        drill.editRatioBucket = index;
        what = tr("with edit ratio %1").arg(metrics::editRatioBucketLabel(index));
        break;
    case Chart::ApprovalTime:
        if (index >= metrics::kApprovalBuckets)
            return;
        drill.approvalBucket = index;
        what = tr("approved in %1").arg(metrics::approvalBucketLabel(index));
        break;
    }
    const quint64 generation = m_generation;
    m_drillTitle->setText(tr("Loading conversations %1…").arg(what));
    m_tracker->drillItems(m_report->query, drill, this,
        queued<Result<QList<metrics::DrillItem>>>(
            this, [this, generation, what](Result<QList<metrics::DrillItem>> items) {
                if (generation != m_generation)
                    return;
                m_drillList->clear();
                if (!items) {
                    m_drillTitle->setText(
                        tr("Could not list the conversations: %1").arg(items.error().message));
                    emit drillDownReady({});
                    return;
                }
                m_drillTitle->setText(
                    tr("%n conversation(s) %1 — double-click one to open it.", nullptr, int(items->size()))
                        .arg(what));
                QStringList ids;
                for (const metrics::DrillItem& i : std::as_const(*items)) {
                    // The customer's name when a draft recorded it, else the conversation number.
                    auto* item = new QListWidgetItem(i.customerName.isEmpty()
                            ? tr("Conversation %1").arg(i.conversationId)
                            : tr("%1 (conversation %2)").arg(i.customerName, i.conversationId),
                        m_drillList);
                    item->setData(Qt::UserRole, i.conversationId);
                    ids << i.conversationId;
                }
                emit drillDownReady(ids);
            }));
}

void DashboardWidget::onDrillItemActivated(QListWidgetItem* item)
{
    bool ok = false;
    const qint64 id = item ? item->data(Qt::UserRole).toString().toLongLong(&ok) : 0;
    if (ok)
        emit openConversationRequested(id);
}

void DashboardWidget::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void DashboardWidget::reflow()
{
    if (!m_tileGrid)
        return;
    // The content's margins (8 + 8) and room for a vertical scroll bar.
    const int available = width() - 16 - style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    const int oneRow
        = m_rangeRow->minimumSize().width() + m_controls->spacing() + m_filterRow->minimumSize().width();
    m_controls->setDirection(oneRow > available ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    int widest = 0;
    for (const MetricTile* tile : std::as_const(m_tiles))
        widest = std::max(widest, tile->minimumSizeHint().width());
    const int spacing = m_tileGrid->spacing();
    const int columns = std::clamp((available + spacing) / std::max(1, widest + spacing), 2, 5);
    if (columns == m_tileColumns)
        return;
    m_tileColumns = columns;
    for (const QString& name : std::as_const(m_tileOrder))
        m_tileGrid->removeWidget(m_tiles.value(name));
    for (int i = 0; i < m_tileOrder.size(); ++i)
        m_tileGrid->addWidget(m_tiles.value(m_tileOrder[i]), i / columns, i % columns);
    for (int c = 0; c < 5; ++c)
        m_tileGrid->setColumnStretch(c, c < columns ? 1 : 0);
}

void DashboardWidget::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    reflow();
    if (m_relayout)
        m_relayout->start(); // the labels' slots changed: thin the day labels, fit the histogram fonts
}

void DashboardWidget::applyTheme()
{
    const QPalette p = palette();
    const bool dark = p.color(QPalette::Window).lightness() < 128;
    for (QChartView* view : std::as_const(m_views)) {
        QChart* c = view->chart();
        c->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        c->setBackgroundBrush(p.color(QPalette::Base));
        c->setTitleBrush(p.color(QPalette::Text));
        c->legend()->setLabelColor(p.color(QPalette::Text));
        c->setBackgroundRoundness(0);
    }
    updateCharts(m_report ? &*m_report : nullptr); // the theme restyles series: rebuild with our pens
}

} // namespace cx::gui
