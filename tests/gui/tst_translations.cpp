// The UI's catalogues against the sources: lupdate is run on a copy of each committed catalogue, and every
// source string must have a finished translation in German and Spanish, with the same placeholders (%1, %n),
// accelerators (&) and HTML tags, and every plural form filled; the English catalogue holds exactly the
// plural forms. A failure lists the strings by file:line and says what to do.
#include "Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace cx::gui;

namespace {

struct Message {
    QString context, source, comment, location; // location: file:line, relative to the repository
    bool numerus = false;
    QString type; // "", "unfinished", "vanished", "obsolete"
    QStringList forms; // one, or one per plural form
};

QList<Message> readTs(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            m = Message {};
            m.context = context;
            m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("location") && m.location.isEmpty()) {
            // Relative to the .ts file in the catalogue; shown relative to the repository.
            const QString file = QFileInfo(path).dir().absoluteFilePath(
                xml.attributes().value(QLatin1String("filename")).toString());
            m.location
                = QDir(qEnvironmentVariable("CXPILOT_SOURCE_DIR")).relativeFilePath(QDir::cleanPath(file))
                + QLatin1Char(':') + xml.attributes().value(QLatin1String("line")).toString();
        } else if (name == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (name == QLatin1String("comment")) {
            m.comment = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            if (m.numerus) {
                while (xml.readNextStartElement())
                    m.forms << xml.readElementText();
            } else {
                m.forms << xml.readElementText();
            }
            messages << m;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList placeholders(const QString& text)
{
    QStringList found;
    static const QRegularExpression re(QStringLiteral("%(L?n|\\d+)"));
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured(0).remove(QLatin1Char('L'));
    found.removeDuplicates();
    return sorted(found);
}

QStringList tags(const QString& text)
{
    QStringList found;
    static const QRegularExpression re(QStringLiteral("</?[a-zA-Z][a-zA-Z0-9]*[^>]*>"));
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    return sorted(found);
}

// "&F" marks an accelerator; "&&" is a literal ampersand, and so is "&" before a space ("Approve & send").
int accelerators(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("&[^&\\s]"));
    return int(QString(text).remove(QStringLiteral("&&")).count(re));
}

QString runLupdate(const QString& ts, const QStringList& extra)
{
    QStringList args { QStringLiteral("-locations"), QStringLiteral("absolute"),
        QStringLiteral("-no-ui-lines") };
    args << extra;
    for (const QString& dir : QStringLiteral(CXPILOT_TRANSLATABLE_DIRS).split(QLatin1Char('|')))
        args << dir;
    args << QStringLiteral("-ts") << ts;
    QProcess lupdate;
    lupdate.start(QStringLiteral(CXPILOT_LUPDATE), args);
    if (!lupdate.waitForFinished(120000))
        return QStringLiteral("lupdate did not finish: ") + lupdate.errorString();
    if (lupdate.exitStatus() != QProcess::NormalExit || lupdate.exitCode() != 0)
        return QStringLiteral("lupdate failed: ") + QString::fromLocal8Bit(lupdate.readAllStandardError());
    return {};
}

const char* const kWhatToDo
    = "run `cmake --build build --target update_translations`, then translate these in translations/FILE "
      "(Qt Linguist or an editor; keep every placeholder such as %n, the & accelerators and the HTML tags) "
      "and mark them finished";

} // namespace

class TestTranslations final : public QObject {
    Q_OBJECT
private slots:
    void catalogueIsCompleteAndMatchesTheSources_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("German") << QStringLiteral("de");
        QTest::newRow("Spanish") << QStringLiteral("es");
    }

    void catalogueIsCompleteAndMatchesTheSources()
    {
        QFETCH(QString, language);
        const QString name = QStringLiteral("cxpilot_%1.ts").arg(language);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString copy = tmp.filePath(name);
        QVERIFY(QFile::copy(QDir(QStringLiteral(CXPILOT_TS_DIR)).filePath(name), copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        const QString failed = runLupdate(copy, {});
        QVERIFY2(failed.isEmpty(), qPrintable(failed));

        QString error;
        const QList<Message> messages = readTs(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(messages.size() > 500, "the catalogue looks empty");
        QStringList problems;
        for (const Message& m : messages) {
            const QString where = m.location + QStringLiteral(": ") + m.context + QStringLiteral(": \"")
                + QString(m.source).replace(QLatin1Char('\n'), QStringLiteral("\\n")).left(80)
                + QStringLiteral("\": ");
            if (m.type == QLatin1String("vanished") || m.type == QLatin1String("obsolete")) {
                problems << where + QStringLiteral("no longer in the sources (lupdate removes it)");
                continue;
            }
            if (m.type == QLatin1String("unfinished")) {
                problems << where
                        + (m.forms.join(QString()).isEmpty() ? QStringLiteral("not translated")
                                                             : QStringLiteral("unfinished"));
                continue;
            }
            if (m.numerus && m.forms.size() != 2) // German and Spanish: singular and plural
                problems << where + QStringLiteral("%1 plural forms, expected 2").arg(m.forms.size());
            for (const QString& form : m.forms) {
                if (form.isEmpty()) {
                    problems << where + QStringLiteral("an empty form");
                    continue;
                }
                QStringList expected = placeholders(m.source), got = placeholders(form);
                if (m.numerus) { // a plural form may leave %n out ("Der letzte Tag")
                    expected.removeAll(QStringLiteral("%n"));
                    got.removeAll(QStringLiteral("%n"));
                }
                if (expected != got)
                    problems << where
                            + QStringLiteral("placeholders %1 in the source, %2 in \"%3\"")
                                  .arg(expected.join(QLatin1Char(',')), got.join(QLatin1Char(',')), form);
                if (accelerators(m.source) != accelerators(form))
                    problems << where + QStringLiteral("the accelerator (&) is missing in \"%1\"").arg(form);
                if (tags(m.source) != tags(form))
                    problems << where + QStringLiteral("HTML tags differ in \"%1\"").arg(form);
            }
        }
        QVERIFY2(problems.isEmpty(),
            qPrintable(QStringLiteral("%1 problem(s) in %2:\n  %3\nTo fix: %4")
                           .arg(problems.size())
                           .arg(name, problems.join(QStringLiteral("\n  ")),
                               QString::fromLatin1(kWhatToDo).replace(QLatin1String("FILE"), name))));
    }

    void englishCatalogueHoldsEveryPluralForm()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString copy = tmp.filePath(QStringLiteral("cxpilot_en.ts"));
        QVERIFY(QFile::copy(
            QDir(QStringLiteral(CXPILOT_TS_DIR)).filePath(QStringLiteral("cxpilot_en.ts")), copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        const QString failed = runLupdate(copy, { QStringLiteral("-pluralonly") });
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QString error;
        const QList<Message> messages = readTs(copy, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() >= 10);
        QStringList problems;
        for (const Message& m : messages) {
            const QString where = m.location + QStringLiteral(": \"") + m.source + QStringLiteral("\": ");
            if (!m.numerus)
                problems << where + QStringLiteral("not a plural message");
            else if (!m.type.isEmpty())
                problems << where + m.type;
            else if (m.forms.size() != 2 || m.forms.contains(QString()))
                problems << where + QStringLiteral("needs its singular and plural form");
            else if (m.forms.at(0).contains(QLatin1String("(s)"))
                || m.forms.at(1).contains(QLatin1String("(s)")))
                problems << where + QStringLiteral("a form still says (s)");
        }
        QVERIFY2(problems.isEmpty(),
            qPrintable(QStringLiteral("cxpilot_en.ts:\n  ") + problems.join(QStringLiteral("\n  "))
                + QStringLiteral("\nTo fix: ")
                + QString::fromLatin1(kWhatToDo).replace(
                    QLatin1String("FILE"), QLatin1String("cxpilot_en.ts"))));
    }

    void builtCataloguesLoadAndTranslate_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("n");
        QTest::addColumn<QString>("expected");
        QTest::newRow("German menu") << "de"
                                     << "&File" << -1 << "&Datei";
        QTest::newRow("Spanish menu") << "es"
                                      << "&File" << -1 << "&Archivo";
        QTest::newRow("English singular") << "en"
                                          << "%n draft(s) waiting" << 1 << "1 draft waiting";
        QTest::newRow("English plural") << "en"
                                        << "%n draft(s) waiting" << 5 << "5 drafts waiting";
        QTest::newRow("German singular") << "de"
                                         << "%n draft(s) waiting" << 1 << "1 Entwurf wartet";
        QTest::newRow("Spanish plural") << "es"
                                        << "%n draft(s) waiting" << 5 << "5 borradores pendientes";
    }

    void builtCataloguesLoadAndTranslate()
    {
        QFETCH(QString, language);
        QFETCH(QString, source);
        QFETCH(int, n);
        QFETCH(QString, expected);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral("cxpilot_") + language, QStringLiteral(CXPILOT_QM_DIR)));
        const char* context = n < 0 ? "cx::gui::MainWindow" : "cx::gui::NotificationCenter";
        QString got = translator.translate(context, source.toUtf8().constData(), nullptr, n);
        got.replace(QStringLiteral("%n"), QString::number(n));
        QCOMPARE(got, expected);
    }

    void languageChoice_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QStringList>("uiLanguages");
        QTest::addColumn<QString>("expected");
        QTest::newRow("system German (Austria)")
            << "system" << QStringList { QStringLiteral("de-AT"), QStringLiteral("en") } << "de";
        QTest::newRow("system French, then Spanish")
            << "system" << QStringList { QStringLiteral("fr-FR"), QStringLiteral("es-MX") } << "es";
        QTest::newRow("system without a catalogue")
            << "system" << QStringList { QStringLiteral("fr-FR") } << "en";
        QTest::newRow("setting overrides the system")
            << "es" << QStringList { QStringLiteral("de-DE") } << "es";
        QTest::newRow("English setting on a German system")
            << "en" << QStringList { QStringLiteral("de-DE") } << "en";
    }

    void languageChoice()
    {
        QFETCH(QString, setting);
        QFETCH(QStringList, uiLanguages);
        QFETCH(QString, expected);
        QCOMPARE(Translations::choose(setting, uiLanguages), expected);
    }

    void uiLocaleFollowsTheLanguage()
    {
        // A German UI on an English (US) system shows German dates; an English UI on en_GB keeps en_GB.
        QCOMPARE(Translations::localeFor(QStringLiteral("de"), QLocale(QStringLiteral("en_US"))).language(),
            QLocale::German);
        QCOMPARE(Translations::localeFor(QStringLiteral("en"), QLocale(QStringLiteral("en_GB"))).name(),
            QStringLiteral("en_GB"));
        QCOMPARE(Translations::localeFor(QStringLiteral("en"), QLocale(QStringLiteral("de_DE"))).language(),
            QLocale::English);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
