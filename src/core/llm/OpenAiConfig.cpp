#include "llm/OpenAiConfig.h"

#include <QCoreApplication>
#include <QUrlQuery>

namespace cx::llm {

QUrl OpenAiConfig::endpoint(const QString& path) const
{
    QUrl url = baseUrl;
    QString basePath = url.path();
    if (appendV1ToBareHost && (basePath.isEmpty() || basePath == QLatin1String("/")))
        basePath = QStringLiteral("/v1");
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + QLatin1Char('/') + path);
    if (!apiVersion.isEmpty()) {
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("api-version"));
        query.addQueryItem(QStringLiteral("api-version"), apiVersion);
        url.setQuery(query);
    }
    return url;
}

QString OpenAiConfig::validate() const
{
    if (!baseUrl.isValid() || baseUrl.host().isEmpty())
        return QCoreApplication::translate("cx::llm", "The model endpoint URL is not set or not valid.");
    const QString scheme = baseUrl.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QCoreApplication::translate(
            "cx::llm", "The model endpoint URL must start with http:// or https://.");
    if (model.trimmed().isEmpty())
        return QCoreApplication::translate("cx::llm", "The model name is empty.");
    return {};
}

} // namespace cx::llm
