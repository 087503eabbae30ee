// ChatwootClient: the paged conversation listing.
#include "ChatwootClient.h"

#include "chatwoot/CallbackDelivery.h"
#include "foundation/LogCategories.h"

#include <QCoreApplication>
#include <QSet>

#include <climits>
#include <map>
#include <memory>

namespace cx::chatwoot {

using detail::deliverTo;

namespace {
int expectedTotal(const ConversationCounts& c, const QString& assigneeType)
{
    if (assigneeType == QLatin1String("me"))
        return c.mineCount;
    if (assigneeType == QLatin1String("assigned"))
        return c.assignedCount;
    if (assigneeType == QLatin1String("unassigned"))
        return c.unassignedCount;
    return c.allCount;
}

struct StreamState {
    ConversationQuery query;
    ChatwootClient::PageCallback onPage;
    ConversationPaging summary;
    int total = 0; // the meta count the listing should reach
    int pageSize = 0; // learned from page 1; 0 = not yet known
    int nextPage = 1; // the next page to request
    int nextToDeliver = 1;
    int inFlight = 0;
    int lastPage = INT_MAX; // the page that ends the listing, once known
    std::map<int, QList<Conversation>> arrived; // pages read ahead of delivery (at most the concurrency)
    QSet<qint64> seen; // ids handed over: 8 bytes a conversation, not the conversations themselves
    std::optional<Error> error;
};

// Hands over the pages that are next in order; learns where the listing ends.
void deliverReady(StreamState& s)
{
    while (!s.error && s.nextToDeliver <= s.lastPage) {
        const auto it = s.arrived.find(s.nextToDeliver);
        if (it == s.arrived.end())
            return;
        QList<Conversation> fresh;
        for (const Conversation& c : it->second) {
            if (!s.seen.contains(c.id)) {
                s.seen.insert(c.id);
                fresh.append(c);
            }
        }
        const int page = it->first;
        const bool shortPage = it->second.isEmpty() || it->second.size() < s.pageSize;
        s.arrived.erase(it);
        ++s.nextToDeliver;
        ++s.summary.pages;
        s.summary.delivered += static_cast<int>(fresh.size());
        if (!fresh.isEmpty())
            s.onPage(fresh);
        if (shortPage || s.summary.delivered >= s.total)
            s.lastPage = qMin(s.lastPage, page);
    }
}
} // namespace

void ChatwootClient::streamConversations(
    const ConversationQuery& q, QObject* context, PageCallback onPage, Callback<ConversationPaging> done)
{
    QPointer<QObject> ctx(context);
    if (q.updatedWithinSecs > 0) { // that window, unpaginated
        fetchConversationPage(q, 1, this, [ctx, onPage, done](Result<ConversationList> r) {
            if (!ctx)
                return;
            if (!r)
                return done(r.error());
            ConversationPaging summary { r->meta, 1, static_cast<int>(r->payload.size()) };
            if (!r->payload.isEmpty())
                onPage(r->payload);
            done(summary);
        });
        return;
    }
    auto state = std::make_shared<StreamState>();
    state->query = q;
    state->onPage = [ctx, onPage](const QList<Conversation>& page) {
        if (ctx)
            onPage(page);
    };
    auto launch = std::make_shared<std::function<void()>>();
    auto finish = [state, ctx, done, launch]() {
        *launch = nullptr; // break the cycle
        if (!ctx)
            return;
        if (state->error)
            return done(*state->error);
        if (state->total != INT_MAX && state->summary.delivered < state->total)
            qCWarning(lcChatwoot) << "conversation listing ended at a short page with"
                                  << state->summary.delivered << "of" << state->total
                                  << "(conversations changed while it was read)";
        done(state->summary);
    };
    *launch = [this, state, finish, launch]() {
        StreamState& s = *state;
        // After page 1 the meta counts say how many pages to expect: those are read concurrently; beyond the
        // estimate (the list grew) one page at a time until the listing ends.
        const qint64 estimated = s.pageSize > 0 ? (qint64(s.total) + s.pageSize - 1) / s.pageSize : 1;
        while (!s.error && s.nextPage <= s.lastPage && s.nextPage <= s.query.maxPages
            && s.inFlight < m_maxConcurrency && (s.inFlight == 0 || s.nextPage <= estimated)) {
            const int page = s.nextPage++;
            ++s.inFlight;
            fetchConversationPage(
                s.query, page, this, [state, page, finish, launch](Result<ConversationList> r) {
                    StreamState& s = *state;
                    --s.inFlight;
                    if (!r) {
                        if (!s.error)
                            s.error = r.error();
                    } else {
                        if (page == 1) {
                            s.summary.meta = r->meta;
                            s.total = expectedTotal(r->meta, s.query.assigneeType);
                            s.pageSize = static_cast<int>(r->payload.size());
                            // Counts smaller than the first page are not counts of this list (a server
                            // without them): then only a short or empty page ends it.
                            if (s.total < s.pageSize)
                                s.total = INT_MAX;
                        }
                        s.arrived[page] = r->payload;
                        deliverReady(s);
                    }
                    const bool ended = s.nextToDeliver > s.lastPage;
                    if (!s.error && !ended && s.inFlight == 0 && s.nextPage > s.query.maxPages)
                        s.error = makeError(ErrorKind::Unavailable,
                            QCoreApplication::translate("Chatwoot",
                                "the conversation list did not end within %1 pages (%2 of %3 conversations "
                                "read): refusing to return a partial list")
                                .arg(s.query.maxPages)
                                .arg(s.summary.delivered)
                                .arg(s.total),
                            QStringLiteral("maxPages"));
                    if (s.inFlight == 0 && (s.error || ended))
                        return finish();
                    if (*launch)
                        (*launch)();
                });
        }
    };
    (*launch)();
}

void ChatwootClient::fetchConversations(
    const ConversationQuery& q, QObject* context, Callback<ConversationList> done)
{
    auto list = std::make_shared<ConversationList>();
    streamConversations(
        q, context, [list](const QList<Conversation>& page) { list->payload.append(page); },
        [list, done](Result<ConversationPaging> r) {
            if (!r)
                return done(r.error());
            list->meta = r->meta;
            done(std::move(*list));
        });
}

} // namespace cx::chatwoot
