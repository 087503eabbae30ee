#pragma once

#include <functional>
#include <optional>

#include "foundation/Settings.h"
#include "metrics/QualityReport.h"
#include "metrics/QualityTracker.h"

#include <QHash>
#include <QWidget>

#include <memory>
#include <optional>

class QChart;
class QChartView;
class QComboBox;
class QDateEdit;
class QBoxLayout;
class QGridLayout;
class QHBoxLayout;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QTimer;

namespace cx::storage {
class Database;
}

namespace cx::gui {

class MetricTile;

// The quality dashboard: key-figure tiles with target badges, daily trends and distributions (QtCharts),
// a date range with presets, inbox / reviewer filters and a drill-down from any point or bar to the
// conversations behind it. Computes through metrics::QualityTracker on the database's worker thread —
// the window never waits; a busy bar shows while a computation runs. Refreshes when the database is set,
// on refresh(), when the range or a filter changes, and every autoRefreshInterval() ms.
class DashboardWidget final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardWidget)
public:
    enum class Chart { Quality, Sla, EditRatio, ApprovalTime };
    Q_ENUM(Chart)

    explicit DashboardWidget(QWidget* parent = nullptr);
    ~DashboardWidget() override;

    void setDatabase(std::shared_ptr<storage::Database> database);
    void setTargets(const NorthStarTargets& targets);
    void setSlaMinutes(int minutes);
    void setAutoRefreshInterval(int msecs); // 0 = off; default 30 s
    // Inclusive UTC days.
    void setRange(const QDate& from, const QDate& to);
    void applyPreset(int days); // the last `days` days up to today (cx::Clock)

    // The query the dashboard currently shows (range, inbox, reviewer, SLA) — for the exports.
    metrics::QualityQuery currentQuery() const;
    std::optional<metrics::QualityReport> lastReport() const { return m_report; }
    NorthStarTargets targets() const { return m_targets; }
    bool isBusy() const { return m_busy; }
    QChart* chart(Chart which) const;
    // Where the total of customer replies comes from: Chatwoot's reports API (outgoing_messages_count) for
    // an unfiltered range. Without one (or when it fails) the tracker falls back to what CX Pilot saw, and
    // the report says which.
    using VolumeSource = std::function<void(const QDateTime& from, const QDateTime& to, QObject* context,
        std::function<void(std::optional<qint64>)> done)>;
    void setVolumeSource(VolumeSource source) { m_volumeSource = std::move(source); }

public slots:
    void refresh();
    void setQueueSize(int openConversations); // < 0 = unknown
    // What a click on a chart calls: lists the conversations behind point/bar `index`.
    void drillDown(cx::gui::DashboardWidget::Chart chart, int index);

signals:
    void busyChanged(bool busy);
    void refreshed(); // a report arrived (or failed: see the status line)
    void drillDownReady(const QStringList& conversationIds);
    void openConversationRequested(qint64 conversationId);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void computeWith(metrics::QualityQuery query);
    void buildControls();
    void buildTiles();
    void buildCharts();
    // A narrow window reflows instead of squeezing (clipping) text: the controls wrap into two rows and the
    // tiles take as many columns (2 to 5) as the width holds at their minimum width.
    void reflow();
    void setBusy(bool busy);
    void loadFilterChoices();
    void applyReport(const metrics::QualityReport& report);
    void updateTiles(const metrics::QualityReport* report);
    void updateCharts(const metrics::QualityReport* report);
    double plotWidth(Chart which) const; // the plot area's width, for the axis labels' layout
    void applyTheme();
    void onDrillItemActivated(QListWidgetItem* item);

    std::shared_ptr<storage::Database> m_database;
    std::unique_ptr<metrics::QualityTracker> m_tracker;
    NorthStarTargets m_targets;
    int m_slaMinutes = 15;
    int m_queueSize = -1;
    bool m_busy = false;
    bool m_pending = false;
    quint64 m_generation = 0; // drops drill-down answers for an older query
    std::optional<metrics::QualityReport> m_report;

    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
    QComboBox* m_inbox = nullptr;
    QComboBox* m_reviewer = nullptr;
    QProgressBar* m_busyBar = nullptr;
    QLabel* m_status = nullptr;
    QTimer* m_timer = nullptr;
    QTimer* m_relayout = nullptr; // lays the axis labels out again after a resize
    QHash<QString, MetricTile*> m_tiles;
    QStringList m_tileOrder;
    QGridLayout* m_tileGrid = nullptr;
    QBoxLayout* m_controls = nullptr; // the two rows below, side by side or stacked
    QHBoxLayout* m_rangeRow = nullptr;
    QHBoxLayout* m_filterRow = nullptr;
    int m_tileColumns = 0;
    QHash<Chart, QChartView*> m_views;
    QLabel* m_drillTitle = nullptr;
    QListWidget* m_drillList = nullptr;
    VolumeSource m_volumeSource;
};

} // namespace cx::gui
