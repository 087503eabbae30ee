// KnowledgeBaseDialog under the virtual display: a folder ingest started and cancelled leaves the previous
// index answering as before; a completed ingest shows its source, document count, time and passage count;
// the Help Center button is off (with a reason) without Chatwoot; closing cancels a running ingest.
#include "KnowledgeBaseDialog.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using cx::gui::KnowledgeBaseDialog;
using namespace cx::knowledge;

namespace {
void writeFolder(const QString& dir, const QString& word, int count)
{
    QDir().mkpath(dir);
    for (int i = 0; i < count; ++i) {
        QFile f(QDir(dir).filePath(QStringLiteral("%1-%2.md").arg(word).arg(i)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("# %1 %2\n\nHow to look after the %1 number %2. Feed it twice a day.\n")
                    .arg(word)
                    .arg(i)
                    .toUtf8());
    }
}

int hitsFor(const KnowledgeBase& kb, const QString& word)
{
    const cx::Result<SearchResult> r = kb.searchLexical({ { QStringLiteral("customer"), word } }, 5);
    return r ? int(r->hits.size()) : -1;
}
} // namespace

class TestKnowledgeBaseDialog final : public QObject {
    Q_OBJECT

private slots:
    void cancelKeepsTheOldIndexThenIngestShowsCounts()
    {
        QTemporaryDir index;
        QTemporaryDir sources;
        writeFolder(sources.filePath(QStringLiteral("old")), QStringLiteral("zebra"), 4);
        writeFolder(sources.filePath(QStringLiteral("big")), QStringLiteral("quokka"), 3000);
        writeFolder(sources.filePath(QStringLiteral("small")), QStringLiteral("wombat"), 7);
        KnowledgeBase kb;
        QVERIFY(kb.open(index.path()));
        QVERIFY(kb.ingestPath(sources.filePath(QStringLiteral("old"))));
        QCoreApplication::sendPostedEvents();
        const int before = kb.index().chunkCount();

        KnowledgeBaseDialog dialog(&kb, nullptr, nullptr);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("sourcesTable"));
        auto* summary = dialog.findChild<QLabel*>(QStringLiteral("summaryLabel"));
        auto* status = dialog.findChild<QLabel*>(QStringLiteral("statusLabel"));
        auto* cancel = dialog.findChild<QPushButton*>(QStringLiteral("cancelIngestButton"));
        auto* folder = dialog.findChild<QLineEdit*>(QStringLiteral("folderEdit"));
        auto* ingest = dialog.findChild<QPushButton*>(QStringLiteral("ingestFolderButton"));
        auto* helpCenter = dialog.findChild<QPushButton*>(QStringLiteral("ingestHelpCenterButton"));
        QVERIFY(table && summary && status && cancel && folder && ingest && helpCenter);
        QCOMPARE(table->rowCount(), 1);
        QVERIFY(summary->text().contains(QString::number(before)));
        QVERIFY(!helpCenter->isEnabled());
        QVERIFY(helpCenter->toolTip().contains(QStringLiteral("Chatwoot")));

        // Start the big folder, cancel at once: the worker is still reading or indexing 3,000 files.
        QSignalSpy finished(&dialog, &KnowledgeBaseDialog::finished);
        folder->setText(QDir::toNativeSeparators(sources.filePath(QStringLiteral("big"))));
        QTest::mouseClick(ingest, Qt::LeftButton);
        QVERIFY(dialog.isBusy());
        QTRY_VERIFY(cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(status->text().contains(QStringLiteral("unchanged")), qPrintable(status->text()));
        QCOMPARE(kb.index().chunkCount(), before);
        QVERIFY(hitsFor(kb, QStringLiteral("zebra")) > 0);
        QCOMPARE(hitsFor(kb, QStringLiteral("quokka")), 0);
        QCOMPARE(table->rowCount(), 1);
        QVERIFY(!cancel->isVisible());
        QVERIFY(ingest->isEnabled());

        // A small folder to completion: its row (7 documents, a time) and the new passage count.
        folder->setText(QDir::toNativeSeparators(sources.filePath(QStringLiteral("small"))));
        QTest::mouseClick(ingest, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QVERIFY2(status->text().contains(QStringLiteral("7 added")), qPrintable(status->text()));
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("7"));
        QVERIFY(!table->item(1, 2)->text().isEmpty());
        QVERIFY(table->item(1, 2)->text() != QStringLiteral("unknown"));
        const int after = kb.index().chunkCount();
        QVERIFY(after > before);
        QVERIFY2(summary->text().contains(QString::number(after)), qPrintable(summary->text()));
        QVERIFY(hitsFor(kb, QStringLiteral("wombat")) > 0);
        QVERIFY(hitsFor(kb, QStringLiteral("zebra")) > 0);
    }

    void closingCancelsARunningIngest()
    {
        QTemporaryDir index;
        QTemporaryDir sources;
        writeFolder(sources.filePath(QStringLiteral("big")), QStringLiteral("quokka"), 3000);
        KnowledgeBase kb;
        QVERIFY(kb.open(index.path()));
        {
            KnowledgeBaseDialog dialog(&kb, nullptr, nullptr);
            dialog.show();
            dialog.ingestFolder(sources.filePath(QStringLiteral("big")));
            QVERIFY(dialog.isBusy());
            dialog.reject();
        }
        // The worker stops at its next check; the KnowledgeBase's pool has nothing left to finish.
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(index.filePath(QStringLiteral("staging"))), 30000);
        QCOMPARE(kb.index().chunkCount(), 0);
        QVERIFY(kb.sources().isEmpty());
    }
};

QTEST_MAIN(TestKnowledgeBaseDialog)
#include "tst_knowledgebasedialog.moc"
