#pragma once

#include "foundation/Result.h"
#include "knowledge/KbTypes.h"

#include <QUrl>

#include <functional>

class QObject;

namespace cx::chatwoot {
class ChatwootClient;
struct HelpCenterArticle;
} // namespace cx::chatwoot

namespace cx::knowledge {

// Thin adapter: Chatwoot Help Center articles (all published ones, all portals, every page) as KbDocuments.
// id "helpcenter:<portal>:<article id>", title, Markdown = description + content, category = the article's
// category, source = its public URL. The index root is rootFor(base URL), so re-ingesting drops articles
// that were unpublished.
class HelpCenterSource final {
public:
    static KbDocument toDocument(const chatwoot::HelpCenterArticle& article);
    static QString rootFor(const QUrl& baseUrl);
    static void fetch(chatwoot::ChatwootClient& client, QObject* context,
        std::function<void(Result<QList<KbDocument>>)> done);
};

} // namespace cx::knowledge
