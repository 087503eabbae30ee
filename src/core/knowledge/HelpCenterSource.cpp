#include "knowledge/HelpCenterSource.h"

#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootTypes.h"

namespace cx::knowledge {

KbDocument HelpCenterSource::toDocument(const chatwoot::HelpCenterArticle& article)
{
    KbDocument doc;
    doc.id = QStringLiteral("helpcenter:%1:%2").arg(article.portalSlug).arg(article.id);
    doc.title = article.title.trimmed().isEmpty() ? article.slug : article.title;
    doc.text = article.description.trimmed().isEmpty()
        ? article.content
        : article.description + QStringLiteral("\n\n") + article.content;
    doc.format = KbDocument::Format::Markdown;
    doc.source = article.url.isValid() ? article.url.toString() : doc.id;
    doc.category = article.categoryName;
    doc.updatedAt = article.updatedAt;
    return doc;
}

QString HelpCenterSource::rootFor(const QUrl& baseUrl)
{
    return QStringLiteral("helpcenter:") + baseUrl.adjusted(QUrl::StripTrailingSlash).toString();
}

void HelpCenterSource::fetch(
    chatwoot::ChatwootClient& client, QObject* context, std::function<void(Result<QList<KbDocument>>)> done)
{
    client.fetchPublishedArticles(context, [done](Result<QList<chatwoot::HelpCenterArticle>> articles) {
        if (!articles) {
            done(articles.error());
            return;
        }
        QList<KbDocument> docs;
        for (const chatwoot::HelpCenterArticle& a : articles.value())
            docs.append(toDocument(a));
        done(docs);
    });
}

} // namespace cx::knowledge
