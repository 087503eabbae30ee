// The calibration dialog end to end on SQLite (offscreen): sample sent replies, start a session, grade them
// blind with the grade spin boxes, add the demo's simulated reviewer, close, and read the results.
#include "CalibrationDialog.h"
#include "GradeSpinBox.h"
#include "learning/CalibrationStore.h"
#include "review/LearningSignal.h"
#include "storage/Database.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUuid>

using namespace cx;
using namespace Qt::StringLiterals;

class TestCalibrationDialog final : public QObject {
    Q_OBJECT

    template <typename T> static T* child(QWidget* parent, const char* name)
    {
        auto* w = parent->findChild<T*>(QString::fromLatin1(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }

private slots:
    void sampleGradeCloseAndRead()
    {
        QTemporaryDir dir;
        auto opened = storage::Database::open(u"sqlite://"_s + dir.filePath(u"t.db"_s));
        QVERIFY(opened);
        auto db = opened.value();
        for (int i = 0; i < 6; ++i) {
            review::LearningSignal s;
            s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            s.draftId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            s.conversationId = QString::number(100 + i);
            s.inboxId = 1 + i % 2;
            s.customerMessage = u"Question %1"_s.arg(i);
            s.draftText = u"Draft %1"_s.arg(i);
            s.finalText = u"Answer %1"_s.arg(i);
            s.grades = { 1 + i % 5, 2 + i % 4, 5 - i % 3 };
            s.approved = true;
            s.gradedBy = u"Olive Original"_s;
            s.gradedAt = QDateTime::currentDateTimeUtc().addDays(-1);
            const Status saved = review::SignalStore(*db).saveLearningSignal(s);
            QVERIFY2(saved.ok(), qPrintable(saved ? QString() : saved.error().toString()));
        }

        gui::CalibrationDialog dialog(db, u"Lena Lead"_s, true);
        QSignalSpy refreshed(&dialog, &gui::CalibrationDialog::refreshed);
        dialog.show();
        QVERIFY(refreshed.wait());
        auto* start = child<QPushButton>(&dialog, "calibrationStart");
        auto* candidates = child<QListWidget>(&dialog, "calibrationCandidates");
        QTRY_COMPARE(candidates->count(), 6);
        child<QSpinBox>(&dialog, "calibrationCount")->setValue(4);
        child<QPushButton>(&dialog, "calibrationSample")->click();
        QVERIFY(start->isEnabled());
        refreshed.clear();
        start->click();
        QTRY_VERIFY(!dialog.currentSessionId().isEmpty());
        auto* label = child<QLabel>(&dialog, "calibrationItemLabel");
        QTRY_VERIFY(label->text().startsWith(u"Reply "_s));
        const QString shown = child<QTextBrowser>(&dialog, "calibrationItemText")->toPlainText();
        QVERIFY(shown.contains(u"Question"_s) && shown.contains(u"Answer"_s));
        QVERIFY(!shown.contains(u"Olive"_s)); // blind: not even who graded it first

        auto* save = child<QPushButton>(&dialog, "calibrationSave");
        for (int n = 0; n < 4; ++n) {
            QTRY_VERIFY(label->property("position").toInt() > 0);
            QVERIFY(!save->isEnabled()); // all three grades must be given
            for (const char* name : { "calibrationTone", "calibrationAccuracy", "calibrationPolicy" })
                child<gui::GradeSpinBox>(&dialog, name)->stepBy(1);
            QVERIFY(save->isEnabled());
            const int before = label->property("position").toInt();
            save->click();
            QTRY_VERIFY(label->property("position").toInt() != before);
        }
        QTRY_VERIFY(label->text().contains(u"graded all"_s));
        auto* results = child<QTextBrowser>(&dialog, "calibrationResults");
        QVERIFY(results->toPlainText().contains(u"until then"_s)); // nothing to read while open

        auto* simulate = child<QPushButton>(&dialog, "calibrationSimulate");
        QVERIFY(simulate->isVisible());
        simulate->click();
        auto* progress = child<QLabel>(&dialog, "calibrationProgress");
        QTRY_VERIFY(progress->text().contains(u"(simulated): 4 of 4"_s));
        QVERIFY(progress->text().contains(u"Lena Lead: 4 of 4"_s));

        child<QPushButton>(&dialog, "calibrationClose")->click();
        QTRY_VERIFY(results->toPlainText().contains(u"Krippendorff"_s));
        const QString text = results->toPlainText();
        QVERIFY2(text.contains(u"Simulated reviewer (simulated)"_s), qPrintable(text));
        QVERIFY(text.contains(u"Leniency per reviewer"_s));
        QVERIFY(text.contains(u"Lena Lead – Simulated reviewer (simulated)"_s));
        QVERIFY(!child<QPushButton>(&dialog, "calibrationClose")->isEnabled());
        QCOMPARE(learning::CalibrationStore(*db).sessions().value().size(), 1);
        QCOMPARE(learning::CalibrationStore(*db).sessions().value()[0].sampling, u"stratified"_s);
    }

    void withoutADatabaseItSaysSo()
    {
        gui::CalibrationDialog dialog(nullptr, u"Lena Lead"_s, false);
        QVERIFY(!child<QLabel>(&dialog, "calibrationProblem")->isHidden());
        QVERIFY(child<QPushButton>(&dialog, "calibrationSimulate")->isHidden()); // not in production
    }
};

QTEST_MAIN(TestCalibrationDialog)
#include "tst_calibrationdialog.moc"
