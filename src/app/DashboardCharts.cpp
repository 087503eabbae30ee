// DashboardWidget's charts (QtCharts): daily grades, daily SLA compliance and the two histograms, rebuilt
// from a QualityReport. Split from DashboardWidget.cpp by job; the tiles and controls live there.
#include "DashboardWidget.h"

#include <QLocale>

#include "ChartAxes.h"
#include "MetricTile.h"
#include "metrics/ShownFigures.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace cx::gui {

namespace {

bool hasValue(const std::optional<double>& v)
{
    return v.has_value() && std::isfinite(*v);
}

constexpr double kLabelPadding = 16.0; // px around an axis label: QtCharts draws it with its own text margins

QDateTime dayStart(const QDate& day)
{
    return QDateTime(day, QTime(0, 0), Qt::UTC);
}

void clearChart(QChart* chart)
{
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis* axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
}

// The bucket's upper bound — "1m", "5m", "15m", "30m", "1h", "4h", then ">4h" — like the edit-ratio axis:
// short enough for a bar's slot on a narrow window (the drill-down title names the whole bucket).
QString shortApprovalLabel(int bucket)
{
    auto unit = [](qint64 seconds) {
        return seconds % 3600 == 0 ? QStringLiteral("%1h").arg(seconds / 3600)
                                   : QStringLiteral("%1m").arg(seconds / 60);
    };
    const auto& bounds = metrics::kApprovalBucketUpperSeconds;
    if (bucket >= int(bounds.size()))
        return QStringLiteral(">") + unit(bounds.back());
    return unit(bounds[size_t(qMax(0, bucket))]);
}

QString dayLabel(const QDate& day)
{
    // In the UI language (QLocale's default is set to it at start), in that language's order.
    return QLocale().toString(day, DashboardWidget::tr("MMM d", "day label format (QDate::toString)"));
}

} // namespace

double DashboardWidget::plotWidth(Chart which) const
{
    QChartView* view = m_views.value(which);
    if (!view)
        return 0;
    const QRectF plot = view->chart()->plotArea();
    // Before the first layout the plot area is empty: estimate it from the view (y axis and margins).
    return plot.width() > 1 ? plot.width() : qMax(0, view->width() - 70);
}

void DashboardWidget::updateCharts(const metrics::QualityReport* report)
{
    const metrics::QualityReport empty;
    const metrics::QualityReport& r = report ? *report : empty;

    // Daily average grades: one point per day with reviewed drafts (days without data are skipped).
    QChart* quality = chart(Chart::Quality);
    clearChart(quality);
    auto* dayAxis = new QDateTimeAxis;
    dayAxis->setFormat(QStringLiteral("MMM d"));
    dayAxis->setTickCount(qBound(2, int(r.daily.size()), 6));
    if (!r.daily.isEmpty())
        dayAxis->setRange(dayStart(r.daily.first().day), dayStart(r.daily.last().day.addDays(1)));
    auto* gradeAxis = new QValueAxis;
    gradeAxis->setRange(1, 5);
    gradeAxis->setTickCount(5);
    gradeAxis->setLabelFormat(QStringLiteral("%.0f"));
    quality->addAxis(dayAxis, Qt::AlignBottom);
    quality->addAxis(gradeAxis, Qt::AlignLeft);
    const std::array<std::pair<QString, std::optional<double> (metrics::Tally::*)() const>, 3> axes { {
        { tr("Tone"), &metrics::Tally::averageTone },
        { tr("Accuracy"), &metrics::Tally::averageAccuracy },
        { tr("Policy"), &metrics::Tally::averagePolicy },
    } };
    for (const auto& [name, average] : axes) {
        auto* series = new QLineSeries;
        series->setName(name);
        series->setPointsVisible(true);
        for (const metrics::DailyPoint& p : r.daily) {
            const std::optional<double> v = (p.tally.*average)();
            if (hasValue(v))
                series->append(double(dayStart(p.day).addSecs(12 * 3600).toMSecsSinceEpoch()), *v);
        }
        quality->addSeries(series);
        series->attachAxis(dayAxis);
        series->attachAxis(gradeAxis);
        connect(series, &QLineSeries::clicked, this, [this](const QPointF& point) {
            if (!m_report || m_report->daily.isEmpty())
                return;
            const QDate day = QDateTime::fromMSecsSinceEpoch(qint64(point.x()), Qt::UTC).date();
            drillDown(Chart::Quality, int(m_report->daily.first().day.daysTo(day)));
        });
    }

    // Daily SLA compliance with the green and yellow thresholds.
    QChart* sla = chart(Chart::Sla);
    clearChart(sla);
    auto* slaSet = new QBarSet(tr("Within SLA"));
    QStringList days;
    for (const metrics::DailyPoint& p : r.daily) {
        const std::optional<double> v = p.tally.slaCompliancePct();
        *slaSet << (hasValue(v) ? *v : 0.0);
        days << dayLabel(p.day);
    }
    auto* slaSeries = new QBarSeries;
    slaSeries->append(slaSet);
    sla->addSeries(slaSeries);
    // Day labels on a value axis (bars at 0, 1, …): every k-th day, so that each label fits its share of
    // the plot instead of being elided to "…" by a category axis.
    auto* slaDays = new QCategoryAxis;
    slaDays->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    slaDays->setStartValue(-0.5);
    slaDays->setRange(-0.5, qMax(0, int(days.size()) - 1) + 0.5);
    slaDays->setGridLineVisible(false);
    {
        const QFontMetricsF fm(slaDays->labelsFont());
        double widest = 0;
        for (const QString& d : std::as_const(days))
            widest = qMax(widest, fm.horizontalAdvance(d));
        const int step = labelStep(plotWidth(Chart::Sla) / qMax(1, int(days.size())), widest, kLabelPadding);
        for (int i = 0; i < days.size(); i += step)
            slaDays->append(days.at(i), i);
    }
    auto* pctAxis = new QValueAxis;
    pctAxis->setRange(0, 100);
    pctAxis->setLabelFormat(QStringLiteral("%.0f"));
    sla->addAxis(slaDays, Qt::AlignBottom);
    sla->addAxis(pctAxis, Qt::AlignLeft);
    slaSeries->attachAxis(slaDays);
    slaSeries->attachAxis(pctAxis);
    const double last = qMax(0, int(r.daily.size()) - 1) + 0.5;
    for (const auto& [pct, colour] : { std::pair { m_targets.slaGreenPct, MetricTile::green() },
             std::pair { m_targets.slaYellowPct, MetricTile::yellow() } }) {
        auto* line = new QLineSeries;
        line->setName(tr("%1 %").arg(pct));
        line->append(-0.5, pct);
        line->append(last, pct);
        QPen pen(colour);
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        line->setPen(pen);
        sla->addSeries(line);
        line->attachAxis(slaDays);
        line->attachAxis(pctAxis);
    }
    connect(slaSet, &QBarSet::clicked, this, [this](int index) { drillDown(Chart::Sla, index); });

    // Histograms.
    auto histogram = [this](Chart which, const QString& setName, const QStringList& labels,
                         const QList<qint64>& counts, const QString& axisTitle) {
        QChart* c = chart(which);
        clearChart(c);
        auto* set = new QBarSet(setName);
        qint64 top = 0;
        for (qint64 n : counts) {
            *set << double(n);
            top = qMax(top, n);
        }
        auto* series = new QBarSeries;
        series->setBarWidth(0.9);
        series->append(set);
        c->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append(labels);
        x->setTitleText(axisTitle);
        // The largest font in which every bucket's label fits its bar's slot (never elided to "≤…"). The slot
        // is taken as width / (categories + 1): QtCharts still elided "15m" and "30m" that fit width / 7 with
        // the padding on a 700 px window (tst_dashboard chartLabelsFitTheirSlots(narrow)).
        x->setLabelsFont(fittingFont(
            x->labelsFont(), labels, plotWidth(which) / (int(labels.size()) + 1), 6.0, kLabelPadding));
        // Counts: integer ticks (1, 2, 5, 10, … per step), never 1.25.
        const IntegerAxis ticks = integerAxis(top);
        auto* y = new QValueAxis;
        y->setRange(0, double(ticks.top));
        y->setTickCount(ticks.tickCount);
        y->setLabelFormat(QStringLiteral("%.0f"));
        c->addAxis(x, Qt::AlignBottom);
        c->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
        c->legend()->hide();
        connect(set, &QBarSet::clicked, this, [this, which](int index) { drillDown(which, index); });
    };
    QStringList ratioLabels, approvalLabels;
    QList<qint64> ratioCounts, approvalCounts;
    // Short axis labels (the drill-down title names the whole bucket): the bucket's upper bound, 0 =
    // unedited.
    for (int i = 0; i < metrics::kEditRatioBuckets; ++i) {
        ratioLabels << (i == 0 ? QStringLiteral("0") : metrics::localNumber(i / 10.0, 1));
        ratioCounts << r.totals.editRatioHistogram[size_t(i)];
    }
    for (int i = 0; i < metrics::kApprovalBuckets; ++i) {
        approvalLabels << shortApprovalLabel(i);
        approvalCounts << r.totals.approvalHistogram[size_t(i)];
    }
    histogram(Chart::EditRatio, tr("Drafts"), ratioLabels, ratioCounts,
        tr("edit ratio, bucket upper bound (0 = unedited)"));
    histogram(Chart::ApprovalTime, tr("Drafts"), approvalLabels, approvalCounts,
        tr("ready → approved, bucket upper bound"));
}

} // namespace cx::gui
