#include "reports/CsvWriter.h"

#include <QIODevice>

namespace cx::reports {

CsvWriter::CsvWriter(QIODevice* device, bool byteOrderMark)
    : m_device(device)
{
    if (byteOrderMark)
        m_ok = m_device->write("\xEF\xBB\xBF", 3) == 3;
}

QString CsvWriter::escape(const QString& field)
{
    const bool quote = field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"'))
        || field.contains(QLatin1Char('\r')) || field.contains(QLatin1Char('\n'));
    if (!quote)
        return field;
    QString quoted = field;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString CsvWriter::text(const QString& value)
{
    if (!value.isEmpty()) {
        const QChar c = value.front();
        if (c == QLatin1Char('=') || c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('@')
            || c == QLatin1Char('\t') || c == QLatin1Char('\r'))
            return QLatin1Char('\'') + value;
    }
    return value;
}

void CsvWriter::writeRow(const QStringList& fields)
{
    QString line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i)
            line += QLatin1Char(',');
        line += escape(fields[i]);
    }
    line += QLatin1String("\r\n");
    const QByteArray bytes = line.toUtf8();
    if (m_device->write(bytes) != bytes.size())
        m_ok = false;
}

} // namespace cx::reports
