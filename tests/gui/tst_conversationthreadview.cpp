// ConversationThreadView: customer / reply / private note / own draft note told apart (in data and in paint),
// newest at the bottom, older history on scrolling up, 500 messages.
#include "ConversationThreadView.h"
#include "ScreenshotSupport.h"
#include "ThreadMessageModel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTest>

using cx::chatwoot::Attachment;
using cx::chatwoot::Message;
using cx::chatwoot::MessageType;
using cx::chatwoot::SenderType;
using cx::gui::ConversationThreadView;
using cx::gui::MessageKind;
using cx::gui::ThreadMessageModel;

namespace {

const QDateTime kT0 = QDateTime(QDate(2024, 5, 6), QTime(9, 0), Qt::UTC);

Message message(qint64 id, MessageType type, bool isPrivate, const QString& content)
{
    Message m;
    m.id = id;
    m.conversationId = 42;
    m.messageType = type;
    m.isPrivate = isPrivate;
    m.content = content;
    m.createdAt = kT0.addSecs(60 * id);
    m.sender.name
        = type == MessageType::Incoming ? QStringLiteral("Ada Lovelace") : QStringLiteral("Grace (agent)");
    m.sender.type = type == MessageType::Incoming ? SenderType::Contact : SenderType::User;
    return m;
}

QList<Message> conversation(qint64 firstId, int count)
{
    QList<Message> out;
    for (int i = 0; i < count; ++i) {
        const qint64 id = firstId + i;
        switch (i % 4) {
        case 0:
            out << message(id, MessageType::Incoming, false,
                QStringLiteral(
                    "Customer message %1: my order has not arrived yet, can you check where it is?")
                    .arg(id));
            break;
        case 1:
            out << message(id, MessageType::Outgoing, true,
                QStringLiteral(
                    "<!-- cxpilot:draft id=d%1 -->\nDraft %1: Hello Ada, the parcel left our warehouse.")
                    .arg(id));
            break;
        case 2:
            out << message(
                id, MessageType::Outgoing, false, QStringLiteral("Reply %1: it arrives tomorrow.").arg(id));
            break;
        default:
            out << message(id, MessageType::Outgoing, true, QStringLiteral("Note %1: VIP customer.").arg(id));
        }
    }
    return out;
}

} // namespace

class TestConversationThreadView final : public QObject {
    Q_OBJECT
private slots:
    void draftMarker_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<bool>("isPrivate");
        QTest::addColumn<bool>("ownDraft");
        QTest::newRow("marker in a private note")
            << QStringLiteral("<!-- cxpilot:draft id=abc -->\nHello") << true << true;
        QTest::newRow("marker at the end")
            << QStringLiteral("Hello\n<!-- cxpilot:draft:v1 -->") << true << true;
        QTest::newRow("ordinary note") << QStringLiteral("Call them back") << true << false;
        QTest::newRow("other comment") << QStringLiteral("<!-- something else -->") << true << false;
        QTest::newRow("marker in a public message is not a draft note")
            << QStringLiteral("<!-- cxpilot:draft -->Hello") << false << false;
        QTest::newRow("mentioning cxpilot is not the marker")
            << QStringLiteral("cxpilot:draft") << true << false;
    }
    void draftMarker()
    {
        QFETCH(QString, content);
        QFETCH(bool, isPrivate);
        QFETCH(bool, ownDraft);
        Message m = message(1, MessageType::Outgoing, isPrivate, content);
        QCOMPARE(cx::gui::isCxPilotDraftNote(m), ownDraft);
        QCOMPARE(cx::gui::messageKindOf(m) == MessageKind::OwnDraftNote, ownDraft);
    }

    void kindsAndContent()
    {
        ThreadMessageModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Message withFile = message(5, MessageType::Incoming, false, QString());
        withFile.attachments << Attachment { 9, QStringLiteral("image"),
            QUrl(QStringLiteral("https://x.test/photo.jpg")), {}, 2048 };
        Message activity
            = message(6, MessageType::Activity, false, QStringLiteral("Conversation was assigned to Grace"));
        model.setMessages({ conversation(1, 4) + QList<Message> { withFile, activity } });
        const auto kind = [&](int row) {
            return MessageKind(model.index(row).data(ThreadMessageModel::KindRole).toInt());
        };
        QCOMPARE(kind(0), MessageKind::Customer);
        QCOMPARE(kind(1), MessageKind::OwnDraftNote);
        QCOMPARE(kind(2), MessageKind::Agent);
        QCOMPARE(kind(3), MessageKind::PrivateNote);
        QCOMPARE(kind(5), MessageKind::Activity);
        // The marker itself is not shown.
        QCOMPARE(model.index(1).data().toString(),
            QStringLiteral("Draft 2: Hello Ada, the parcel left our warehouse."));
        QCOMPARE(model.index(4).data(ThreadMessageModel::AttachmentsRole).toStringList(),
            QStringList { QStringLiteral("photo.jpg (image, 2.00 KiB)") });
        QVERIFY(
            model.index(3).data(Qt::AccessibleTextRole).toString().contains(QLatin1String("private note")));

        // Updates of a known message change its row; new ones are appended.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        Message edited = message(3, MessageType::Outgoing, false, QStringLiteral("Reply 3, corrected"));
        model.appendMessages({ edited, message(7, MessageType::Incoming, false, QStringLiteral("Thanks!")) });
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 2);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.index(6).data().toString(), QStringLiteral("Thanks!"));
    }

    void notesAndOwnDraftsArePaintedDifferently()
    {
        ConversationThreadView view;
        view.resize(700, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setMessages(conversation(1, 4)); // customer, own draft, reply, note
        QListView* list = view.listView();
        QCoreApplication::processEvents();
        const QImage image = list->viewport()->grab().toImage();
        QList<QRgb> colours;
        for (int row = 0; row < 4; ++row) {
            const QRect rect = list->visualRect(view.model()->index(row));
            QVERIFY(rect.height() > 30);
            // Just inside the bubble's outer padding, away from text: customer left, the others right.
            const int x = row == 0 ? rect.left() + 10 + 5 : rect.right() - 10 - 5;
            colours << image.pixel(QPoint(x, rect.center().y()) * image.devicePixelRatio());
        }
        const QRgb background = image.pixel(2, 2);
        for (int i = 0; i < 4; ++i) {
            QVERIFY2(colours.at(i) != background, qPrintable(QStringLiteral("row %1 has no bubble").arg(i)));
            for (int j = i + 1; j < 4; ++j)
                QVERIFY2(colours.at(i) != colours.at(j),
                    qPrintable(QStringLiteral("rows %1 and %2 look alike").arg(i).arg(j)));
        }
        // The note's bubble is on the right, the customer's on the left.
        const QRect customer = list->visualRect(view.model()->index(0));
        QCOMPARE(image.pixel(QPoint(customer.right() - 15, customer.center().y()) * image.devicePixelRatio()),
            background);
    }

    void fiveHundredMessagesNewestAtTheBottomAndOlderOnScrollUp()
    {
        ConversationThreadView view;
        view.resize(700, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy older(&view, &ConversationThreadView::olderRequested);

        QElapsedTimer timer;
        timer.start();
        view.setMessages(conversation(1001, 500));
        QCoreApplication::processEvents();
        qInfo("500 messages: set, laid out and painted in %lld ms", timer.elapsed());
        QCOMPARE(view.model()->rowCount(), 500);
        QVERIFY(view.isAtBottom());
        QCOMPARE(older.size(), 0); // showing a conversation is not asking for its history
        QListView* list = view.listView();
        const QModelIndex last = view.model()->index(499);
        QVERIFY(list->viewport()->rect().intersects(list->visualRect(last)));

        // New message while at the bottom: followed.
        view.appendMessages({ message(1501, MessageType::Incoming, false, QStringLiteral("Any news?")) });
        QTRY_VERIFY(list->viewport()->rect().intersects(list->visualRect(view.model()->index(500))));

        // Scrolled to the top: one request until it is answered.
        list->verticalScrollBar()->setValue(0);
        QCOMPARE(older.size(), 1);
        list->verticalScrollBar()->setValue(10);
        list->verticalScrollBar()->setValue(0);
        QCOMPARE(older.size(), 1);

        // The answer keeps the first message in place on screen.
        const qint64 anchorId = view.model()->index(0).data(ThreadMessageModel::MessageIdRole).toLongLong();
        const int anchorY = list->visualRect(view.model()->index(0)).top();
        view.prependOlder(conversation(1, 100));
        QCOMPARE(view.model()->rowCount(), 601);
        const int anchorRow = view.model()->rowOf(anchorId);
        QCOMPARE(anchorRow, 100);
        QVERIFY(qAbs(list->visualRect(view.model()->index(anchorRow)).top() - anchorY) <= 2);
        QCOMPARE(older.size(), 1);

        // Scrolled up again: asks again; no more history: stops asking.
        list->verticalScrollBar()->setValue(0);
        QCOMPARE(older.size(), 2);
        view.prependOlder({});
        list->verticalScrollBar()->setValue(50);
        list->verticalScrollBar()->setValue(0);
        QCOMPARE(older.size(), 2);
    }

    void emptyState()
    {
        ConversationThreadView view;
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto* empty = view.findChild<QWidget*>(QStringLiteral("threadEmptyState"));
        QVERIFY(empty->isVisible());
        view.setMessages(conversation(1, 2));
        QVERIFY(!empty->isVisible());
        view.clear();
        QVERIFY(empty->isVisible());
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
        const QPalette before = QApplication::palette();
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(dark ? cx::test::darkPalette() : QApplication::style()->standardPalette());
        ConversationThreadView view;
        view.resize(640, 720);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QList<Message> messages = conversation(1, 8);
        Message file = message(
            20, MessageType::Incoming, false, QStringLiteral("Here is a photo of the damaged box."));
        file.attachments << Attachment { 9, QStringLiteral("image"),
            QUrl(QStringLiteral(
                "https://files.example.test/uploads/very-long-file-name-of-the-damaged-parcel-photo.jpg")),
            {}, 734003 };
        Message url = message(21, MessageType::Incoming, false,
            QStringLiteral("Tracking: "
                           "https://tracking.example.test/parcels/"
                           "0123456789abcdefghijklmnopqrstuvwxyz0123456789?lang=en"));
        Message activity
            = message(22, MessageType::Activity, false, QStringLiteral("Conversation was assigned to Grace"));
        messages << file << url << activity;
        view.setMessages(messages);
        QVERIFY(cx::test::saveScreenshot(
            &view, dark ? QStringLiteral("thread-dark") : QStringLiteral("thread-light")));
        QApplication::setPalette(before);
    }
};

QTEST_MAIN(TestConversationThreadView)
#include "tst_conversationthreadview.moc"
