#include "SqlError.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace cx::storage {

bool isConnectionError(const QSqlError& error)
{
    if (error.type() == QSqlError::ConnectionError)
        return true;
    const QString code = error.nativeErrorCode();
    // PostgreSQL SQLSTATE class 08 (connection exception), 57P01..03 (admin shutdown, crash, cannot connect
    // now).
    if (code.startsWith(QLatin1String("08")) || code.startsWith(QLatin1String("57P")))
        return true;
    const QString text = error.text().toLower();
    return text.contains(QLatin1String("server closed the connection"))
        || text.contains(QLatin1String("no connection to the server"))
        || text.contains(QLatin1String("could not connect"))
        || text.contains(QLatin1String("connection refused"));
}

Error toError(const QSqlError& error, const QString& context)
{
    const QString text = error.text();
    const QString prefix = context.isEmpty() ? QString() : context + QStringLiteral(": ");
    static const QRegularExpression checkName(QStringLiteral("ck_([a-z_]+)"));
    const QString code = error.nativeErrorCode();
    // A guard trigger of migration 0005 refused the change: "cx_guard(<field>): <reason>" on both dialects.
    static const QRegularExpression guard(QStringLiteral("cx_guard\\(([a-z_]+)\\): ([^\\n]*)"));
    if (const auto m = guard.match(error.databaseText()); m.hasMatch()) {
        return makeError(ErrorKind::Conflict,
            prefix
                + QCoreApplication::translate("Storage", "the database refused the change of \"%1\": %2")
                      .arg(m.captured(1), m.captured(2).trimmed()),
            m.captured(1));
    }
    const bool isCheck = code == QLatin1String("23514")
        || text.contains(QLatin1String("CHECK constraint failed"))
        || text.contains(QLatin1String("violates check constraint"));
    if (isCheck) {
        const auto m = checkName.match(text);
        const QString field = m.hasMatch() ? m.captured(1) : QString();
        return makeError(ErrorKind::Invalid,
            prefix
                + QCoreApplication::translate("Storage", "the value of \"%1\" is out of range (%2)")
                      .arg(field.isEmpty() ? QStringLiteral("?") : field, text.trimmed()),
            field);
    }
    const bool isUnique = code == QLatin1String("23505") || code == QLatin1String("2067")
        || code == QLatin1String("1555") || text.contains(QLatin1String("UNIQUE constraint failed"))
        || text.contains(QLatin1String("duplicate key"));
    if (isUnique)
        return makeError(ErrorKind::Conflict, prefix + text.trimmed());
    if (code == QLatin1String("42501") || text.contains(QLatin1String("row-level security"))
        || text.contains(QLatin1String("permission denied")))
        return makeError(ErrorKind::Unauthorized, prefix + text.trimmed());
    if (code == QLatin1String("23502") || text.contains(QLatin1String("NOT NULL constraint failed"))
        || text.contains(QLatin1String("violates not-null constraint"))) {
        static const QRegularExpression col(QStringLiteral("column \"([a-z_]+)\"|\\.([a-z_]+)$"));
        const auto m = col.match(text.trimmed());
        const QString field
            = m.hasMatch() ? (m.captured(1).isEmpty() ? m.captured(2) : m.captured(1)) : QString();
        return makeError(ErrorKind::Invalid, prefix + text.trimmed(), field);
    }
    if (isConnectionError(error))
        return makeError(ErrorKind::Unavailable,
            prefix
                + QCoreApplication::translate("Storage", "the database cannot be reached: %1")
                      .arg(text.trimmed()));
    return makeError(ErrorKind::Database, prefix + text.trimmed());
}

Error toError(const QSqlQuery& query, const QString& context)
{
    return toError(query.lastError(), context);
}

} // namespace cx::storage
