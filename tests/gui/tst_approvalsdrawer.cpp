// ApprovalsDrawer: approve stays disabled until a person set all three grades; grades reset between drafts;
// keys 1–5; reject needs a reason (the reject dialog and the rejected state: tst_rejectdialog); a risky send
// asks once; risk reasons in plain words; changes, sources, results; objectNames and accessible names.
#include "ApprovalsDrawer.h"
#include "DrawerTestSupport.h"
#include "GradeSpinBox.h"
#include "RejectDialog.h"
#include "ScreenshotSupport.h"
#include "SendConfirmation.h"
#include "StorageTestSupport.h"
#include "drafting/RiskReasonText.h"
#include "review/DraftStore.h"
#include "storage/Database.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>

using cx::gui::ApprovalsDrawer;
using cx::gui::DraftView;
using cx::gui::GradeSpinBox;
using cx::review::Grades;
using cx::test::sampleDraft;

class TestApprovalsDrawer final : public QObject, private cx::test::DrawerFixture {
    Q_OBJECT
private slots:
    void init() { openDrawer(); }
    void cleanup() { closeDrawer(); }

    void emptyState()
    {
        QVERIFY(!m_drawer->hasDraft());
        QVERIFY(find<QLabel>("drawerEmptyState")->isVisible());
        QCOMPARE(find<QLabel>("drawerEmptyState")->text(),
            QStringLiteral("No draft waiting for this conversation"));
        QVERIFY(!find<QPushButton>("approveButton")->isVisible());
    }

    // The drafter stores evidence as {claim, passages: [ids]}: the drawer lists each claim with the source
    // it rests on (it used to show none).
    void storedEvidenceShowsItsSource()
    {
        const QJsonArray stored { QJsonObject {
            { QStringLiteral("claim"), QStringLiteral("Refunds take 5 days.") },
            { QStringLiteral("passages"), QJsonArray { QStringLiteral("kb-refunds#2") } } } };
        const auto evidence = cx::gui::parseDraftEvidence(stored);
        QCOMPARE(evidence.size(), 1);
        QCOMPARE(evidence.first().sourceId, QStringLiteral("kb-refunds#2"));
        DraftView d = sampleDraft();
        d.evidence = evidence;
        m_drawer->showDraft(d);
        auto* list = find<QListWidget>("evidenceList");
        QCOMPARE(list->count(), 1);
        QVERIFY(list->item(0)->text().contains(QLatin1String("Refund timing")));
    }

    // A stored draft reaches the drawer through review::DraftStore (no SQL in the app): evidence with its
    // source, the summary and the customer's language from the drafter's timings.
    void loadsAStoredDraftThroughTheStore()
    {
        QTemporaryDir dir;
        auto db = cx::test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        cx::review::DraftRecord record;
        record.accountId = 1;
        record.conversationId = 42;
        record.messageId = 7;
        record.customerMessage = QStringLiteral("Hallo, liefern Sie nach Deutschland?");
        auto inserted = cx::review::DraftStore(*db).insert(record);
        QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().message));
        cx::review::DraftContent content;
        content.text = QStringLiteral("Hello, we ship to the EU.");
        content.sources = QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("kb#1") },
            { QStringLiteral("title"), QStringLiteral("International shipping") } } };
        content.evidence
            = QJsonArray { QJsonObject { { QStringLiteral("claim"), QStringLiteral("We ship to the EU.") },
                { QStringLiteral("passages"), QJsonArray { QStringLiteral("kb#1") } } } };
        content.confidence = 0.74;
        content.riskLevel = QStringLiteral("medium");
        content.risk = QJsonObject { { QStringLiteral("reasons"),
            QJsonArray { QStringLiteral("language_mismatch") } } };
        content.timings
            = QJsonObject { { QStringLiteral("summary"), QStringLiteral("Liefern Sie nach Deutschland?") },
                  { QStringLiteral("customer_language"), QStringLiteral("de") } };
        QVERIFY(cx::review::DraftStore(*db).updateContent(inserted->id, content).ok());
        auto view = cx::gui::loadDraftView(*db, inserted->id);
        QVERIFY(view.ok());
        QCOMPARE(view->draftText, content.text);
        QCOMPARE(view->evidence.size(), 1);
        QCOMPARE(view->evidence.first().sourceId, QStringLiteral("kb#1"));
        QCOMPARE(view->summary, QStringLiteral("Liefern Sie nach Deutschland?"));
        QCOMPARE(view->customerLanguage, QStringLiteral("de"));
        QCOMPARE(view->customerMessage, record.customerMessage);
        QCOMPARE(view->riskReasons, QStringList { QStringLiteral("language_mismatch") });
        QVERIFY(qFuzzyCompare(view->confidence, 0.74));
        QVERIFY(!cx::gui::loadDraftView(*db, QStringLiteral("no-such-draft")).ok());
    }

    // The conversation in one line at the top; hidden for a draft without a summary.
    void summaryLineOnTop()
    {
        DraftView d = sampleDraft();
        d.summary = QStringLiteral("Can we rent tents in Moab? \u2192 Can I bring my dog into the store?");
        m_drawer->showDraft(d);
        auto* line = find<QWidget>("draftSummaryLine");
        QVERIFY(line->isVisible());
        QCOMPARE(find<QLabel>("draftSummaryText")->text(), d.summary);
        QCOMPARE(find<QLabel>("draftSummaryText")->toolTip(), d.summary);
        QVERIFY(line->geometry().top() < find<QWidget>("draftHeader")->geometry().top());
        m_drawer->showDraft(sampleDraft(QStringLiteral("draft-2")));
        QVERIFY(!line->isVisible());
    }

    void untouchedDefaultsKeepApproveDisabled()
    {
        QSignalSpy approved(m_drawer, &ApprovalsDrawer::approveRequested);
        QVERIFY(m_drawer->showDraft(sampleDraft()));
        auto* approve = find<QPushButton>("approveButton");
        QVERIFY(approve->isVisible());
        QVERIFY(!approve->isEnabled());
        for (const char* name : { "toneGrade", "accuracyGrade", "policyGrade" }) {
            QCOMPARE(find<GradeSpinBox>(name)->value(), 3);
            QVERIFY(!find<GradeSpinBox>(name)->isTouched());
        }
        QVERIFY(!m_drawer->grades());
        // Neither the button nor the shortcut can approve.
        QTest::mouseClick(approve, Qt::LeftButton);
        editor()->setFocus();
        QTest::keyClick(editor(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(approved.size(), 0);
    }

    void touchingEachGradeEnablesApprove_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("arrow up then down (back to 3)") << QStringLiteral("arrows");
        QTest::newRow("typing the default digit 3") << QStringLiteral("retype");
        QTest::newRow("value changed") << QStringLiteral("value");
        QTest::newRow("step buttons") << QStringLiteral("step");
    }
    void touchingEachGradeEnablesApprove()
    {
        QFETCH(QString, how);
        m_drawer->showDraft(sampleDraft());
        auto* approve = find<QPushButton>("approveButton");
        QSignalSpy enabledChanged(m_drawer, &ApprovalsDrawer::approveEnabledChanged);
        const QList<GradeSpinBox*> boxes = { find<GradeSpinBox>("toneGrade"),
            find<GradeSpinBox>("accuracyGrade"), find<GradeSpinBox>("policyGrade") };
        for (int i = 0; i < boxes.size(); ++i) {
            QVERIFY2(!approve->isEnabled(), "enabled before every grade was set");
            GradeSpinBox* box = boxes.at(i);
            box->setFocus();
            if (how == QLatin1String("arrows")) {
                QTest::keyClick(box, Qt::Key_Up);
                QTest::keyClick(box, Qt::Key_Down);
            } else if (how == QLatin1String("retype")) {
                QTest::keyClick(box, Qt::Key_3);
            } else if (how == QLatin1String("value")) {
                box->setValue(4);
            } else {
                box->stepBy(1);
                box->stepBy(-1);
            }
            QVERIFY(box->isTouched());
        }
        QVERIFY(approve->isEnabled());
        QCOMPARE(enabledChanged.size(), 1);
        QVERIFY(m_drawer->grades().has_value());
    }

    void keysOneToFiveSetTheFocusedGrade()
    {
        m_drawer->showDraft(sampleDraft());
        auto* policy = find<GradeSpinBox>("policyGrade");
        policy->setFocus();
        QTest::keyClick(policy, Qt::Key_5);
        QCOMPARE(policy->value(), 5);
        QTest::keyClick(policy, Qt::Key_8); // not a grade: ignored
        QCOMPARE(policy->value(), 5);
        QTest::keyClick(policy, Qt::Key_1);
        QCOMPARE(policy->value(), 1);
        QTest::keyClick(policy, Qt::Key_2, Qt::KeypadModifier);
        QCOMPARE(policy->value(), 2);
        QVERIFY(policy->isTouched());
        QCOMPARE(find<GradeSpinBox>("toneGrade")->value(), 3); // others untouched
        QVERIFY(!find<GradeSpinBox>("toneGrade")->isTouched());
    }

    void approveSendsEditedTextAndGrades()
    {
        QSignalSpy approved(m_drawer, &ApprovalsDrawer::approveRequested);
        m_drawer->showDraft(sampleDraft());
        setGrades(4, 5, 2);
        editor()->setFocus();
        editor()->moveCursor(QTextCursor::End);
        QTest::keyClicks(editor(), QStringLiteral(" Thanks!"));
        QVERIFY(m_drawer->isEdited());
        QVERIFY(find<QLabel>("editCounter")->text().contains(QLatin1String("8 characters changed")));
        QTest::keyClick(editor(), Qt::Key_Return, Qt::ControlModifier); // Ctrl+Enter from the editor
        QCOMPARE(approved.size(), 1);
        QCOMPARE(approved.at(0).at(0).toString(), QStringLiteral("draft-1"));
        QCOMPARE(approved.at(0).at(1).toString(), sampleDraft().draftText + QStringLiteral(" Thanks!"));
        QCOMPARE(approved.at(0).at(2).value<Grades>(), (Grades { 4, 5, 2 }));
        QCOMPARE(m_questions.size(), 1); // policy 2: asked once, confirmed
        // Busy until the flow answers: no double send.
        QVERIFY(m_drawer->isBusy());
        QVERIFY(!find<QPushButton>("approveButton")->isEnabled());
        QTest::mouseClick(find<QPushButton>("approveButton"), Qt::LeftButton);
        QCOMPARE(approved.size(), 1);
    }

    void emptyTextCannotBeApproved()
    {
        m_drawer->showDraft(sampleDraft());
        setGrades(3, 3, 3);
        QVERIFY(find<QPushButton>("approveButton")->isEnabled());
        editor()->setPlainText(QStringLiteral("   \n"));
        QVERIFY(!find<QPushButton>("approveButton")->isEnabled());
    }

    void gradesResetWhenAnotherDraftIsShown()
    {
        m_drawer->showDraft(sampleDraft());
        setGrades(5, 5, 5);
        QVERIFY(find<QPushButton>("approveButton")->isEnabled());
        // The same draft refreshed: the reviewer's work stays.
        editor()->setPlainText(QStringLiteral("Edited reply"));
        m_drawer->showDraft(sampleDraft());
        QVERIFY(find<QPushButton>("approveButton")->isEnabled());
        QCOMPARE(m_drawer->editedText(), QStringLiteral("Edited reply"));
        // Another draft: grades back to 3, untouched; the new text.
        m_drawer->showDraft(sampleDraft(QStringLiteral("draft-2")));
        QVERIFY(!find<QPushButton>("approveButton")->isEnabled());
        for (const char* name : { "toneGrade", "accuracyGrade", "policyGrade" }) {
            QCOMPARE(find<GradeSpinBox>(name)->value(), 3);
            QVERIFY(!find<GradeSpinBox>(name)->isTouched());
        }
        QCOMPARE(m_drawer->editedText(), sampleDraft().draftText);
        QCOMPARE(m_drawer->currentDraftId(), QStringLiteral("draft-2"));
    }

    void rejectNeedsAReason()
    {
        QSignalSpy rejected(m_drawer, &ApprovalsDrawer::rejectRequested);
        m_drawer->showDraft(sampleDraft());
        auto* reject = find<QPushButton>("rejectButton");
        QVERIFY(!reject->isEnabled()); // grades first
        setGrades(1, 2, 3);
        QVERIFY(reject->isEnabled());

        std::optional<QString> answer = QStringLiteral("   ");
        int asked = 0;
        m_drawer->setReasonProvider([&]() {
            ++asked;
            return answer;
        });
        QTest::mouseClick(reject, Qt::LeftButton);
        QCOMPARE(asked, 1);
        QCOMPARE(rejected.size(), 0);
        QVERIFY(find<QLabel>("drawerNotice")->isVisible());
        QVERIFY(find<QLabel>("drawerNotice")->text().contains(QLatin1String("reason is required")));

        answer = std::nullopt; // cancelled
        QTest::mouseClick(reject, Qt::LeftButton);
        QCOMPARE(rejected.size(), 0);

        answer = QStringLiteral("  Quotes the wrong refund window  ");
        QTest::mouseClick(reject, Qt::LeftButton);
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.at(0).at(0).toString(), QStringLiteral("draft-1"));
        QCOMPARE(rejected.at(0).at(1).value<Grades>(), (Grades { 1, 2, 3 }));
        QCOMPARE(rejected.at(0).at(2).toString(), QStringLiteral("Quotes the wrong refund window"));
    }

    void regenerate()
    {
        QSignalSpy regen(m_drawer, &ApprovalsDrawer::regenerateRequested);
        m_drawer->showDraft(sampleDraft());
        QTest::mouseClick(find<QPushButton>("regenerateButton"), Qt::LeftButton);
        QCOMPARE(regen.size(), 1);
        QCOMPARE(regen.at(0).at(0).toString(), QStringLiteral("draft-1"));
        QCOMPARE(regen.at(0).at(1).toString(), QString());
        // With an instruction, by keyboard: type it, Enter.
        auto* instruction = find<QLineEdit>("regenerateInstruction");
        instruction->setFocus();
        QTest::keyClicks(instruction, QStringLiteral("  mention the return label "));
        QTest::keyClick(instruction, Qt::Key_Return);
        QCOMPARE(regen.size(), 2);
        QCOMPARE(regen.at(1).at(1).toString(), QStringLiteral("mention the return label"));
    }

    void onlyReplyDraftsAreShown()
    {
        DraftView other = sampleDraft();
        other.kind = QStringLiteral("cx_summary");
        QVERIFY(!m_drawer->showDraft(other));
        QVERIFY(!m_drawer->isVisible());
        QVERIFY(!m_drawer->hasDraft());
        QVERIFY(m_drawer->showDraft(sampleDraft()));
        QVERIFY(m_drawer->isVisible());
    }

    void showChangesDisplaysAWordDiff()
    {
        m_drawer->showDraft(sampleDraft());
        editor()->setPlainText(
            sampleDraft().draftText.replace(QStringLiteral("today"), QStringLiteral("yesterday")));
        auto* toggle = find<QCheckBox>("showChangesToggle");
        toggle->click();
        auto* diff = find<QTextBrowser>("diffView");
        QVERIFY(diff->isVisible());
        QVERIFY(!editor()->isVisible());
        const QString html = diff->toHtml();
        QVERIFY(html.contains(QLatin1String("line-through")));
        QVERIFY(diff->toPlainText().contains(QLatin1String("todayyesterday")));
        toggle->click();
        QVERIFY(editor()->isVisible());
    }

    void clickingASourceShowsItsPassage()
    {
        m_drawer->showDraft(sampleDraft());
        auto* list = find<QListWidget>("sourceList");
        QCOMPARE(list->count(), 2);
        const QRect rect = list->visualItemRect(list->item(1));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
        QVERIFY(find<QTextBrowser>("passageView")->toPlainText().contains(QLatin1String("We accept Visa.")));
        // Evidence points at its passage.
        auto* evidence = find<QListWidget>("evidenceList");
        QCOMPARE(evidence->count(), 2);
        QVERIFY(evidence->item(1)->text().contains(QLatin1String("no source")));
        emit evidence->itemClicked(evidence->item(0));
        QCOMPARE(list->currentRow(), 0);
        QVERIFY(find<QTextBrowser>("passageView")->toPlainText().contains(QLatin1String("5 business days")));
    }

    void badgesShowConfidenceRiskAndOffline()
    {
        DraftView d = sampleDraft();
        d.offline = true;
        m_drawer->showDraft(d);
        QCOMPARE(find<QLabel>("confidenceLabel")->text(), QStringLiteral("Confidence 82%"));
        QCOMPARE(find<QLabel>("riskBadge")->text(), QStringLiteral("Medium risk"));
        QVERIFY(find<QLabel>("riskReasons")->text().contains(QLatin1String("Mentions a refund")));
        QVERIFY(find<QLabel>("toneFindings")->text().contains(QLatin1String("Friendly greeting")));
        QVERIFY(find<QLabel>("offlineBadge")->isVisible());
        QVERIFY(find<QLabel>("offlineBadge")->text().contains(QLatin1String("simulated")));
        m_drawer->showDraft(sampleDraft(QStringLiteral("draft-2")));
        QVERIFY(!find<QLabel>("offlineBadge")->isVisible());
    }

    void resultsAndRetry()
    {
        QSignalSpy retry(m_drawer, &ApprovalsDrawer::retryRequested);
        m_drawer->showDraft(sampleDraft());
        setGrades(4, 4, 4);
        QTest::mouseClick(find<QPushButton>("approveButton"), Qt::LeftButton);
        m_drawer->showResult({ QStringLiteral("draft-1"), false, QStringLiteral("sending the reply"),
            QStringLiteral("Chatwoot did not answer."), true });
        auto* label = find<QLabel>("sendResultLabel");
        QVERIFY(label->isVisible());
        QVERIFY(label->text().contains(QLatin1String("stopped at sending the reply")));
        auto* retryButton = find<QPushButton>("retryButton");
        QVERIFY(retryButton->isVisible());
        QVERIFY(!find<QPushButton>("approveButton")->isEnabled()); // only a retry of the approved text
        QTest::mouseClick(retryButton, Qt::LeftButton);
        QCOMPARE(retry.size(), 1);
        QCOMPARE(retry.at(0).at(0).toString(), QStringLiteral("draft-1"));
        m_drawer->showResult({ QStringLiteral("other"), true, {}, {}, false }); // not ours: ignored
        QVERIFY(m_drawer->isBusy());
        m_drawer->showResult({ QStringLiteral("draft-1"), true, {}, {}, false });
        QCOMPARE(label->text(), QStringLiteral("Sent to the customer."));
        QVERIFY(!retryButton->isVisible());
        QVERIFY(!find<QPushButton>("approveButton")->isEnabled());
        QVERIFY(editor()->isReadOnly());
    }

    // A High-risk draft, or policy graded below 4, asks once before anything is requested.
    void riskySendAsksOnce_data()
    {
        QTest::addColumn<QString>("level");
        QTest::addColumn<QStringList>("reasons");
        QTest::addColumn<int>("policy");
        QTest::addColumn<bool>("answer");
        QTest::addColumn<QString>("concern"); // empty: no question
        const QStringList refund { QStringLiteral("refund_or_compensation") };
        const QStringList upset { QStringLiteral("angry_customer") };
        QTest::newRow("high risk, cancelled") << QStringLiteral(
            "high") << refund << 5 << false << QStringLiteral("High risk: promises a refund or compensation");
        QTest::newRow("high risk, confirmed") << QStringLiteral(
            "high") << refund << 5 << true << QStringLiteral("High risk: promises a refund or compensation");
        QTest::newRow("policy 3, cancelled")
            << QStringLiteral("medium") << upset << 3 << false << QStringLiteral("Policy graded 3 of 5");
        QTest::newRow("policy 3, confirmed")
            << QStringLiteral("low") << QStringList() << 3 << true << QStringLiteral("Policy graded 3 of 5");
        QTest::newRow("medium risk, policy 4: no question")
            << QStringLiteral("medium") << upset << 4 << false << QString();
        QTest::newRow("low risk, policy 5: no question")
            << QStringLiteral("low") << QStringList() << 5 << false << QString();
    }
    void riskySendAsksOnce()
    {
        QFETCH(QString, level);
        QFETCH(QStringList, reasons);
        QFETCH(int, policy);
        QFETCH(bool, answer);
        QFETCH(QString, concern);
        QSignalSpy approved(m_drawer, &ApprovalsDrawer::approveRequested);
        DraftView d = sampleDraft();
        d.riskLevel = level;
        d.riskReasons = reasons;
        m_drawer->showDraft(d);
        setGrades(5, 5, policy);
        m_sendAnswer = answer;
        editor()->setFocus();
        QTest::keyClick(editor(), Qt::Key_Return, Qt::ControlModifier);
        if (concern.isEmpty()) {
            QVERIFY(m_questions.isEmpty());
            QCOMPARE(approved.size(), 1);
            return;
        }
        QCOMPARE(m_questions.size(), 1);
        QVERIFY2(m_questions.constFirst().contains(concern),
            qPrintable(m_questions.constFirst().join(QLatin1Char('|'))));
        QCOMPARE(approved.size(), answer ? 1 : 0);
        QCOMPARE(m_drawer->isBusy(), answer);
        if (!answer) {
            // Cancelled: nothing sent, the draft still open for edits or another try.
            QVERIFY(find<QPushButton>("approveButton")->isEnabled());
            QVERIFY(!editor()->isReadOnly());
        }
    }

    // The default question: names every concern; Cancel is the default and Esc, only "Send" sends.
    void sendConfirmationBox_data()
    {
        QTest::addColumn<bool>("send");
        QTest::newRow("Esc cancels") << false;
        QTest::newRow("Send confirms") << true;
    }
    void sendConfirmationBox()
    {
        QFETCH(bool, send);
        const QStringList concerns = cx::gui::SendConfirmation::concerns(QStringLiteral("high"),
            { QStringLiteral("legal_threat"), QStringLiteral("personal_data") }, Grades { 5, 5, 3 });
        QCOMPARE(concerns,
            QStringList({ QStringLiteral("High risk: the customer mentions legal action"),
                QStringLiteral("High risk: contains personal data"),
                QStringLiteral("Policy graded 3 of 5") }));
        QString shown;
        whenModalOpens([&](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            if (!box)
                return;
            shown = box->text();
            if (send)
                cx::test::saveScreenshot(box, QStringLiteral("send-confirmation"));
            if (send)
                box->findChild<QPushButton*>(QStringLiteral("confirmSendButton"))->click();
            else
                QTest::keyClick(box, Qt::Key_Escape);
        });
        QCOMPARE(cx::gui::SendConfirmation::ask(m_window, concerns), send);
        for (const QString& concern : concerns)
            QVERIFY2(shown.contains(concern), qPrintable(shown));
    }

    // The assessor's codes never reach the reviewer: each one reads as plain words.
    void riskReasonsInPlainWords()
    {
        DraftView d = sampleDraft();
        d.riskLevel = QStringLiteral("high");
        d.riskReasons = cx::drafting::knownRiskReasonCodes();
        d.riskReasons << QStringLiteral("future_code");
        m_drawer->showDraft(d);
        auto* label = find<QLabel>("riskReasons");
        QVERIFY(label->isVisible());
        QTextDocument doc;
        doc.setHtml(label->text());
        const QStringList lines = doc.toPlainText().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 1 + d.riskReasons.size()); // the title, then one line per reason
        for (int i = 0; i < d.riskReasons.size(); ++i) {
            const QString& code = d.riskReasons.at(i);
            const QString& line = lines.at(i + 1);
            if (code == QLatin1String("future_code")) {
                QCOMPARE(line, QStringLiteral("\u2022 future_code")); // unknown: shown as it is, not hidden
                continue;
            }
            QVERIFY2(line.compare(QStringLiteral("\u2022 ") + code, Qt::CaseInsensitive) != 0
                    && !line.contains(QLatin1Char('_')),
                qPrintable(line));
            QVERIFY2(line.contains(cx::drafting::riskReasonText(code).mid(1)), qPrintable(line));
        }
        QCOMPARE(lines.at(1), QStringLiteral("\u2022 Promises a refund or compensation"));
        QVERIFY(lines.contains(QStringLiteral("\u2022 The customer is upset")));
    }

    void everyInteractiveWidgetIsNamed()
    {
        m_drawer->showDraft(sampleDraft());
        for (QWidget* w : m_drawer->findChildren<QWidget*>()) {
            const bool interactive = qobject_cast<QAbstractButton*>(w) || qobject_cast<QAbstractSpinBox*>(w)
                || qobject_cast<QPlainTextEdit*>(w) || qobject_cast<QTextBrowser*>(w)
                || qobject_cast<QListWidget*>(w);
            if (!interactive || w->parent()->inherits("QDockWidgetTitleButton")
                || w->inherits("QDockWidgetTitleButton"))
                continue;
            QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
            if (!qobject_cast<QAbstractButton*>(w))
                QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        }
        QCOMPARE(find<GradeSpinBox>("toneGrade")->toolTip(),
            cx::review::gradeTooltip(cx::review::GradeAxis::Tone));
    }

    void screenshots_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light palette") << false;
        QTest::newRow("dark palette") << true;
    }
    void screenshots()
    {
        QFETCH(bool, dark);
        const QString suffix = dark ? QStringLiteral("-dark") : QStringLiteral("-light");
        const QPalette before = QApplication::palette();
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(dark ? cx::test::darkPalette() : QApplication::style()->standardPalette());
        cleanup();
        init(); // widgets built under this palette
        QVERIFY(cx::test::saveScreenshot(m_drawer, QStringLiteral("drawer-empty") + suffix));
        DraftView d = sampleDraft();
        d.contactName = QStringLiteral(
            "Maximilian Alexander von Hohenzollern-Sigmaringen III (Enterprise customer, EMEA)");
        d.offline = true;
        d.riskLevel = QStringLiteral("high");
        d.riskReasons << QStringLiteral("Promises a delivery date the knowledge base does not state");
        m_drawer->showDraft(d);
        QVERIFY(cx::test::saveScreenshot(m_drawer, QStringLiteral("drawer-untouched") + suffix));
        setGrades(4, 5, 3);
        editor()->setPlainText(d.draftText.replace(QStringLiteral("today"), QStringLiteral("yesterday")));
        QTest::mouseClick(find<QListWidget>("sourceList")->viewport(), Qt::LeftButton, {},
            find<QListWidget>("sourceList")
                ->visualItemRect(find<QListWidget>("sourceList")->item(0))
                .center());
        QVERIFY(cx::test::saveScreenshot(m_drawer, QStringLiteral("drawer-graded") + suffix));
        find<QCheckBox>("showChangesToggle")->click();
        QTest::mouseClick(find<QPushButton>("approveButton"), Qt::LeftButton);
        m_drawer->showResult({ d.id, false, QStringLiteral("sending the reply"),
            QStringLiteral("Chatwoot did not answer."), true });
        QVERIFY(cx::test::saveScreenshot(m_drawer, QStringLiteral("drawer-failed") + suffix));

        m_drawer->showDraft(sampleDraft(QStringLiteral("draft-2")));
        setGrades(4, 2, 4);
        m_drawer->setReasonProvider([] {
            return std::optional<QString>(
                QStringLiteral("Wrong facts: the refund window is 30 days, not 14"));
        });
        QTest::mouseClick(find<QPushButton>("rejectButton"), Qt::LeftButton);
        m_drawer->showResult({ QStringLiteral("draft-2"), false, {},
            QStringLiteral("Rejected; the reason was recorded."), false });
        QVERIFY(m_drawer->isRejected());
        QVERIFY(cx::test::saveScreenshot(m_drawer, QStringLiteral("drawer-rejected") + suffix));

        cx::gui::RejectDialog dialog(m_window);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.findChild<QRadioButton*>(QStringLiteral("rejectPreset1"))->click();
        dialog.findChild<QPlainTextEdit*>(QStringLiteral("rejectDetails"))
            ->setPlainText(
                QStringLiteral("Too casual for a customer who waited three days for an answer; it should "
                               "apologise for the wait first and then give the refund date."));
        QVERIFY(cx::test::saveScreenshot(&dialog, QStringLiteral("reject-dialog") + suffix));
        QApplication::setPalette(before);
    }
};

QTEST_MAIN(TestApprovalsDrawer)
#include "tst_approvalsdrawer.moc"
