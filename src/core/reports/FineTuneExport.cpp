#include "reports/FineTuneExport.h"

#include "metrics/QualitySql.h"
#include "reports/PiiMasker.h"
#include "storage/SqlError.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace cx::reports {

using metrics::QualitySql;

namespace {
QJsonObject message(const char* role, const QString& content)
{
    return QJsonObject { { QStringLiteral("role"), QLatin1String(role) },
        { QStringLiteral("content"), content } };
}

struct Row {
    int tone, accuracy, policy;
    QString customer, draft, final;
};

// Streams approved rows of the range and hands each to `makeLine`, which returns the JSON line or a null
// object.
Result<FineTuneCounts> forEachApproved(QSqlDatabase& db, storage::Dialect dialect,
    const metrics::QualityQuery& query, QIODevice* out,
    const std::function<QJsonObject(const Row&, FineTuneCounts&)>& makeLine)
{
    if (auto ok = QualitySql::validate(query); !ok)
        return ok.error();
    const QualitySql sql(dialect, query);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString text
        = QStringLiteral("SELECT tone, accuracy, policy, customer_message, draft_reply, human_reply "
                         "FROM customer_reply_grading WHERE %1 AND %2 AND human_reply IS NOT NULL "
                         "ORDER BY graded_at, id")
              .arg(sql.filter(), sql.isTrue(QStringLiteral("approved")));
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("fine-tuning export"));
    QualitySql::bindAll(q, sql.filterValues());
    if (!q.exec())
        return storage::toError(q, QStringLiteral("fine-tuning export"));
    FineTuneCounts counts;
    while (q.next()) {
        Row r { q.value(0).toInt(), q.value(1).toInt(), q.value(2).toInt(), q.value(3).toString().trimmed(),
            q.value(4).toString().trimmed(), q.value(5).toString().trimmed() };
        if (r.final.isEmpty())
            continue;
        ++counts.approvedRows;
        if (r.customer.isEmpty()) {
            ++counts.skippedNoCustomerMessage;
            continue;
        }
        const QJsonObject line = makeLine(r, counts);
        if (line.isEmpty())
            continue;
        const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
        if (out->write(bytes) != bytes.size())
            return makeError(ErrorKind::Internal, QStringLiteral("could not write the JSONL file"));
        ++counts.written;
    }
    return counts;
}
} // namespace

QString emptyChatExportReason(const FineTuneCounts& c, int minGrade)
{
    if (c.written > 0)
        return {};
    if (c.approvedRows == 0)
        return QCoreApplication::translate("Reports", "no approved replies in this range");
    if (c.skippedNoCustomerMessage == c.approvedRows)
        return QCoreApplication::translate("Reports", "no customer message stored (%1 approved rows)")
            .arg(c.approvedRows);
    return QCoreApplication::translate("Reports",
        "0 rows reach min grade %1 (%2 approved rows, %3 without a "
        "customer message)")
        .arg(minGrade)
        .arg(c.approvedRows)
        .arg(c.skippedNoCustomerMessage);
}

QString emptyPreferenceExportReason(const FineTuneCounts& c)
{
    if (c.written > 0)
        return {};
    if (c.approvedRows == 0)
        return QCoreApplication::translate("Reports", "no approved replies in this range");
    if (c.skippedNoCustomerMessage == c.approvedRows)
        return QCoreApplication::translate("Reports", "no customer message stored (%1 approved rows)")
            .arg(c.approvedRows);
    return QCoreApplication::translate("Reports", "no approved reply differs from its draft");
}

Result<FineTuneCounts> writeChatJsonl(QSqlDatabase& db, storage::Dialect dialect,
    const metrics::QualityQuery& query, const FineTuneOptions& options, QIODevice* out)
{
    return forEachApproved(db, dialect, query, out, [&](const Row& r, FineTuneCounts& counts) {
        if (std::min({ r.tone, r.accuracy, r.policy }) < options.minGrade) {
            ++counts.skippedBelowMinGrade;
            return QJsonObject();
        }
        return QJsonObject { { QStringLiteral("messages"),
            QJsonArray { message("system", options.systemPrompt),
                message("user", PiiMasker::mask(r.customer)),
                message("assistant", PiiMasker::mask(r.final)) } } };
    });
}

Result<FineTuneCounts> writePreferenceJsonl(QSqlDatabase& db, storage::Dialect dialect,
    const metrics::QualityQuery& query, const FineTuneOptions& options, QIODevice* out)
{
    return forEachApproved(db, dialect, query, out, [&](const Row& r, FineTuneCounts& counts) {
        const QString chosen = PiiMasker::mask(r.final);
        const QString rejected = PiiMasker::mask(r.draft);
        if (r.draft.isEmpty() || chosen == rejected) {
            ++counts.skippedUnchanged;
            return QJsonObject();
        }
        return QJsonObject {
            { QStringLiteral("input"),
                QJsonObject { { QStringLiteral("messages"),
                    QJsonArray { message("system", options.systemPrompt),
                        message("user", PiiMasker::mask(r.customer)) } } } },
            { QStringLiteral("preferred_output"), QJsonArray { message("assistant", chosen) } },
            { QStringLiteral("non_preferred_output"), QJsonArray { message("assistant", rejected) } },
        };
    });
}

} // namespace cx::reports
