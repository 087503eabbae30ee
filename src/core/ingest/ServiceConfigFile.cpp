#include "ServiceConfigFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace cx::ingest {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("cx::ingest::ServiceConfigFile", text);
}

Error fileError(const QString& path, const QString& why)
{
    return makeError(ErrorKind::Invalid, tr("--write-config: cannot write %1: %2").arg(path, why),
        QStringLiteral("--write-config"));
}

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
} // namespace

Status ServiceConfigFile::checkWritable(const QString& path)
{
    const QFileInfo info(path);
    if (info.exists()) {
        if (!info.isFile())
            return fileError(path, tr("it is not a regular file"));
        if (!info.isReadable() || !info.isWritable())
            return fileError(path, tr("permission denied"));
    }
    // Written through a temporary file beside it: the folder must take new files in both cases.
    const QFileInfo dir(info.absolutePath());
    if (!dir.isDir())
        return fileError(path, tr("the folder %1 does not exist").arg(dir.absoluteFilePath()));
    if (!dir.isWritable())
        return fileError(path, tr("the folder %1 is not writable").arg(dir.absoluteFilePath()));
    return Ok {};
}

Status ServiceConfigFile::setValue(const QString& path, const QString& key, const QString& value)
{
    // cxpilotd and systemd read the value up to the end of the line, one pair of outer quotes removed.
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9._~+/:@%=-]*$"));
    QString written = value;
    if (!plain.match(value).hasMatch()) {
        if (value.contains(QLatin1Char('\'')) || value.contains(QLatin1Char('\n')))
            return makeError(ErrorKind::Invalid,
                tr("%1: the value cannot be written to an environment file (quote or newline)").arg(key),
                key);
        written = QLatin1Char('\'') + value + QLatin1Char('\'');
    }
    if (Status st = checkWritable(path); !st)
        return st;

    QStringList lines;
    if (QFile in(path); in.exists()) {
        if (!in.open(QIODevice::ReadOnly | QIODevice::Text))
            return fileError(path, in.errorString());
        lines = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'));
        if (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
    }
    const QRegularExpression active(QStringLiteral("^\\s*%1\\s*=").arg(QRegularExpression::escape(key)));
    const QRegularExpression commented(
        QStringLiteral("^\\s*#\\s*%1\\s*=").arg(QRegularExpression::escape(key)));
    const QString line = key + QLatin1Char('=') + written;
    bool replaced = false;
    for (QString& l : lines) {
        if (active.match(l).hasMatch()) {
            l = line; // every active line: a later duplicate would win when read
            replaced = true;
        }
    }
    if (!replaced) {
        for (QString& l : lines) {
            if (commented.match(l).hasMatch()) {
                l = line;
                replaced = true;
                break;
            }
        }
    }
    if (!replaced)
        lines.append(line);

    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Text))
        return fileError(path, out.errorString());
    out.setPermissions(kOwnerOnly); // the temporary file: never readable by others, not even for a moment
    out.write((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
    if (!out.commit())
        return fileError(path, out.errorString());
    if (!QFile::setPermissions(path, kOwnerOnly))
        return fileError(path, tr("cannot make it readable by its owner only"));
    return Ok {};
}

} // namespace cx::ingest
