#include "CalibrationPanel.h"

#include "review/DbCall.h"
#include "storage/Database.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace cx::gui {

CalibrationPanel::CalibrationPanel(QWidget* parent)
    : QGroupBox(tr("Grading consistency"), parent)
{
    setObjectName(QStringLiteral("calibrationPanel"));
    auto* layout = new QVBoxLayout(this);
    m_alert = new QLabel(this);
    m_alert->setObjectName(QStringLiteral("calibrationDriftAlert"));
    m_alert->setWordWrap(true);
    layout->addWidget(m_alert);
    auto* row = new QHBoxLayout;
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("calibrationGradeMode"));
    m_mode->setAccessibleName(tr("Average grades shown"));
    m_mode->addItem(tr("As graded"));
    m_mode->addItem(tr("Leniency-adjusted"));
    m_mode->setToolTip(tr("Leniency-adjusted: each grade minus its reviewer's leniency measured in the most "
                          "recent closed calibration session (Reports › Grading calibration…)."));
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] { showCheck(); });
    row->addWidget(m_mode);
    m_averages = new QLabel(this);
    m_averages->setObjectName(QStringLiteral("calibrationAverages"));
    m_averages->setWordWrap(true);
    row->addWidget(m_averages, 1);
    layout->addLayout(row);
    showCheck();
}

bool CalibrationPanel::showsLeniencyAdjusted() const
{
    return m_mode->currentIndex() == 1;
}

void CalibrationPanel::setShowsLeniencyAdjusted(bool adjusted)
{
    m_mode->setCurrentIndex(adjusted ? 1 : 0);
}

void CalibrationPanel::refresh(
    const std::shared_ptr<storage::Database>& db, const metrics::QualityQuery& query)
{
    if (!db) {
        return;
    }
    const quint64 generation = ++m_generation;
    review::dbCall<Result<learning::GradingCheck>>(
        db, this,
        [query](storage::Database& database) {
            return learning::checkGrading(database, query.from, query.to, query.inboxId, query.reviewer);
        },
        [this, generation](Result<learning::GradingCheck> result) {
            if (generation != m_generation) {
                return;
            }
            if (result) {
                m_check = result.value();
                showCheck();
            } else {
                m_alert->setText(
                    tr("Grading consistency could not be checked: %1").arg(result.error().message));
            }
            emit refreshed();
        });
}

void CalibrationPanel::showCheck()
{
    if (!m_check) {
        m_alert->setText(tr("Not computed yet."));
        m_averages->clear();
        return;
    }
    QStringList alerts;
    for (const learning::ReviewerDrift& d : m_check->alarms()) {
        const QString way
            = d.direction == learning::DriftDirection::Lenient ? tr("more lenient") : tr("stricter");
        alerts.append(tr("%1 grades %2 %3 than their peers since %4.")
                          .arg(d.reviewer, review::gradeAxisLabel(d.axis).toLower(), way,
                              QLocale().toString(d.alarmAt.toLocalTime(), QLocale::ShortFormat)));
    }
    if (alerts.isEmpty()) {
        QFont plain = m_alert->font();
        plain.setBold(false);
        m_alert->setFont(plain);
        m_alert->setText(tr("No reviewer's grades have drifted from their peers' (%n reviewer-axis chart(s) "
                            "watched).",
            nullptr, static_cast<int>(m_check->drifts.size())));
    } else {
        QFont bold = m_alert->font();
        bold.setBold(true); // no colour of its own: the palette's text colour keeps its contrast
        m_alert->setFont(bold);
        m_alert->setText(
            tr("Drift alert: %1 (CUSUM past 5 σ; about one false alarm per 465 grades). Consider a "
               "calibration session.")
                .arg(alerts.join(QLatin1Char(' '))));
    }
    const bool adjusted = showsLeniencyAdjusted();
    const auto& values = adjusted ? m_check->leniencyAdjusted : m_check->asGraded;
    const auto shown = [&values](int i) {
        return values[static_cast<size_t>(i)] ? QLocale().toString(*values[static_cast<size_t>(i)], 'f', 2)
                                              : QStringLiteral("—");
    };
    QString text = tr("Tone %1 · Accuracy %2 · Policy %3 (%n grade(s))", nullptr, m_check->graded)
                       .arg(shown(0), shown(1), shown(2));
    if (adjusted) {
        text += QLatin1Char(' ')
            + (m_check->calibrationName.isEmpty()
                    ? tr("— no closed calibration session yet, so nothing to adjust by.")
                    : tr("— adjusted by the leniency measured in \"%1\".").arg(m_check->calibrationName));
    }
    m_averages->setText(text);
}

} // namespace cx::gui
