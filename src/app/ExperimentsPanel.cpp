#include "ExperimentsPanel.h"

#include "learning/ExperimentPrompts.h"
#include "learning/ExperimentStore.h"
#include "review/DbCall.h"
#include "storage/Database.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cx::gui {

ExperimentsPanel::ExperimentsPanel(QWidget* parent)
    : QGroupBox(tr("Prompt and model experiments"), parent)
{
    setObjectName(QStringLiteral("experimentsPanel"));
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(tr("No experiment yet. Start one here or with: cxpilot experiment start NAME "
                            "--variants A,B"),
        this);
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
    m_start = new QPushButton(tr("Start experiment…"), this);
    m_start->setObjectName(QStringLiteral("experimentStart"));
    connect(m_start, &QPushButton::clicked, this, &ExperimentsPanel::openStartDialog);
    m_stop = new QPushButton(tr("Stop experiment"), this);
    m_stop->setObjectName(QStringLiteral("experimentStop"));
    m_stop->setEnabled(false);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (QMessageBox::question(this, tr("Stop experiment"),
                tr("Stop experiment %1? New drafts use the configured prompt and model again; its results "
                   "stay.")
                    .arg(m_shown ? m_shown->name : QString()))
            == QMessageBox::Yes)
            stopShown();
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
}

bool ExperimentsPanel::startExperiment(
    const QString& name, const QString& variantText, const QString& split, QString* error)
{
    auto fail = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    if (!m_database)
        return fail(tr("No database is connected."));
    if (Status valid = learning::validateExperimentName(name.trimmed()); !valid)
        return fail(valid.error().message);
    auto variants = learning::parseVariants(variantText.trimmed());
    if (!variants)
        return fail(variants.error().message);
    QList<learning::ExperimentVariant> list = variants.value();
    if (Status shares = learning::applySplit(list, split.trimmed()); !shares)
        return fail(shares.error().message);
    const QString by
        = m_database->url().user.isEmpty() ? qEnvironmentVariable("USER") : m_database->url().user;
    review::dbCall<QString>(
        m_database, this,
        [name = name.trimmed(), list, by = by.isEmpty() ? QStringLiteral("cxpilot") : by](
            storage::Database& db) {
            auto started = learning::ExperimentStore(db).start(name, list, by);
            return started ? QString() : started.error().message;
        },
        [this](QString failure) { afterChange(failure); });
    return true;
}

void ExperimentsPanel::stopShown()
{
    if (!m_database || !isRunning())
        return;
    review::dbCall<QString>(
        m_database, this,
        [name = m_shown->name](storage::Database& db) {
            auto stopped = learning::ExperimentStore(db).stop(name);
            return stopped ? QString() : stopped.error().message;
        },
        [this](QString failure) { afterChange(failure); });
}

void ExperimentsPanel::afterChange(const QString& error)
{
    if (!error.isEmpty()) {
        m_status->setText(error);
        emit refreshed();
        return;
    }
    refresh();
}

void ExperimentsPanel::openStartDialog()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Start an experiment"));
    auto* form = new QFormLayout(&dialog);
    auto* name = new QLineEdit(&dialog);
    name->setObjectName(QStringLiteral("experimentName"));
    auto* variants = new QLineEdit(&dialog);
    variants->setObjectName(QStringLiteral("experimentVariantsEdit"));
    variants->setPlaceholderText(QStringLiteral("default-2026-11-25,concise-2026-12-06@MODEL"));
    variants->setToolTip(tr("Two or more variants, comma-separated: PROMPT_VERSION[@MODEL] or @MODEL. Known "
                            "prompt versions: %1. The first is the control (A).")
                             .arg(learning::knownPromptVersions().join(QStringLiteral(", "))));
    auto* split = new QLineEdit(&dialog);
    split->setObjectName(QStringLiteral("experimentSplit"));
    split->setPlaceholderText(tr("equal shares, or e.g. 50,50"));
    auto* problem = new QLabel(&dialog);
    problem->setWordWrap(true);
    problem->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(tr("Name"), name);
    form->addRow(tr("Variants"), variants);
    form->addRow(tr("Split (%)"), split);
    form->addRow(problem);
    form->addRow(box);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(box, &QDialogButtonBox::accepted, &dialog, [&] {
        QString error;
        if (startExperiment(name->text(), variants->text(), split->text(), &error))
            dialog.accept();
        else
            problem->setText(error); // stays open: the message names the field to fix
    });
    dialog.exec();
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
    if (!m_database)
        return;
    if (m_loading) {
        m_again = true;
        return;
    }
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
            if (std::exchange(m_again, false))
                refresh();
        });
}

void ExperimentsPanel::show(const Loaded& loaded)
{
    if (!loaded.error.isEmpty()) {
        m_status->setText(tr("The experiments could not be read: %1").arg(loaded.error));
        return;
    }
    m_shown = loaded.experiment;
    m_stop->setEnabled(isRunning());
    m_start->setEnabled(!isRunning());
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
