#include "review/Grades.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QTest>

#include <limits>

using namespace cx::review;

Q_DECLARE_METATYPE(cx::review::GradeAxis)

class TestGrades final : public QObject {
    Q_OBJECT

private slots:
    void accepts_data();
    void accepts();
    void refuses_data();
    void refuses();
    void parseGradesNamesFirstBadField_data();
    void parseGradesNamesFirstBadField();
    void parseGradesFromJson_data();
    void parseGradesFromJson();
    void scaleTexts();
    void reviewerAccepted_data();
    void reviewerAccepted();
    void reviewerRefused_data();
    void reviewerRefused();
    void finalTextAccepted_data();
    void finalTextAccepted();
    void finalTextRefused_data();
    void finalTextRefused();
};

void TestGrades::accepts_data()
{
    QTest::addColumn<QVariant>("raw");
    QTest::addColumn<int>("expected");

    QTest::newRow("int 1") << QVariant(1) << 1;
    QTest::newRow("int 5") << QVariant(5) << 5;
    QTest::newRow("qlonglong 3") << QVariant(qlonglong(3)) << 3;
    QTest::newRow("uint 4") << QVariant(4u) << 4;
    QTest::newRow("double 3.0 (JSON number)") << QVariant(3.0) << 3;
    QTest::newRow("string 4") << QVariant(QStringLiteral("4")) << 4;
    QTest::newRow("string with spaces") << QVariant(QStringLiteral(" 2 ")) << 2;
    QTest::newRow("JSON value 5") << QVariant::fromValue(QJsonValue(5)) << 5;
    QTest::newRow("JSON string 1") << QVariant::fromValue(QJsonValue(QStringLiteral("1"))) << 1;
}

void TestGrades::accepts()
{
    QFETCH(QVariant, raw);
    QFETCH(int, expected);
    for (const GradeAxis axis : { GradeAxis::Tone, GradeAxis::Accuracy, GradeAxis::Policy }) {
        const cx::Result<int> grade = parseGrade(axis, raw);
        QVERIFY2(grade.ok(), qPrintable(grade.ok() ? QString() : grade.error().toString()));
        QCOMPARE(*grade, expected);
    }
}

void TestGrades::refuses_data()
{
    QTest::addColumn<QVariant>("raw");

    QTest::newRow("missing (invalid QVariant)") << QVariant();
    QTest::newRow("null") << QVariant::fromValue(nullptr);
    QTest::newRow("JSON null") << QVariant::fromValue(QJsonValue(QJsonValue::Null));
    QTest::newRow("JSON undefined") << QVariant::fromValue(QJsonValue(QJsonValue::Undefined));
    QTest::newRow("zero") << QVariant(0);
    QTest::newRow("six") << QVariant(6);
    QTest::newRow("negative") << QVariant(-3);
    QTest::newRow("huge unsigned") << QVariant(std::numeric_limits<qulonglong>::max());
    QTest::newRow("double 3.5") << QVariant(3.5);
    QTest::newRow("double 0.0") << QVariant(0.0);
    QTest::newRow("double 6.0") << QVariant(6.0);
    QTest::newRow("double NaN") << QVariant(std::numeric_limits<double>::quiet_NaN());
    QTest::newRow("double infinity") << QVariant(std::numeric_limits<double>::infinity());
    QTest::newRow("double 1e300") << QVariant(1e300);
    QTest::newRow("string 3.5") << QVariant(QStringLiteral("3.5"));
    QTest::newRow("string 3.0") << QVariant(QStringLiteral("3.0"));
    QTest::newRow("string abc") << QVariant(QStringLiteral("abc"));
    QTest::newRow("string empty") << QVariant(QString());
    QTest::newRow("string blank") << QVariant(QStringLiteral("   "));
    QTest::newRow("string 0") << QVariant(QStringLiteral("0"));
    QTest::newRow("string 6") << QVariant(QStringLiteral("6"));
    QTest::newRow("string -3") << QVariant(QStringLiteral("-3"));
    QTest::newRow("string +3") << QVariant(QStringLiteral("+3"));
    QTest::newRow("string 3e0") << QVariant(QStringLiteral("3e0"));
    QTest::newRow("string 0x3") << QVariant(QStringLiteral("0x3"));
    QTest::newRow("string 3 stars") << QVariant(QStringLiteral("3 stars"));
    QTest::newRow("string Arabic-Indic three") << QVariant(QStringLiteral("\u0663"));
    QTest::newRow("string long digits") << QVariant(QStringLiteral("00000000000000000003"));
    QTest::newRow("bool true") << QVariant(true);
    QTest::newRow("byte array") << QVariant(QByteArray("3"));
    QTest::newRow("list") << QVariant(QVariantList { 3 });
    QTest::newRow("JSON 3.5") << QVariant::fromValue(QJsonValue(3.5));
    QTest::newRow("JSON true") << QVariant::fromValue(QJsonValue(true));
}

void TestGrades::refuses()
{
    QFETCH(QVariant, raw);
    for (const GradeAxis axis : { GradeAxis::Tone, GradeAxis::Accuracy, GradeAxis::Policy }) {
        const cx::Result<int> grade = parseGrade(axis, raw);
        QVERIFY2(!grade.ok(), qPrintable(QStringLiteral("accepted as %1").arg(grade.ok() ? *grade : -1)));
        QCOMPARE(grade.error().kind, cx::ErrorKind::Invalid);
        QCOMPARE(grade.error().field, gradeFieldName(axis));
        QVERIFY(grade.error().message.contains(gradeAxisLabel(axis)));
    }
}

void TestGrades::parseGradesNamesFirstBadField_data()
{
    QTest::addColumn<QVariant>("tone");
    QTest::addColumn<QVariant>("accuracy");
    QTest::addColumn<QVariant>("policy");
    QTest::addColumn<QString>("field"); // empty: valid

    QTest::newRow("all valid") << QVariant(5) << QVariant(QStringLiteral("4")) << QVariant(1.0) << QString();
    QTest::newRow("tone missing") << QVariant() << QVariant(4) << QVariant(4) << QStringLiteral("tone");
    QTest::newRow("accuracy 3.5") << QVariant(4) << QVariant(3.5) << QVariant(4)
                                  << QStringLiteral("accuracy");
    QTest::newRow("policy abc") << QVariant(4) << QVariant(4) << QVariant(QStringLiteral("abc"))
                                << QStringLiteral("policy");
    QTest::newRow("policy 0") << QVariant(4) << QVariant(4) << QVariant(0) << QStringLiteral("policy");
    QTest::newRow("accuracy and policy bad, accuracy first")
        << QVariant(4) << QVariant(6) << QVariant() << QStringLiteral("accuracy");
}

void TestGrades::parseGradesNamesFirstBadField()
{
    QFETCH(QVariant, tone);
    QFETCH(QVariant, accuracy);
    QFETCH(QVariant, policy);
    QFETCH(QString, field);

    const cx::Result<Grades> grades = parseGrades(tone, accuracy, policy);
    if (field.isEmpty()) {
        QVERIFY(grades.ok());
        QCOMPARE(*grades, (Grades { 5, 4, 1 }));
    } else {
        QVERIFY(!grades.ok());
        QCOMPARE(grades.error().field, field);
    }
}

void TestGrades::parseGradesFromJson_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::addColumn<QString>("field"); // empty: valid

    QTest::newRow("complete") << QJsonObject { { QStringLiteral("tone"), 2 },
        { QStringLiteral("accuracy"), 3 }, { QStringLiteral("policy"), 4 } }
                              << QString();
    QTest::newRow("empty object") << QJsonObject() << QStringLiteral("tone");
    QTest::newRow("accuracy key missing") << QJsonObject { { QStringLiteral("tone"), 2 },
        { QStringLiteral("policy"), 4 } } << QStringLiteral("accuracy");
    QTest::newRow("policy null") << QJsonObject { { QStringLiteral("tone"), 2 },
        { QStringLiteral("accuracy"), 3 }, { QStringLiteral("policy"), QJsonValue::Null } }
                                 << QStringLiteral("policy");
    QTest::newRow("tone string 3.5") << QJsonObject { { QStringLiteral("tone"), QStringLiteral("3.5") },
        { QStringLiteral("accuracy"), 3 }, { QStringLiteral("policy"), 4 } }
                                     << QStringLiteral("tone");
}

void TestGrades::parseGradesFromJson()
{
    QFETCH(QJsonObject, object);
    QFETCH(QString, field);

    const cx::Result<Grades> grades = parseGrades(object);
    if (field.isEmpty()) {
        QVERIFY(grades.ok());
        QCOMPARE(*grades, (Grades { 2, 3, 4 }));
    } else {
        QVERIFY(!grades.ok());
        QCOMPARE(grades.error().kind, cx::ErrorKind::Invalid);
        QCOMPARE(grades.error().field, field);
    }
}

void TestGrades::scaleTexts()
{
    QSet<QString> seen;
    for (int value = kMinGrade; value <= kMaxGrade; ++value) {
        const QString text = gradeScaleText(value);
        QVERIFY(!text.isEmpty());
        seen.insert(text);
    }
    QCOMPARE(seen.size(), 5);
    QVERIFY(gradeScaleText(1).startsWith(QStringLiteral("Unacceptable")));
    QVERIFY(gradeScaleText(5).startsWith(QStringLiteral("Excellent")));
    QVERIFY(gradeScaleText(0).isEmpty());
    QVERIFY(gradeScaleText(6).isEmpty());

    for (const GradeAxis axis : { GradeAxis::Tone, GradeAxis::Accuracy, GradeAxis::Policy }) {
        const QString tooltip = gradeTooltip(axis);
        QVERIFY(tooltip.startsWith(gradeAxisLabel(axis)));
        QVERIFY(tooltip.contains(gradeAxisDescription(axis)));
        for (int value = kMinGrade; value <= kMaxGrade; ++value) {
            QVERIFY(tooltip.contains(QString::number(value) + QStringLiteral(" – ") + gradeScaleText(value)));
        }
    }
    QCOMPARE(gradeFieldName(GradeAxis::Tone), QStringLiteral("tone"));
    QCOMPARE(gradeFieldName(GradeAxis::Accuracy), QStringLiteral("accuracy"));
    QCOMPARE(gradeFieldName(GradeAxis::Policy), QStringLiteral("policy"));
}

void TestGrades::reviewerAccepted_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QStringLiteral("Ann Smith") << QStringLiteral("Ann Smith");
    QTest::newRow("trimmed") << QStringLiteral("  Ann \t") << QStringLiteral("Ann");
    QTest::newRow("one letter") << QStringLiteral("A") << QStringLiteral("A");
    QTest::newRow("CJK") << QStringLiteral("李雷") << QStringLiteral("李雷");
    QTest::newRow("email") << QStringLiteral("ann@example.com") << QStringLiteral("ann@example.com");
    QTest::newRow("contains a placeholder word")
        << QStringLiteral("Unknown Pleasures") << QStringLiteral("Unknown Pleasures");
    QTest::newRow("Sysadmin Sam") << QStringLiteral("Sysadmin Sam") << QStringLiteral("Sysadmin Sam");
    QTest::newRow("200 ASCII") << QString(200, u'a') << QString(200, u'a');
    // 𝒜 (U+1D49C) is a letter outside the BMP: 200 code points, 400 UTF-16 units.
    QString astral;
    for (int i = 0; i < 200; ++i) {
        astral += QStringLiteral("𝒜");
    }
    QTest::newRow("200 astral letters") << astral << astral;
}

void TestGrades::reviewerAccepted()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    const cx::Result<QString> reviewer = validateReviewer(name);
    QVERIFY2(reviewer.ok(), qPrintable(reviewer.ok() ? QString() : reviewer.error().toString()));
    QCOMPARE(*reviewer, expected);
}

void TestGrades::reviewerRefused_data()
{
    QTest::addColumn<QString>("name");

    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << QStringLiteral(" \t\n ");
    QTest::newRow("unknown") << QStringLiteral("unknown");
    QTest::newRow("UNKNOWN") << QStringLiteral("UNKNOWN");
    QTest::newRow("System, padded") << QStringLiteral("  System ");
    QTest::newRow("reviewer") << QStringLiteral("Reviewer");
    QTest::newRow("anonymous") << QStringLiteral("anonymous");
    QTest::newRow("AnOnYmOuS") << QStringLiteral("AnOnYmOuS");
    QTest::newRow("<unknown>") << QStringLiteral("<unknown>");
    QTest::newRow("seed's current_user") << QStringLiteral("current_user");
    QTest::newRow("n/a") << QStringLiteral("N/A");
    QTest::newRow("null") << QStringLiteral("null");
    QTest::newRow("digits only") << QStringLiteral("12345");
    QTest::newRow("punctuation only") << QStringLiteral("---");
    QTest::newRow("newline inside") << QStringLiteral("Ann\nSmith");
    QTest::newRow("NUL inside") << (QStringLiteral("Ann") + QChar(0) + QStringLiteral("Smith"));
    QTest::newRow("lone surrogate") << (QStringLiteral("Ann") + QChar(0xD800));
    QTest::newRow("201 ASCII") << QString(201, u'a');
    QString astral;
    for (int i = 0; i < 201; ++i) {
        astral += QStringLiteral("𝒜");
    }
    QTest::newRow("201 astral letters") << astral;
}

void TestGrades::reviewerRefused()
{
    QFETCH(QString, name);
    const cx::Result<QString> reviewer = validateReviewer(name);
    QVERIFY2(!reviewer.ok(), qPrintable(reviewer.ok() ? *reviewer : QString()));
    QCOMPARE(reviewer.error().kind, cx::ErrorKind::Invalid);
    QCOMPARE(reviewer.error().field, QStringLiteral("reviewer"));
    QVERIFY(!reviewer.error().message.isEmpty());
}

void TestGrades::finalTextAccepted_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("short") << QStringLiteral("Thanks, your refund is on its way.");
    QTest::newRow("one character") << QStringLiteral("k");
    QTest::newRow("surrounding whitespace kept") << QStringLiteral("\n Hi \n");
    QTest::newRow("exactly 150000") << QString(kMaxReplyLength, u'a');
    // Chatwoot counts characters (code points): 150,000 emoji are 300,000 UTF-16 units, still within the
    // limit.
    QString emoji;
    for (int i = 0; i < kMaxReplyLength; ++i) {
        emoji += QStringLiteral("😀");
    }
    QTest::newRow("150000 emoji") << emoji;
}

void TestGrades::finalTextAccepted()
{
    QFETCH(QString, text);
    const cx::Result<QString> checked = validateFinalText(text);
    QVERIFY2(checked.ok(), qPrintable(checked.ok() ? QString() : checked.error().toString()));
    QCOMPARE(*checked, text);
}

void TestGrades::finalTextRefused_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << QStringLiteral("  \n\t ");
    QTest::newRow("150001") << QString(kMaxReplyLength + 1, u'a');
    QString emoji;
    for (int i = 0; i <= kMaxReplyLength; ++i) {
        emoji += QStringLiteral("😀");
    }
    QTest::newRow("150001 emoji") << emoji;
}

void TestGrades::finalTextRefused()
{
    QFETCH(QString, text);
    const cx::Result<QString> checked = validateFinalText(text);
    QVERIFY(!checked.ok());
    QCOMPARE(checked.error().kind, cx::ErrorKind::Invalid);
    QCOMPARE(checked.error().field, QStringLiteral("text"));
}

QTEST_GUILESS_MAIN(TestGrades)
#include "tst_grades.moc"
