#include "ReliabilityPanel.h"

#include "review/DbCall.h"
#include "storage/Database.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>

namespace cx::gui {

namespace {
// Who refits: the PostgreSQL role (row-level security checks fitted_by = current_user), else the login.
QString actor(const storage::Database& db)
{
    if (!db.url().user.isEmpty())
        return db.url().user;
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("cxpilot") : user;
}

void addBins(
    QChart* chart, const QList<learning::ReliabilityBin>& bins, const QString& name, bool scatterOnly)
{
    auto* line = new QLineSeries(chart);
    line->setName(name);
    for (const learning::ReliabilityBin& b : bins)
        if (b.n > 0)
            line->append(b.meanPredicted, b.observed);
    chart->addSeries(line);
    if (scatterOnly)
        line->setPointsVisible(true);
}
} // namespace

ReliabilityPanel::ReliabilityPanel(QWidget* parent)
    : QGroupBox(tr("Confidence calibration"), parent)
{
    setObjectName(QStringLiteral("reliabilityPanel"));
    auto* layout = new QVBoxLayout(this);
    auto* chart = new QChart;
    chart->setTitle(tr("Reliability: confidence against drafts sent without major edits"));
    m_view = new QChartView(chart, this);
    m_view->setObjectName(QStringLiteral("reliabilityChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(220);
    m_view->setAccessibleName(tr("Reliability diagram"));
    m_summary = new QLabel(tr("No calibration yet."), this);
    m_summary->setObjectName(QStringLiteral("reliabilitySummary"));
    m_summary->setWordWrap(true);
    m_refit = new QPushButton(tr("Refit calibration"), this);
    m_refit->setObjectName(QStringLiteral("reliabilityRefit"));
    m_refit->setToolTip(tr("Learn the map from the drafter's confidence to the observed share of drafts sent "
                           "with minor or no edits, from every reviewed draft so far."));
    connect(m_refit, &QPushButton::clicked, this, &ReliabilityPanel::refit);
    auto* row = new QHBoxLayout;
    row->addWidget(m_summary, 1);
    row->addWidget(m_refit);
    layout->addWidget(m_view, 1);
    layout->addLayout(row);
    show(Loaded {});
}

void ReliabilityPanel::setDatabase(std::shared_ptr<storage::Database> database)
{
    m_database = std::move(database);
    refresh();
}

QChart* ReliabilityPanel::chart() const
{
    return m_view->chart();
}

QString ReliabilityPanel::summaryText() const
{
    return m_summary->text();
}

void ReliabilityPanel::refresh()
{
    if (!m_database || m_loading)
        return;
    m_loading = true;
    review::dbCall<Loaded>(
        m_database, this,
        [](storage::Database& db) {
            Loaded loaded;
            auto report = learning::IsotonicCalibrationStore(db).reliability();
            if (report)
                loaded.report = report.value();
            else
                loaded.error = report.error().message;
            return loaded;
        },
        [this](Loaded loaded) {
            m_loading = false;
            show(loaded);
            emit refreshed();
        });
}

void ReliabilityPanel::refit()
{
    if (!m_database || m_loading)
        return;
    m_loading = true;
    m_refit->setEnabled(false);
    review::dbCall<Loaded>(
        m_database, this,
        [](storage::Database& db) {
            Loaded loaded;
            learning::IsotonicCalibrationStore store(db);
            if (auto fitted = store.refit(actor(db)); !fitted) {
                loaded.error = fitted.error().message;
                return loaded;
            }
            auto report = store.reliability();
            if (report)
                loaded.report = report.value();
            else
                loaded.error = report.error().message;
            return loaded;
        },
        [this](Loaded loaded) {
            m_loading = false;
            m_refit->setEnabled(true);
            show(loaded);
            emit refreshed();
        });
}

void ReliabilityPanel::show(const Loaded& loaded)
{
    QChart* chart = m_view->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis);
    auto* diagonal = new QLineSeries(chart);
    diagonal->setName(tr("Perfect calibration"));
    diagonal->append(0, 0);
    diagonal->append(1, 1);
    QPen dashed = diagonal->pen();
    dashed.setStyle(Qt::DashLine);
    diagonal->setPen(dashed);
    chart->addSeries(diagonal);
    addBins(chart, loaded.report.raw, tr("Raw confidence"), true);
    if (!loaded.report.calibrated.isEmpty())
        addBins(chart, loaded.report.calibrated, tr("Calibrated"), true);
    auto* x = new QValueAxis(chart);
    x->setRange(0, 1);
    x->setTitleText(tr("Predicted"));
    auto* y = new QValueAxis(chart);
    y->setRange(0, 1);
    y->setTitleText(tr("Observed"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    if (!loaded.error.isEmpty()) {
        m_summary->setText(loaded.error);
        return;
    }
    const auto& fit = loaded.report.calibration;
    if (!fit) {
        m_summary->setText(
            tr("Not fitted yet (reviewed drafts with a confidence: %1).").arg(loaded.report.samples));
        return;
    }
    m_summary->setText(
        tr("Expected calibration error %1 raw, %2 calibrated (cross-validated); fitted %3 by %4, sample size "
           "%5.")
            .arg(QLocale().toString(fit->eceBefore, 'f', 3), QLocale().toString(fit->eceAfter, 'f', 3),
                QLocale().toString(fit->fittedAt.toLocalTime(), QLocale::ShortFormat), fit->fittedBy)
            .arg(fit->sampleSize));
}

} // namespace cx::gui
