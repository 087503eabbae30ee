#include "SqlTime.h"

#include "storage/DatabaseUrl.h"

namespace cx::storage {

QVariant toSqlTime(const QDateTime& time, Dialect dialect)
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<QString>());
    const QDateTime utc = time.toUTC();
    if (dialect == Dialect::Sqlite)
        return utc.toString(Qt::ISODateWithMs);
    return utc;
}

QDateTime fromSqlTime(const QVariant& value)
{
    if (value.isNull())
        return {};
    if (value.metaType() == QMetaType::fromType<QDateTime>())
        return value.toDateTime().toUTC();
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(value.toString(), Qt::ISODate);
    return t.toUTC();
}

} // namespace cx::storage
