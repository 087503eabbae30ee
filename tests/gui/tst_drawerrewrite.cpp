// The drawer's rewrite actions in a real window (the runner's Xvfb) against the simulated OpenAI-compatible
// server: each action changes the draft as it says, one undoable edit; a rewrite into the customer's
// language clears "not in the customer's language"; a rewrite that invents a figure is refused; offline
// only "Shorter" is enabled and the others say why; the actions are reachable with the keyboard.
#include "DrawerTestSupport.h"
#include "RewriteBar.h"
#include "drafting/DraftRewriter.h"
#include "llm/OpenAiClient.h"
#include "openai/OpenAiSandbox.h"

#include <QJsonArray>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTest>

using namespace cx;
using cx::drafting::DraftRewriter;
using cx::sandbox::OpenAiSandbox;
using cx::sandbox::ScriptedReply;

namespace {
gui::DraftView germanCustomerDraft()
{
    gui::DraftView d = test::sampleDraft(QStringLiteral("draft-de"));
    d.customerLanguage = QStringLiteral("de");
    d.customerMessage
        = QStringLiteral("Hallo! Liefern Sie auch nach Deutschland? Wie lange dauert der Versand?");
    d.draftText = QStringLiteral(
        "Hello,\n\nThank you for your message.\n\nWe ship to the EU within 5 to 9 business days. Shipping is "
        "a flat $24.95. Import duties are collected by the carrier on delivery.\n\nA colleague will confirm "
        "the details for your case shortly.\n\nKind regards,\nThe Support Team");
    d.riskLevel = QStringLiteral("medium");
    d.riskReasons = { QStringLiteral("language_mismatch") };
    d.toneFindings.clear();
    return d;
}
} // namespace

class TestDrawerRewrite final : public QObject, private cx::test::DrawerFixture {
    Q_OBJECT

    OpenAiSandbox* m_server = nullptr;
    QNetworkAccessManager* m_nam = nullptr;
    llm::OpenAiClient* m_client = nullptr;
    DraftRewriter* m_rewriter = nullptr;

    QPushButton* action(const char* name) const { return find<QPushButton>(name); }
    QString lastUserPrompt() const
    {
        const auto requests = m_server->requests(OpenAiSandbox::Endpoint::ChatCompletions);
        if (requests.isEmpty())
            return {};
        return requests.last()
            .json.value(QStringLiteral("messages"))
            .toArray()
            .at(1)
            .toObject()
            .value(QStringLiteral("content"))
            .toString();
    }
    void runAndWait(QPushButton* button)
    {
        const QString before = editor()->toPlainText();
        button->setFocus();
        QTest::keyClick(button, Qt::Key_Space); // keyboard, like a reviewer without a mouse
        QTRY_VERIFY_WITH_TIMEOUT(editor()->toPlainText() != before, 10000);
        QTRY_VERIFY(!find<QLabel>("rewriteRunning")->isVisible());
    }

private slots:
    void init()
    {
        openDrawer();
        m_server = new OpenAiSandbox(this);
        QVERIFY(m_server->start().ok());
        m_nam = new QNetworkAccessManager(this);
        llm::OpenAiConfig config;
        config.baseUrl = m_server->baseUrl();
        config.retrySleepScale = 0;
        config.maxRetries = 0;
        config.transferTimeoutMs = 5000;
        m_client = new llm::OpenAiClient(config, m_nam, this);
        m_rewriter = new DraftRewriter(m_client, {}, this);
        m_drawer->setRewriter(m_rewriter);
        QVERIFY(m_drawer->showDraft(germanCustomerDraft()));
    }
    void cleanup()
    {
        closeDrawer();
        delete m_rewriter;
        delete m_client;
        delete m_server;
        delete m_nam;
    }

    void everyActionIsOfferedWithAModel()
    {
        for (const char* name :
            { "rewriteShorter", "rewriteFriendlier", "rewriteFormal", "rewriteGrammar", "rewriteLanguage" }) {
            QVERIFY2(action(name)->isVisible() && action(name)->isEnabled(), name);
            QVERIFY(action(name)->focusPolicy() & Qt::TabFocus);
        }
        QCOMPARE(action("rewriteLanguage")->text(), QStringLiteral("In German"));
        // Tab from the draft reaches the first action.
        editor()->setFocus();
        QTest::keyClick(editor(), Qt::Key_Tab);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(action("rewriteShorter")));
    }

    void shorterIsOneUndoableEdit()
    {
        const QString original = editor()->toPlainText();
        runAndWait(action("rewriteShorter"));
        const QString shorter = editor()->toPlainText();
        QVERIFY2(shorter.size() < original.size(), qPrintable(shorter));
        QVERIFY(shorter.startsWith(QLatin1String("Hello,")));
        QVERIFY(shorter.endsWith(QLatin1String("The Support Team")));
        QVERIFY(lastUserPrompt().contains(QLatin1String("Action: shorter")));
        const auto request = m_server->requests(OpenAiSandbox::Endpoint::ChatCompletions).last().json;
        QCOMPARE(request.value(QStringLiteral("response_format"))
                     .toObject()
                     .value(QStringLiteral("json_schema"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("draft_rewrite"));
        QVERIFY(m_drawer->isEdited());
        editor()->setFocus();
        QTest::keyClick(editor(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor()->toPlainText(), original);
    }

    void friendlierFormalAndGrammar()
    {
        runAndWait(action("rewriteFriendlier"));
        QVERIFY(editor()->toPlainText().contains(QLatin1String("happy to help")));
        QVERIFY(editor()->toPlainText().contains(QLatin1String("Warm wishes")));
        runAndWait(action("rewriteFormal"));
        QVERIFY(editor()->toPlainText().contains(QLatin1String("Yours sincerely")));
        editor()->setPlainText(QStringLiteral("Hello,\n\ni think  the the order ships today ."));
        runAndWait(action("rewriteGrammar"));
        QCOMPARE(editor()->toPlainText(), QStringLiteral("Hello,\n\nI think the order ships today."));
    }

    // A draft in another language than the customer's is a risk reason; the rewrite into the customer's
    // language clears it, figures and links unchanged.
    void customerLanguageClearsTheRisk()
    {
        auto* reasons = find<QLabel>("riskReasons");
        QVERIFY(reasons->isVisible());
        QVERIFY(reasons->text().contains(QLatin1String("not in the customer")));
        runAndWait(action("rewriteLanguage"));
        const QString german = editor()->toPlainText();
        QVERIFY2(german.contains(QStringLiteral("Vielen Dank für Ihre Nachricht.")), qPrintable(german));
        QVERIFY(german.contains(QLatin1String("$24.95")));
        QVERIFY(german.contains(QLatin1String("Wir liefern"))); // a capital stays a capital
        QVERIFY(lastUserPrompt().contains(QLatin1String("Target language: de")));
        QTRY_VERIFY(!reasons->isVisible());
        QCOMPARE(find<QLabel>("riskBadge")->text(), QStringLiteral("Low risk"));
    }

    // The model invents a figure: the rewrite is refused, the draft stays as it was.
    void aRewriteThatChangesFactsIsRefused()
    {
        const QString original = editor()->toPlainText();
        m_server->enqueue(ScriptedReply::json(QJsonObject {
            { QStringLiteral("reply"),
                QStringLiteral("Hello,\n\nShipping is $9.99.\n\nKind regards,\nThe Support Team") },
            { QStringLiteral("language"), QStringLiteral("en") } }));
        action("rewriteShorter")->click();
        auto* notice = find<QLabel>("drawerNotice");
        QTRY_VERIFY_WITH_TIMEOUT(
            notice->isVisible() && notice->text().contains(QLatin1String("$9.99")), 10000);
        QCOMPARE(editor()->toPlainText(), original);
        QTRY_VERIFY(action("rewriteShorter")->isEnabled());
    }

    // Offline: only "Shorter" (extractive), the others disabled with a tooltip saying why.
    void offlineOffersOnlyWhatItCanDo()
    {
        m_rewriter->setClient(nullptr);
        QVERIFY(action("rewriteShorter")->isEnabled());
        for (const char* name :
            { "rewriteFriendlier", "rewriteFormal", "rewriteGrammar", "rewriteLanguage" }) {
            QVERIFY2(!action(name)->isEnabled(), name);
            QVERIFY2(action(name)->toolTip().contains(QLatin1String("Needs a language model")), name);
        }
        const int requests = m_server->requestCount(OpenAiSandbox::Endpoint::ChatCompletions);
        const QString original = editor()->toPlainText();
        runAndWait(action("rewriteShorter"));
        const QString shorter = editor()->toPlainText();
        QVERIFY(shorter.size() < original.size());
        QVERIFY(!shorter.contains(QLatin1String("Thank you for your message.")));
        QVERIFY(shorter.contains(QLatin1String("We ship to the EU within 5 to 9 business days.")));
        QCOMPARE(
            m_server->requestCount(OpenAiSandbox::Endpoint::ChatCompletions), requests); // no model asked
    }
};

QTEST_MAIN(TestDrawerRewrite)
#include "tst_drawerrewrite.moc"
