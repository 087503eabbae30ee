#include "ExperimentsPanel.h"

#include "learning/ExperimentStore.h"
#include "review/DbCall.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cx::gui {

ExperimentsPanel::ExperimentsPanel(QWidget* parent)
    : QGroupBox(tr("Prompt and model experiments"), parent)
{
    setObjectName(QStringLiteral("experimentsPanel"));
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(
        tr("No experiment yet. Start one with: cxpilot experiment start NAME --variants A,B"), this);
    m_title->setObjectName(QStringLiteral("experimentTitle"));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("experimentStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableWidget(0, 5, this);
    m_table->setObjectName(QStringLiteral("experimentVariants"));
    m_table->setHorizontalHeaderLabels({ tr("Variant"), tr("Prompt / model"), tr("Graded"),
        tr("Approved without major edits"), tr("Difference to A (always-valid interval)") });
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMaximumHeight(140);
    m_table->setAccessibleName(tr("Experiment variants"));
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_table);
}

void ExperimentsPanel::setDatabase(std::shared_ptr<storage::Database> database)
{
    m_database = std::move(database);
    refresh();
}

QString ExperimentsPanel::statusText() const
{
    return m_status->text();
}

void ExperimentsPanel::refresh()
{
    if (!m_database || m_loading)
        return;
    m_loading = true;
    review::dbCall<Loaded>(
        m_database, this,
        [](storage::Database& db) {
            Loaded loaded;
            learning::ExperimentStore store(db);
            auto running = store.running();
            if (!running) {
                loaded.error = running.error().message;
                return loaded;
            }
            if (running.value()) {
                loaded.experiment = running.value();
            } else {
                auto all = store.list();
                if (!all) {
                    loaded.error = all.error().message;
                    return loaded;
                }
                if (!all->isEmpty())
                    loaded.experiment = all->first();
            }
            if (!loaded.experiment)
                return loaded;
            auto outcomes = store.outcomes(*loaded.experiment);
            if (!outcomes) {
                loaded.error = outcomes.error().message;
                return loaded;
            }
            loaded.analysis = learning::analyzeExperiment(*loaded.experiment, *outcomes);
            return loaded;
        },
        [this](Loaded loaded) {
            m_loading = false;
            show(loaded);
            emit refreshed();
        });
}

void ExperimentsPanel::show(const Loaded& loaded)
{
    if (!loaded.error.isEmpty()) {
        m_status->setText(tr("The experiments could not be read: %1").arg(loaded.error));
        return;
    }
    if (!loaded.experiment) {
        m_status->clear();
        m_table->setRowCount(0);
        return;
    }
    const learning::Experiment& e = *loaded.experiment;
    m_title->setText(
        (e.running() ? tr("Experiment %1, running since %2") : tr("Experiment %1, stopped (started %2)"))
            .arg(e.name, QLocale().toString(e.startedAt.toLocalTime(), QLocale::ShortFormat)));
    m_status->setText(loaded.analysis.status);
    m_table->setRowCount(int(e.variants.size()));
    using learning::ExperimentMetric;
    const int primary = int(ExperimentMetric::ApprovedWithoutMajorEdits);
    for (int i = 0; i < e.variants.size(); ++i) {
        const learning::ExperimentVariant& v = e.variants.at(i);
        const learning::VariantSummary& s = loaded.analysis.variants.at(i);
        const QString configured = tr("configured");
        QString difference;
        if (i > 0) {
            const learning::MetricComparison& m = loaded.analysis.comparisons.at(i - 1).metrics.at(primary);
            difference = QStringLiteral("%1 [%2, %3]")
                             .arg(learning::formatDifference(m.metric, m.difference),
                                 learning::formatDifference(m.metric, m.sequential.alwaysValid.lower),
                                 learning::formatDifference(m.metric, m.sequential.alwaysValid.upper));
        }
        const QStringList cells { v.label,
            QStringLiteral("%1 / %2").arg(v.promptVersion.isEmpty() ? configured : v.promptVersion,
                v.model.isEmpty() ? configured : v.model),
            QString::number(s.graded),
            s.metric[primary].n
                ? QLocale().toString(s.metric[primary].mean * 100, 'f', 1) + QStringLiteral(" %")
                : QStringLiteral("–"),
            difference };
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(i, c, new QTableWidgetItem(cells.at(c)));
    }
    m_table->resizeColumnsToContents();
}

} // namespace cx::gui
