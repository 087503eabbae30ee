#include "storage/SqlScript.h"

#include <QTest>

using namespace cx::storage;

class TestSqlScript final : public QObject {
    Q_OBJECT
private slots:
    void splits_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("lastStartsWith");
        QTest::newRow("two plain") << "CREATE TABLE a (x int);\nCREATE TABLE b (y int);" << 2
                                   << "CREATE TABLE b";
        QTest::newRow("semicolon in string") << "INSERT INTO a VALUES ('x;y');SELECT 1;" << 2 << "SELECT 1";
        QTest::newRow("doubled quote") << "SELECT 'it''s;';SELECT 2" << 2 << "SELECT 2";
        QTest::newRow("line comment") << "-- a; b\nSELECT 1;" << 1 << "SELECT 1";
        QTest::newRow("dollar quoted function")
            << "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x'; END; "
               "$$;\n"
               "CREATE TRIGGER t BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();\nSELECT 3;"
            << 3 << "SELECT 3";
        QTest::newRow("sqlite trigger body") << "CREATE TRIGGER t BEFORE UPDATE ON a\nBEGIN\n  SELECT "
                                                "RAISE(ABORT, 'no');\n  SELECT 1;\nEND;\nSELECT 4;"
                                             << 2 << "SELECT 4";
        QTest::newRow("tagged dollar")
            << "DO $body$ BEGIN PERFORM 1; END; $body$;SELECT 5;" << 2 << "SELECT 5";
    }
    void splits()
    {
        QFETCH(QString, script);
        QFETCH(int, count);
        QFETCH(QString, lastStartsWith);
        const QStringList statements = splitSqlScript(script);
        QCOMPARE(statements.size(), count);
        QVERIFY2(statements.last().startsWith(lastStartsWith), qPrintable(statements.last()));
    }
};

QTEST_GUILESS_MAIN(TestSqlScript)
#include "tst_sqlscript.moc"
