// The reviewer rejects a draft: RejectDialog (preset reasons, details required only for "Other", keyboard
// only: arrows, Tab, Ctrl+Enter, Esc) opened from the drawer's shortcut, the reason the drawer emits, and the
// neutral, locked "Rejected" state once the flow recorded it (or the open draft when it did not).
#include "ApprovalsDrawer.h"
#include "DraftStatusPanel.h"
#include "DrawerTestSupport.h"
#include "GradeSpinBox.h"
#include "RejectDialog.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

using cx::gui::ApprovalsDrawer;
using cx::gui::GradeSpinBox;
using cx::review::Grades;
using cx::test::sampleDraft;

class TestRejectDialog final : public QObject, private cx::test::DrawerFixture {
    Q_OBJECT
private slots:
    void init() { openDrawer(); }
    void cleanup() { closeDrawer(); }

    // Keyboard only: the drawer's shortcut opens the reject dialog with the first preset focused, an arrow
    // picks "Wrong tone", Tab reaches the details, Ctrl+Enter rejects.
    void rejectByKeyboardOnly()
    {
        QSignalSpy rejected(m_drawer, &ApprovalsDrawer::rejectRequested);
        m_drawer->showDraft(sampleDraft());
        setGrades(2, 4, 4);
        QString failure = QStringLiteral("the reject dialog did not open");
        whenModalOpens([&](QWidget* modal) {
            auto* dialog = qobject_cast<cx::gui::RejectDialog*>(modal);
            if (!dialog)
                return;
            failure.clear();
            const auto check = [&](bool ok, const char* what) {
                if (!ok && failure.isEmpty())
                    failure = QString::fromLatin1(what);
            };
            check(QTest::qWaitForWindowActive(dialog), "dialog not active");
            auto* first = dialog->findChild<QRadioButton*>(QStringLiteral("rejectPreset0"));
            check(first && first->hasFocus() && first->isChecked(), "first preset not focused and chosen");
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
            auto* tone = dialog->findChild<QRadioButton*>(QStringLiteral("rejectPreset1"));
            check(tone && tone->isChecked() && tone->hasFocus(), "arrow down did not choose Wrong tone");
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            auto* details = dialog->findChild<QPlainTextEdit*>(QStringLiteral("rejectDetails"));
            check(details && details->hasFocus(), "Tab did not reach the details");
            QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("too casual"));
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return, Qt::ControlModifier);
            check(!dialog->isVisible(), "Ctrl+Enter did not close the dialog");
        });
        editor()->setFocus();
        QTest::keySequence(editor(), ApprovalsDrawer::rejectKeys());
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.at(0).at(0).toString(), QStringLiteral("draft-1"));
        QCOMPARE(rejected.at(0).at(1).value<Grades>(), (Grades { 2, 4, 4 }));
        QCOMPARE(rejected.at(0).at(2).toString(), QStringLiteral("Wrong tone: too casual"));
        QVERIFY(m_drawer->isBusy()); // until the flow answers: no approve meanwhile
        QVERIFY(!find<QPushButton>("approveButton")->isEnabled());
    }

    void rejectDialogPresets_data()
    {
        QTest::addColumn<int>("preset");
        QTest::addColumn<QString>("details");
        QTest::addColumn<QString>("reason"); // empty: cannot be submitted
        QTest::newRow("preset alone") << 0 << QString() << QStringLiteral("Wrong facts");
        QTest::newRow("preset with details, lines joined")
            << 2 << QStringLiteral("  promises a refund\nwe do not give ")
            << QStringLiteral("Against policy: promises a refund we do not give");
        QTest::newRow("not needed") << 3 << QString() << QStringLiteral("Not needed");
        QTest::newRow("other without details") << 4 << QStringLiteral("   ") << QString();
        QTest::newRow("other with details")
            << 4 << QStringLiteral("duplicate of #12") << QStringLiteral("Other: duplicate of #12");
    }
    void rejectDialogPresets()
    {
        QFETCH(int, preset);
        QFETCH(QString, details);
        QFETCH(QString, reason);
        cx::gui::RejectDialog dialog(m_window);
        dialog.show();
        dialog.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        QTRY_COMPARE(QApplication::activeWindow(), &dialog);
        dialog.findChild<QRadioButton*>(QStringLiteral("rejectPreset%1").arg(preset))->click();
        auto* text = dialog.findChild<QPlainTextEdit*>(QStringLiteral("rejectDetails"));
        QVERIFY(text->lineWrapMode() == QPlainTextEdit::WidgetWidth); // long reasons wrap
        text->setFocus();
        text->insertPlainText(details); // typing is covered by rejectByKeyboardOnly
        QCOMPARE(dialog.reason(), reason);
        QCOMPARE(dialog.findChild<QPushButton*>(QStringLiteral("rejectConfirmButton"))->isEnabled(),
            !reason.isEmpty());
        QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(dialog.isVisible(), reason.isEmpty()); // Ctrl+Enter submits only a complete reason
        QCOMPARE(dialog.result(), reason.isEmpty() ? int(QDialog::Rejected) : int(QDialog::Accepted));
    }

    void rejectDialogEscapeCancels()
    {
        QSignalSpy rejected(m_drawer, &ApprovalsDrawer::rejectRequested);
        m_drawer->showDraft(sampleDraft());
        setGrades(2, 2, 2);
        bool seen = false;
        bool closed = false;
        whenModalOpens([&](QWidget* modal) {
            auto* dialog = qobject_cast<cx::gui::RejectDialog*>(modal);
            if (!dialog)
                return;
            seen = true;
            QTest::keyClick(
                dialog->findChild<QPlainTextEdit*>(QStringLiteral("rejectDetails")), Qt::Key_Escape);
            closed = !dialog->isVisible();
        });
        QTest::mouseClick(find<QPushButton>("rejectButton"), Qt::LeftButton);
        QVERIFY(seen);
        QVERIFY(closed);
        QCOMPARE(rejected.size(), 0);
        QVERIFY(!m_drawer->isBusy());
        QVERIFY(find<QPushButton>("rejectButton")->isEnabled());
    }

    // After a recorded rejection: "Rejected" in a neutral tint (not a red "Not sent"), everything locked.
    void rejectedStateIsNeutralAndLocked()
    {
        m_drawer->showDraft(sampleDraft());
        setGrades(1, 2, 3);
        m_drawer->setReasonProvider([] { return std::optional<QString>(QStringLiteral("Wrong facts")); });
        QTest::mouseClick(find<QPushButton>("rejectButton"), Qt::LeftButton);
        QVERIFY(m_drawer->isBusy());
        m_drawer->showResult({ QStringLiteral("draft-1"), false, {},
            QStringLiteral("Rejected; the reason was recorded."), false });
        QVERIFY(m_drawer->isRejected());
        QVERIFY(!m_drawer->isBusy());
        const QString text = m_drawer->resultText();
        QVERIFY2(text.startsWith(QStringLiteral("Rejected — Wrong facts")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("Not sent")), qPrintable(text));
        QCOMPARE(
            find<cx::gui::DraftStatusPanel>("sendResult")->tone(), cx::gui::DraftStatusPanel::Tone::Neutral);
        QVERIFY(
            !find<cx::gui::DraftStatusPanel>("sendResult")->styleSheet().contains(QLatin1String("#d13438")));
        for (const char* name : { "approveButton", "rejectButton", "regenerateButton" })
            QVERIFY2(!find<QPushButton>(name)->isEnabled(), name);
        for (const char* name : { "toneGrade", "accuracyGrade", "policyGrade" })
            QVERIFY2(!find<GradeSpinBox>(name)->isEnabled(), name);
        QVERIFY(editor()->isReadOnly());
        QVERIFY(find<QPushButton>("retryButton")->isHidden());
        // Neither shortcut does anything now.
        QSignalSpy approved(m_drawer, &ApprovalsDrawer::approveRequested);
        QSignalSpy rejected(m_drawer, &ApprovalsDrawer::rejectRequested);
        editor()->setFocus();
        QTest::keyClick(editor(), Qt::Key_Return, Qt::ControlModifier);
        QTest::keySequence(editor(), ApprovalsDrawer::rejectKeys());
        QCOMPARE(approved.size() + rejected.size(), 0);
        // Another draft starts over.
        m_drawer->showDraft(sampleDraft(QStringLiteral("draft-2")));
        QVERIFY(!m_drawer->isRejected());
        QVERIFY(!editor()->isReadOnly());
        QVERIFY(m_drawer->resultText().isEmpty());
    }

    void rejectNotRecordedStaysOpen()
    {
        QSignalSpy rejected(m_drawer, &ApprovalsDrawer::rejectRequested);
        m_drawer->showDraft(sampleDraft());
        setGrades(1, 2, 3);
        m_drawer->setReasonProvider([] { return std::optional<QString>(QStringLiteral("Not needed")); });
        QTest::mouseClick(find<QPushButton>("rejectButton"), Qt::LeftButton);
        m_drawer->showResult({ QStringLiteral("draft-1"), false, QStringLiteral("recording the rejection"),
            QStringLiteral("The database is not reachable."), false });
        QVERIFY(!m_drawer->isRejected());
        QVERIFY(m_drawer->resultText().contains(
            QLatin1String("Not rejected: stopped at recording the rejection")));
        QVERIFY(!m_drawer->resultText().contains(QLatin1String("Not sent")));
        QVERIFY(find<QPushButton>("rejectButton")->isEnabled()); // try again
        QTest::mouseClick(find<QPushButton>("rejectButton"), Qt::LeftButton);
        QCOMPARE(rejected.size(), 2);
    }

    // The window gave up on a rejection (setBusy(false), e.g. Chatwoot not connected): the next result, an
    // approval's, is read as an approval's.
    void abandonedRejectionDoesNotColourTheNextResult()
    {
        m_drawer->showDraft(sampleDraft());
        setGrades(4, 4, 4);
        m_drawer->setReasonProvider([] { return std::optional<QString>(QStringLiteral("Not needed")); });
        QTest::mouseClick(find<QPushButton>("rejectButton"), Qt::LeftButton);
        m_drawer->setBusy(false);
        QTest::mouseClick(find<QPushButton>("approveButton"), Qt::LeftButton);
        m_drawer->showResult({ QStringLiteral("draft-1"), true, {}, {}, false });
        QCOMPARE(m_drawer->resultText(), QStringLiteral("Sent to the customer."));
        QVERIFY(!m_drawer->isRejected());
    }
};

QTEST_MAIN(TestRejectDialog)
#include "tst_rejectdialog.moc"
