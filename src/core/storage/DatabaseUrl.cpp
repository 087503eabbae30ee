#include "DatabaseUrl.h"

#include <QCoreApplication>
#include <QUrl>

namespace cx::storage {

Result<DatabaseUrl> DatabaseUrl::parse(const QString& text)
{
    const QString t = text.trimmed();
    const QString field = QStringLiteral("database URL");
    DatabaseUrl url;
    if (t.startsWith(QLatin1String("sqlite:"))) {
        url.dialect = Dialect::Sqlite;
        QString rest = t.mid(7);
        if (rest.startsWith(QLatin1String("//")))
            rest = rest.mid(2);
        if (rest == QLatin1String(":memory:"))
            rest = QStringLiteral(":memory:");
        if (rest.isEmpty())
            return makeError(ErrorKind::Invalid,
                QCoreApplication::translate("Storage", "database URL: sqlite:// needs a file path"), field);
        url.path = QUrl::fromPercentEncoding(rest.toUtf8());
        return url;
    }
    if (t.startsWith(QLatin1String("postgresql://")) || t.startsWith(QLatin1String("postgres://"))) {
        const QUrl u(t, QUrl::StrictMode);
        if (!u.isValid() || u.host().isEmpty() || u.path().size() < 2)
            return makeError(ErrorKind::Invalid,
                QCoreApplication::translate(
                    "Storage", "database URL: expected postgresql://user:password@host:port/database"),
                field);
        url.dialect = Dialect::Postgres;
        url.host = u.host();
        url.port = u.port(5432);
        url.user = u.userName();
        url.password = u.password();
        url.database = u.path().mid(1);
        return url;
    }
    return makeError(ErrorKind::Invalid,
        QCoreApplication::translate(
            "Storage", "database URL: \"%1\" must start with sqlite:// or postgresql://")
            .arg(t.section(QLatin1Char('@'), -1)),
        field);
}

QString DatabaseUrl::redacted() const
{
    if (dialect == Dialect::Sqlite)
        return QStringLiteral("sqlite://") + path;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

QString DatabaseUrl::driverName() const
{
    return dialect == Dialect::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

} // namespace cx::storage
