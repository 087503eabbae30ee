#include "Result.h"

namespace cx {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Invalid:
        return QStringLiteral("invalid");
    case ErrorKind::NotFound:
        return QStringLiteral("not-found");
    case ErrorKind::Conflict:
        return QStringLiteral("conflict");
    case ErrorKind::Unauthorized:
        return QStringLiteral("unauthorized");
    case ErrorKind::RateLimited:
        return QStringLiteral("rate-limited");
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::Network:
        return QStringLiteral("network");
    case ErrorKind::Tls:
        return QStringLiteral("tls");
    case ErrorKind::Server:
        return QStringLiteral("server");
    case ErrorKind::Malformed:
        return QStringLiteral("malformed");
    case ErrorKind::Database:
        return QStringLiteral("database");
    case ErrorKind::Unavailable:
        return QStringLiteral("unavailable");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorKind::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("unknown");
}

QString Error::toString() const
{
    QString s = errorKindName(kind);
    if (httpStatus)
        s += QStringLiteral(" (HTTP %1)").arg(httpStatus);
    if (!field.isEmpty())
        s += QStringLiteral(" [%1]").arg(field);
    return s + QStringLiteral(": ") + message;
}

} // namespace cx
