#pragma once

// The approvals drawer in a window, with the helpers its GUI tests share (tst_approvalsdrawer,
// tst_rejectdialog).
#include "ApprovalsDrawer.h"
#include "GradeSpinBox.h"

#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QTest>
#include <QTimer>

#include <functional>

Q_DECLARE_METATYPE(cx::review::Grades)

namespace cx::test {

inline gui::DraftView sampleDraft(const QString& id = QStringLiteral("draft-1"))
{
    gui::DraftView d;
    d.id = id;
    d.conversationId = 42;
    d.contactName = QStringLiteral("Ada Lovelace");
    d.draftText = QStringLiteral("Hello Ada, your refund was issued today.\nIt takes 5 days to arrive.");
    d.sources = {
        { QStringLiteral("kb-refunds#2"), QStringLiteral("Refund timing"),
            QStringLiteral("Refunds reach the card within 5 business days."),
            QStringLiteral("kb/refunds.md") },
        { QStringLiteral("kb-cards#1"), QStringLiteral("Card payments"), QStringLiteral("We accept Visa."),
            QStringLiteral("kb/cards.md") },
    };
    d.evidence = { { QStringLiteral("It takes 5 days to arrive."), QStringLiteral("kb-refunds#2") },
        { QStringLiteral("Your refund was issued today."), QString() } };
    d.confidence = 0.82;
    d.toneFindings = { QStringLiteral("Friendly greeting") };
    d.riskLevel = QStringLiteral("medium");
    d.riskReasons = { QStringLiteral("Mentions a refund") };
    return d;
}

// Runs `answer` on the next modal dialog once it is open (from inside its event loop), then closes the dialog
// if `answer` left it open, so a failing test never blocks. The timer dies with `context`.
inline void whenModalOpens(QObject* context, std::function<void(QWidget*)> answer)
{
    auto* timer = new QTimer(context);
    timer->setInterval(20);
    QObject::connect(
        timer, &QTimer::timeout, context, [timer, tries = 0, answer = std::move(answer)]() mutable {
            QWidget* modal = QApplication::activeModalWidget();
            if (!modal && ++tries < 250)
                return;
            timer->stop();
            timer->deleteLater();
            if (!modal)
                return;
            answer(modal);
            if (auto* dialog = qobject_cast<QDialog*>(modal); dialog && dialog->isVisible())
                dialog->reject();
        });
    timer->start();
}

// A drawer docked in an active main window, one per test function (openDrawer in init, closeDrawer in
// cleanup). The risky-send question is answered by the test (a real message box would block it).
class DrawerFixture {
protected:
    void openDrawer()
    {
        m_window = new QMainWindow;
        m_window->resize(1100, 760);
        m_drawer = new gui::ApprovalsDrawer(m_window);
        m_questions.clear();
        m_sendAnswer = true;
        m_drawer->setSendConfirmProvider([this](const QStringList& concerns) {
            m_questions << concerns;
            return m_sendAnswer;
        });
        m_window->addDockWidget(Qt::RightDockWidgetArea, m_drawer);
        m_window->setCentralWidget(new QLabel(QStringLiteral("conversation"), m_window));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window));
    }
    void closeDrawer()
    {
        delete m_window;
        m_window = nullptr;
        m_drawer = nullptr;
    }
    void whenModalOpens(std::function<void(QWidget*)> answer)
    {
        test::whenModalOpens(m_window, std::move(answer)); // dies with the test function, answered or not
    }
    template <typename T> T* find(const char* name) const
    {
        auto* w = m_drawer->findChild<T*>(QString::fromLatin1(name));
        if (!w)
            qFatal("no widget %s", name);
        return w;
    }
    QPlainTextEdit* editor() const { return find<QPlainTextEdit>("draftEditor"); }
    void setGrades(int tone, int accuracy, int policy)
    {
        QTest::keyClick(find<gui::GradeSpinBox>("toneGrade"), Qt::Key(Qt::Key_0 + tone));
        QTest::keyClick(find<gui::GradeSpinBox>("accuracyGrade"), Qt::Key(Qt::Key_0 + accuracy));
        QTest::keyClick(find<gui::GradeSpinBox>("policyGrade"), Qt::Key(Qt::Key_0 + policy));
    }

    QMainWindow* m_window = nullptr;
    gui::ApprovalsDrawer* m_drawer = nullptr;
    QList<QStringList> m_questions; // each risky-send question's concerns
    bool m_sendAnswer = true;
};

} // namespace cx::test
