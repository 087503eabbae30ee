#include "CalibrationDialog.h"

#include "GradeSpinBox.h"
#include "foundation/Clock.h"
#include "review/DbCall.h"
#include "storage/Database.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace cx::gui {

namespace {

using learning::CalibrationStore;

constexpr int kCandidateDays = 90; // sent replies from the last 90 days can be calibrated

// What one visit to the database brings back for the selected session.
struct SessionView {
    QString error;
    QList<learning::CalibrationItem> items;
    QList<int> done;
    QList<learning::CalibrationProgress> progress;
    std::optional<learning::CalibrationResults> results; // closed sessions only
};

QString axisName(review::GradeAxis axis)
{
    return review::gradeAxisLabel(axis);
}

} // namespace

CalibrationDialog::CalibrationDialog(
    std::shared_ptr<storage::Database> db, QString reviewer, bool demo, QWidget* parent)
    : QDialog(parent)
    , m_db(std::move(db))
    , m_reviewer(std::move(reviewer))
    , m_demo(demo)
{
    setObjectName(QStringLiteral("calibrationDialog"));
    setWindowTitle(tr("Grading calibration"));
    resize(760, 560);
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    auto* sessionLabel = new QLabel(tr("Session:"), this);
    top->addWidget(sessionLabel);
    m_sessions = new QComboBox(this);
    sessionLabel->setBuddy(m_sessions);
    m_sessions->setObjectName(QStringLiteral("calibrationSessions"));
    m_sessions->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    top->addWidget(m_sessions, 1);
    layout->addLayout(top);
    auto* note = new QLabel(tr("Calibration never sends anything: everyone grades the same already-sent "
                               "replies blind, without seeing anyone else's grades (nor the original "
                               "reviewer's) until the lead closes the session."),
        this);
    note->setWordWrap(true);
    layout->addWidget(note);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("calibrationProblem"));
    m_problem->setWordWrap(true);
    QFont bold = m_problem->font();
    bold.setBold(true);
    m_problem->setFont(bold);
    m_problem->hide();
    layout->addWidget(m_problem);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(buildStartTab(), tr("New session"));
    m_tabs->addTab(buildGradeTab(), tr("Grade"));
    m_tabs->addTab(buildResultsTab(), tr("Results"));
    layout->addWidget(m_tabs, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_sessions, &QComboBox::currentIndexChanged, this, [this] { showSession(); });
    if (!m_db) {
        showProblem(tr("The database is not open yet, so there are no calibration sessions."));
        return;
    }
    reload();
    loadCandidates();
}

QString CalibrationDialog::currentSessionId() const
{
    return m_sessions->currentData().toString();
}

QWidget* CalibrationDialog::buildStartTab()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_name = new QLineEdit(page);
    m_name->setObjectName(QStringLiteral("calibrationName"));
    m_name->setText(tr("Calibration %1").arg(QDate::currentDate().toString(Qt::ISODate)));
    form->addRow(tr("Name:"), m_name);
    auto* sampleRow = new QHBoxLayout;
    m_count = new QSpinBox(page);
    m_count->setObjectName(QStringLiteral("calibrationCount"));
    m_count->setAccessibleName(tr("Number of replies to sample"));
    m_count->setRange(learning::kMinCalibrationItems, learning::kMaxCalibrationItems);
    m_count->setValue(10);
    sampleRow->addWidget(m_count);
    auto* sample = new QPushButton(tr("Sample by inbox and grade"), page);
    sample->setObjectName(QStringLiteral("calibrationSample"));
    sample->setToolTip(tr("Picks replies from every inbox and every grade band in turn, so the session "
                          "covers the whole scale rather than mostly the common grades."));
    connect(sample, &QPushButton::clicked, this, &CalibrationDialog::sampleCandidates);
    sampleRow->addWidget(sample);
    sampleRow->addStretch(1);
    form->addRow(tr("Replies:"), sampleRow);
    m_candidates = new QListWidget(page);
    m_candidates->setObjectName(QStringLiteral("calibrationCandidates"));
    connect(m_candidates, &QListWidget::itemChanged, this, [this] {
        m_sampled = false; // a hand-made choice from here on
        m_start->setEnabled(checkedCandidates().size() >= learning::kMinCalibrationItems);
    });
    form->addRow(tr("Sent replies (last %n day(s)):", nullptr, kCandidateDays), m_candidates);
    m_start = new QPushButton(tr("Start session"), page);
    m_start->setObjectName(QStringLiteral("calibrationStart"));
    m_start->setEnabled(false);
    connect(m_start, &QPushButton::clicked, this, &CalibrationDialog::startSession);
    form->addRow(QString(), m_start);
    return page;
}

QWidget* CalibrationDialog::buildGradeTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    m_itemLabel = new QLabel(page);
    m_itemLabel->setObjectName(QStringLiteral("calibrationItemLabel"));
    layout->addWidget(m_itemLabel);
    m_itemText = new QTextBrowser(page);
    m_itemText->setObjectName(QStringLiteral("calibrationItemText"));
    m_itemText->setAccessibleName(tr("The reply to grade"));
    layout->addWidget(m_itemText, 1);
    auto* grades = new QHBoxLayout;
    const auto addBox = [&](review::GradeAxis axis, const QString& name) {
        auto* label = new QLabel(review::gradeAxisLabel(axis), page);
        auto* box = new GradeSpinBox(page);
        box->setObjectName(name);
        box->setToolTip(review::gradeTooltip(axis));
        box->setAccessibleName(review::gradeAxisLabel(axis));
        label->setBuddy(box);
        connect(box, &GradeSpinBox::touchedChanged, this, &CalibrationDialog::updateSaveButton);
        grades->addWidget(label);
        grades->addWidget(box);
        return box;
    };
    m_tone = addBox(review::GradeAxis::Tone, QStringLiteral("calibrationTone"));
    m_accuracy = addBox(review::GradeAxis::Accuracy, QStringLiteral("calibrationAccuracy"));
    m_policy = addBox(review::GradeAxis::Policy, QStringLiteral("calibrationPolicy"));
    grades->addStretch(1);
    m_save = new QPushButton(tr("Save grade and go to the next"), page);
    m_save->setObjectName(QStringLiteral("calibrationSave"));
    m_save->setEnabled(false);
    connect(m_save, &QPushButton::clicked, this, &CalibrationDialog::saveGrade);
    grades->addWidget(m_save);
    layout->addLayout(grades);
    m_simulate = new QPushButton(tr("Add a simulated second reviewer (demo)"), page);
    m_simulate->setObjectName(QStringLiteral("calibrationSimulate"));
    m_simulate->setToolTip(tr("Demo only: grades every item as \"%1\", from the original grades with a "
                              "little random leniency. Shown as simulated in the results.")
                               .arg(QString::fromLatin1(learning::kSimulatedReviewer)));
    m_simulate->setVisible(m_demo);
    connect(m_simulate, &QPushButton::clicked, this, &CalibrationDialog::simulateReviewer);
    layout->addWidget(m_simulate, 0, Qt::AlignLeft);
    return page;
}

QWidget* CalibrationDialog::buildResultsTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* row = new QHBoxLayout;
    m_progress = new QLabel(page);
    m_progress->setObjectName(QStringLiteral("calibrationProgress"));
    m_progress->setWordWrap(true);
    row->addWidget(m_progress, 1);
    m_close = new QPushButton(tr("Close session and show results"), page);
    m_close->setObjectName(QStringLiteral("calibrationClose"));
    connect(m_close, &QPushButton::clicked, this, &CalibrationDialog::closeSession);
    row->addWidget(m_close);
    layout->addLayout(row);
    m_results = new QTextBrowser(page);
    m_results->setObjectName(QStringLiteral("calibrationResults"));
    m_results->setAccessibleName(tr("Calibration results"));
    layout->addWidget(m_results, 1);
    return page;
}

void CalibrationDialog::showProblem(const QString& text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void CalibrationDialog::reload()
{
    const QString keep = currentSessionId();
    review::dbCall<Result<QList<learning::CalibrationSession>>>(
        m_db, this, [](storage::Database& db) { return CalibrationStore(db).sessions(); },
        [this, keep](Result<QList<learning::CalibrationSession>> r) {
            if (!r) {
                showProblem(r.error().toString());
                emit refreshed();
                return;
            }
            m_sessionRows = r.value();
            const QSignalBlocker block(m_sessions);
            m_sessions->clear();
            for (const auto& s : m_sessionRows) {
                const QString state = s.isOpen() ? tr("open") : tr("closed");
                m_sessions->addItem(
                    tr("%1 — %n reply(ies), by %2, %3", nullptr, s.itemCount).arg(s.name, s.createdBy, state),
                    s.id);
            }
            const int index = m_sessions->findData(keep);
            m_sessions->setCurrentIndex(index >= 0 ? index : 0);
            showSession();
        });
}

void CalibrationDialog::loadCandidates()
{
    const QDateTime to = Clock::nowUtc().addSecs(60);
    const QDateTime from = to.addDays(-kCandidateDays);
    review::dbCall<Result<QList<learning::CalibrationCandidate>>>(
        m_db, this,
        [from, to](storage::Database& db) { return CalibrationStore(db).sentCandidates(from, to); },
        [this](Result<QList<learning::CalibrationCandidate>> r) {
            if (!r) {
                showProblem(r.error().toString());
                return;
            }
            m_candidateRows = r.value();
            const QSignalBlocker block(m_candidates);
            m_candidates->clear();
            for (const auto& c : m_candidateRows) {
                // No grades here: the lead may grade in the session too.
                auto* item = new QListWidgetItem(
                    tr("Inbox %1 — sent reply reviewed %2")
                        .arg(c.inboxId)
                        .arg(QLocale().toString(c.gradedAt.toLocalTime(), QLocale::ShortFormat)),
                    m_candidates);
                item->setData(Qt::UserRole, c.gradingId);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                item->setCheckState(Qt::Unchecked);
            }
            if (m_candidateRows.isEmpty()) {
                m_candidates->addItem(tr("No sent replies yet: approve and send a few drafts first."));
            }
        });
}

QStringList CalibrationDialog::checkedCandidates() const
{
    QStringList ids;
    for (int i = 0; i < m_candidates->count(); ++i) {
        const QListWidgetItem* item = m_candidates->item(i);
        if (item->checkState() == Qt::Checked) {
            ids.append(item->data(Qt::UserRole).toString());
        }
    }
    return ids;
}

void CalibrationDialog::sampleCandidates()
{
    const QStringList picked = learning::sampleStratified(
        m_candidateRows, m_count->value(), QRandomGenerator::global()->generate64());
    {
        const QSignalBlocker block(m_candidates);
        for (int i = 0; i < m_candidates->count(); ++i) {
            QListWidgetItem* item = m_candidates->item(i);
            if (item->flags() & Qt::ItemIsUserCheckable) {
                item->setCheckState(
                    picked.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
            }
        }
    }
    m_sampled = true;
    m_start->setEnabled(picked.size() >= learning::kMinCalibrationItems);
    if (picked.size() < learning::kMinCalibrationItems) {
        showProblem(tr("Not enough sent replies to sample from (%1).").arg(picked.size()));
    }
}

void CalibrationDialog::startSession()
{
    const QString name = m_name->text();
    const QString lead = m_reviewer;
    const QStringList ids = checkedCandidates();
    const QString sampling = m_sampled ? QStringLiteral("stratified") : QStringLiteral("picked");
    m_start->setEnabled(false);
    review::dbCall<Result<learning::CalibrationSession>>(
        m_db, this,
        [=](storage::Database& db) { return CalibrationStore(db).createSession(name, lead, ids, sampling); },
        [this](Result<learning::CalibrationSession> r) {
            m_start->setEnabled(true);
            if (!r) {
                showProblem(r.error().toString());
                emit refreshed();
                return;
            }
            showProblem({});
            m_sessions->blockSignals(true);
            m_sessions->addItem(r.value().name, r.value().id);
            m_sessions->setCurrentIndex(m_sessions->count() - 1);
            m_sessions->blockSignals(false);
            m_tabs->setCurrentIndex(1);
            reload();
        });
}

void CalibrationDialog::showSession()
{
    const QString id = currentSessionId();
    const auto it = std::find_if(m_sessionRows.begin(), m_sessionRows.end(),
        [&id](const learning::CalibrationSession& s) { return s.id == id; });
    if (id.isEmpty() || it == m_sessionRows.end()) {
        m_items.clear();
        m_itemLabel->setText(tr("No calibration session yet: start one on the first tab."));
        m_itemText->clear();
        m_save->setEnabled(false);
        m_simulate->setEnabled(false);
        m_close->setEnabled(false);
        m_progress->clear();
        m_results->clear();
        emit refreshed();
        return;
    }
    const learning::CalibrationSession session = *it;
    const QString reviewer = m_reviewer;
    review::dbCall<SessionView>(
        m_db, this,
        [session, reviewer](storage::Database& db) {
            SessionView view;
            CalibrationStore store(db);
            auto items = store.items(session.id);
            auto done = store.gradedBy(session.id, reviewer);
            auto progress = store.progress(session.id);
            if (!items || !done || !progress) {
                view.error = (!items ? items.error() : !done ? done.error() : progress.error()).toString();
                return view;
            }
            view.items = items.value();
            view.done = done.value();
            view.progress = progress.value();
            if (!session.isOpen()) {
                auto grades = store.grades(session.id);
                if (!grades) {
                    view.error = grades.error().toString();
                    return view;
                }
                view.results = learning::computeCalibrationResults(grades.value());
            }
            return view;
        },
        [this, session](SessionView view) {
            if (!view.error.isEmpty()) {
                showProblem(view.error);
                emit refreshed();
                return;
            }
            m_items = view.items;
            m_done = view.done;
            QStringList who;
            bool simulatedDone = false;
            for (const auto& p : view.progress) {
                const QString name = p.simulated ? tr("%1 (simulated)").arg(p.reviewer) : p.reviewer;
                who.append(tr("%1: %2 of %3").arg(name).arg(p.graded).arg(m_items.size()));
                simulatedDone = simulatedDone || (p.simulated && p.graded == m_items.size());
            }
            m_progress->setText(who.isEmpty() ? tr("Nobody has graded yet.")
                                              : tr("Graded so far — %1").arg(who.join(QStringLiteral("; "))));
            const bool isLead = session.createdBy == m_reviewer;
            m_close->setEnabled(session.isOpen() && isLead);
            m_close->setToolTip(isLead
                    ? QString()
                    : tr("Only %1, who started the session, can close it.").arg(session.createdBy));
            m_simulate->setEnabled(session.isOpen() && !simulatedDone);
            if (view.results) {
                showResults(*view.results);
            } else {
                m_results->setPlainText(tr("The results appear when the lead closes the session; until then "
                                           "nobody sees anyone else's grades."));
            }
            showItem();
            emit refreshed();
        });
}

void CalibrationDialog::showItem()
{
    const QString id = currentSessionId();
    const auto it = std::find_if(m_sessionRows.begin(), m_sessionRows.end(),
        [&id](const learning::CalibrationSession& s) { return s.id == id; });
    const bool open = it != m_sessionRows.end() && it->isOpen();
    const auto next = std::find_if(m_items.begin(), m_items.end(),
        [this](const learning::CalibrationItem& item) { return !m_done.contains(item.position); });
    for (GradeSpinBox* box : { m_tone, m_accuracy, m_policy }) {
        box->resetUntouched();
    }
    if (!open || next == m_items.end()) {
        m_itemLabel->setText(!open ? tr("This session is closed.")
                                   : tr("You have graded all %n reply(ies) of this session.", nullptr,
                                       static_cast<int>(m_items.size())));
        m_itemText->clear();
        m_itemLabel->setProperty("position", 0);
        updateSaveButton();
        return;
    }
    m_itemLabel->setText(
        tr("Reply %1 of %2 (inbox %3)").arg(next->position).arg(m_items.size()).arg(next->inboxId));
    m_itemLabel->setProperty("position", next->position);
    m_itemText->setPlainText(tr("The customer wrote:") + QStringLiteral("\n") + next->customerMessage
        + QStringLiteral("\n\n") + tr("The reply that was sent:") + QStringLiteral("\n") + next->sentReply);
    updateSaveButton();
}

void CalibrationDialog::updateSaveButton()
{
    const bool item = m_itemLabel->property("position").toInt() > 0;
    m_save->setEnabled(item && m_tone->isTouched() && m_accuracy->isTouched() && m_policy->isTouched());
}

void CalibrationDialog::saveGrade()
{
    const QString id = currentSessionId();
    const int position = m_itemLabel->property("position").toInt();
    const review::Grades grades { m_tone->value(), m_accuracy->value(), m_policy->value() };
    const QString reviewer = m_reviewer;
    m_save->setEnabled(false);
    review::dbCall<Status>(
        m_db, this,
        [=](storage::Database& db) { return CalibrationStore(db).saveGrade(id, position, reviewer, grades); },
        [this](Status st) {
            showProblem(st ? QString() : st.error().toString());
            showSession();
        });
}

void CalibrationDialog::simulateReviewer()
{
    const QString id = currentSessionId();
    const std::uint64_t seed = QRandomGenerator::global()->generate64();
    review::dbCall<Status>(
        m_db, this, [=](storage::Database& db) { return CalibrationStore(db).simulateReviewer(id, seed); },
        [this](Status st) {
            showProblem(st ? QString() : st.error().toString());
            showSession();
        });
}

void CalibrationDialog::closeSession()
{
    const QString id = currentSessionId();
    const QString lead = m_reviewer;
    review::dbCall<Status>(
        m_db, this, [=](storage::Database& db) { return CalibrationStore(db).close(id, lead); },
        [this](Status st) {
            showProblem(st ? QString() : st.error().toString());
            if (st) {
                m_tabs->setCurrentIndex(2);
            }
            reload();
        });
}

void CalibrationDialog::showResults(const learning::CalibrationResults& results)
{
    const auto name = [&results](const QString& reviewer) {
        const QString escaped = reviewer.toHtmlEscaped();
        return results.simulated.contains(reviewer) ? tr("%1 (simulated)").arg(escaped) : escaped;
    };
    QString html;
    html += QStringLiteral("<h3>%1</h3>").arg(tr("Agreement per axis (Krippendorff's α, ordinal)"));
    html += QStringLiteral("<table cellpadding=3><tr><th align=left>%1</th><th align=left>%2</th><th "
                           "align=left>%3</th></tr>")
                .arg(tr("Axis"), tr("α with 95 % interval"), tr("Replies"));
    for (const auto& a : results.axes) {
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(axisName(a.axis), learning::formatEstimate(a.alpha))
                    .arg(a.items);
    }
    html += QStringLiteral("</table><p><i>%1</i></p>")
                .arg(tr("α ≥ 0.80: the grades can be relied on; 0.67–0.80: tentative; below 0.67: the "
                        "reviewers do not mean the same thing by a grade (Krippendorff's guideline)."));
    html += QStringLiteral("<h3>%1</h3><table cellpadding=3>")
                .arg(tr("Pairs of reviewers (quadratic-weighted κ)"));
    for (const auto& p : results.pairs) {
        html += QStringLiteral("<tr><td>%1 – %2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                    .arg(name(p.first), name(p.second), axisName(p.axis), learning::formatEstimate(p.kappa),
                        tr("%n reply(ies)", nullptr, p.items));
    }
    html += QStringLiteral("</table><h3>%1</h3><p>%2</p><table cellpadding=3>")
                .arg(tr("Leniency per reviewer"),
                    tr("Mean difference from the others' grades on the same replies: positive means more "
                       "lenient, negative stricter."));
    for (const auto& l : results.leniency) {
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(name(l.reviewer), axisName(l.axis),
                        learning::formatEstimate(l.leniency.offset, true));
    }
    html += QStringLiteral("</table>");
    if (!results.simulated.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(tr("Some grades here are simulated (demo), not a person's."));
    }
    m_results->setHtml(html);
}

} // namespace cx::gui
