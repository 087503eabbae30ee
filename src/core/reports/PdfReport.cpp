#include "reports/PdfReport.h"

#include "foundation/Translate.h"
#include "metrics/ShownFigures.h"
#include "metrics/TargetCheck.h"
#include "reports/PdfCharts.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <cmath>

namespace cx::reports {

using namespace cx::metrics;

namespace {
QString tr(const char* text)
{
    return translateIn({ "cx::reports::Renderer", "cx::reports" }, text);
}

const QColor kInk(0x22, 0x2b, 0x36);
const QColor kMuted(0x6b, 0x72, 0x80);
const QColor kAccent(0x15, 0x65, 0xc0);
const QColor kTileBg(0xf3, 0xf6, 0xfa);
const QColor kGreen(0x2e, 0x7d, 0x32);
const QColor kYellow(0xf5, 0x9e, 0x0b);
const QColor kRed(0xc6, 0x28, 0x28);
const QColor kGrey(0x9e, 0x9e, 0x9e);
const QColor kTone(0x15, 0x65, 0xc0), kAccuracy(0x2e, 0x7d, 0x32), kPolicy(0x8e, 0x24, 0xaa);

constexpr int kDpi = 144;

QString number(std::optional<double> v, int decimals, const QString& suffix = {})
{
    return shownNumber(v, decimals, suffix);
}

QColor statusColor(TargetStatus s)
{
    return s == TargetStatus::Met ? kGreen : s == TargetStatus::NotMet ? kRed : kGrey;
}

QColor badgeColor(SlaBadge b)
{
    switch (b) {
    case SlaBadge::Green:
        return kGreen;
    case SlaBadge::Yellow:
        return kYellow;
    case SlaBadge::Red:
        return kRed;
    case SlaBadge::NoData:
        break;
    }
    return kGrey;
}

QString targetValue(TargetMetric m, std::optional<double> v)
{
    switch (m) {
    case TargetMetric::AiDraftedPct:
    case TargetMetric::ApprovalRatePct:
        return number(v, 1, QStringLiteral(" %"));
    case TargetMetric::MedianApprovalMinutes:
        return number(v, 1, QStringLiteral(" min"));
    default:
        return number(v, 2);
    }
}

QString elide(const QString& text, int maxChars)
{
    QString t = text.trimmed();
    if (t.size() > maxChars)
        t = t.left(maxChars).trimmed() + QStringLiteral(" …");
    return t;
}

class Renderer {
public:
    Renderer(const PdfReportInput& in, QPdfWriter& writer)
        : m_in(in)
        , m_writer(writer)
    {
        m_page = QRectF(0, 0, writer.width(), writer.height());
        m_margin = kDpi * 0.55;
        m_body = m_page.adjusted(m_margin, m_margin + kDpi * 0.45, -m_margin, -m_margin - kDpi * 0.3);
        m_font = QFont(QStringLiteral("DejaVu Sans"));
        m_font.setPointSizeF(9);
    }

    Status render()
    {
        layoutWorst();
        m_totalPages = 2 + std::max<int>(1, int(m_worstPages.size()));
        QPainter p;
        if (!p.begin(&m_writer))
            return makeError(ErrorKind::Internal, tr("could not start the PDF"));
        p.setFont(m_font);
        pageOne(p);
        newPage(p);
        pageTwo(p);
        newPage(p);
        worstPages(p);
        p.end();
        return Ok {};
    }
    const QList<ChartLabels>& chartLabels() const { return m_chartLabels; }

private:
    QFont font(double points, bool bold = false) const
    {
        QFont f = m_font;
        f.setPointSizeF(points);
        f.setBold(bold);
        return f;
    }
    double lineHeight(const QFont& f) const { return QFontMetricsF(f, &m_writer).height(); }

    void newPage(QPainter&)
    {
        m_writer.newPage();
        ++m_pageNo;
    }

    void chrome(QPainter& p)
    {
        p.save();
        const QString title = m_in.title.isEmpty() ? tr("Support quality report") : m_in.title;
        const QueryRange r = range();
        p.setFont(font(9, true));
        p.setPen(kAccent);
        const QRectF head(m_margin, m_margin, m_page.width() - 2 * m_margin, lineHeight(font(9)) * 1.2);
        p.drawText(head, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("CX Pilot · ") + title);
        p.setFont(font(9));
        p.setPen(kMuted);
        p.drawText(head, Qt::AlignRight | Qt::AlignVCenter, r.text);
        p.setPen(QPen(kAccent, kDpi / 72.0));
        p.drawLine(QPointF(head.left(), head.bottom() + 4), QPointF(head.right(), head.bottom() + 4));
        const double fy = m_page.height() - m_margin;
        p.setPen(QPen(QColor(0xdd, 0xdd, 0xdd), kDpi / 144.0));
        p.drawLine(QPointF(head.left(), fy - lineHeight(font(8)) * 1.3),
            QPointF(head.right(), fy - lineHeight(font(8)) * 1.3));
        p.setFont(font(8));
        p.setPen(kMuted);
        const QRectF foot(
            head.left(), fy - lineHeight(font(8)) * 1.2, head.width(), lineHeight(font(8)) * 1.2);
        p.drawText(
            foot, Qt::AlignHCenter | Qt::AlignVCenter, tr("Page %1 of %2").arg(m_pageNo).arg(m_totalPages));
        if (m_in.generatedAt.isValid())
            p.drawText(foot, Qt::AlignLeft | Qt::AlignVCenter,
                tr("Generated %1 UTC")
                    .arg(m_in.generatedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
        p.drawText(foot, Qt::AlignRight | Qt::AlignVCenter, filters());
        p.restore();
    }

    struct QueryRange {
        QString text;
    };
    QueryRange range() const
    {
        const auto& q = m_in.report.query;
        const QDateTime from = q.from.toUTC();
        const QDateTime lastIncluded = q.to.toUTC().addMSecs(-1);
        const bool wholeDays = from.time() == QTime(0, 0) && q.to.toUTC().time() == QTime(0, 0);
        if (wholeDays)
            return { tr("%1 – %2 (UTC)")
                         .arg(QLocale().toString(from.date(), QStringLiteral("d MMM yyyy")),
                             QLocale().toString(lastIncluded.date(), QStringLiteral("d MMM yyyy"))) };
        return { tr("%1 – %2 (UTC)")
                     .arg(QLocale().toString(from, QStringLiteral("d MMM yyyy HH:mm")),
                         QLocale().toString(q.to.toUTC(), QStringLiteral("d MMM yyyy HH:mm"))) };
    }
    QString filters() const
    {
        const auto& q = m_in.report.query;
        QStringList parts;
        parts << (q.inboxId ? tr("inbox %1").arg(*q.inboxId) : tr("all inboxes"));
        if (!q.reviewer.isEmpty())
            parts << tr("reviewer %1").arg(q.reviewer);
        parts << tr("SLA %1 min").arg(q.slaMinutes);
        return parts.join(QStringLiteral(" · "));
    }

    double heading(QPainter& p, double y, const QString& text)
    {
        p.setFont(font(12, true));
        p.setPen(kInk);
        const double h = lineHeight(font(12, true));
        p.drawText(QRectF(m_body.left(), y, m_body.width(), h), Qt::AlignLeft | Qt::AlignVCenter, text);
        return y + h * 1.35;
    }

    // Inside a tile: the caption, the value under it, the note (wrapped) under the value — top-down, so a
    // long note (the volume's breakdown and source: three lines) never crowds the value.
    QRectF tileInner(const QRectF& r) const
    {
        const double pad = kDpi * 0.12;
        return r.adjusted(pad + kDpi * 0.05, pad * 0.7, -pad, -pad * 0.7);
    }
    double tileValueTop(const QRectF& inner) const { return inner.top() + lineHeight(font(8)) * 1.7; }
    double tileNoteTop(const QRectF& inner) const
    {
        return tileValueTop(inner) + lineHeight(font(17, true)) * 1.2;
    }
    double tileNoteHeight(double width, const QString& note) const
    {
        return QFontMetricsF(font(7), &m_writer)
            .boundingRect(QRectF(0, 0, width, kDpi * 10), Qt::AlignLeft | Qt::TextWordWrap, note)
            .height();
    }

    void tile(QPainter& p, const QRectF& r, const QString& label, const QString& value, const QString& note,
        const QColor& accent)
    {
        p.save();
        p.setPen(Qt::NoPen);
        p.setBrush(kTileBg);
        p.drawRoundedRect(r, kDpi * 0.06, kDpi * 0.06);
        p.fillRect(QRectF(r.left(), r.top(), kDpi * 0.05, r.height()), accent);
        const QRectF inner = tileInner(r);
        p.setFont(font(8));
        p.setPen(kMuted);
        p.drawText(inner, Qt::AlignLeft | Qt::AlignTop, label);
        p.setFont(font(17, true));
        p.setPen(kInk);
        const double valueTop = tileValueTop(inner);
        p.drawText(QRectF(inner.left(), valueTop, inner.width(), lineHeight(font(17, true))),
            Qt::AlignLeft | Qt::AlignVCenter, value);
        p.setFont(font(7));
        p.setPen(kMuted);
        // The note wraps inside the tile, never into its neighbour; the tiles are as tall as the longest.
        const double noteTop = tileNoteTop(inner);
        p.drawText(QRectF(inner.left(), noteTop, inner.width(), inner.bottom() - noteTop),
            Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, note);
        p.restore();
    }

    void pageOne(QPainter& p)
    {
        chrome(p);
        const QualityReport& r = m_in.report;
        const Tally& t = r.totals;
        double y = m_body.top();
        p.setFont(font(18, true));
        p.setPen(kInk);
        const QString title = m_in.title.isEmpty() ? tr("Support quality report") : m_in.title;
        p.drawText(
            QRectF(m_body.left(), y, m_body.width(), lineHeight(font(18, true))), Qt::AlignLeft, title);
        y += lineHeight(font(18, true));
        p.setFont(font(10));
        p.setPen(kMuted);
        const QString sub = (m_in.subtitle.isEmpty() ? QString() : m_in.subtitle + QStringLiteral(" · "))
            + range().text + QStringLiteral(" · ") + filters();
        p.drawText(QRectF(m_body.left(), y, m_body.width(), lineHeight(font(10))), Qt::AlignLeft, sub);
        y += lineHeight(font(10)) * 1.8;

        if (!r.hasData()) {
            p.setFont(font(11));
            p.setPen(kInk);
            p.drawText(QRectF(m_body.left(), y, m_body.width(), lineHeight(font(11)) * 2), Qt::AlignLeft,
                tr("No reviewed replies in this range: there is nothing to measure yet."));
            y += lineHeight(font(11)) * 2.5;
        }

        // Tiles: 4 x 2.
        const SlaBadge badge = slaBadge(t.slaCompliancePct(), m_in.targets);
        const double gap = kDpi * 0.12;
        const double tw = (m_body.width() - 3 * gap) / 4;
        // The same figures, wording and formatting as the dashboard, the summary CSV and the CLI.
        const QList<Figure> figures { Figure::Replies, Figure::AiDrafted, Figure::Overall, Figure::Sla,
            Figure::FirstResponse, Figure::ApprovalTime, Figure::ApprovalRate, Figure::EditRatio };
        struct T {
            QString label, value, note;
            QColor accent;
        };
        QList<T> tiles;
        for (Figure f : figures) {
            const ShownFigure shown = shownFigure(f, r, m_in.targets);
            tiles.append(
                { shown.label, shown.value, shown.note, f == Figure::Sla ? badgeColor(badge) : kAccent });
        }
        // As tall as the caption, the value and the longest note need (at least 1 in).
        const QRectF probe = tileInner(QRectF(0, 0, tw, kDpi * 10));
        double noteHeight = 0;
        for (const T& t : std::as_const(tiles))
            noteHeight = std::max(noteHeight, tileNoteHeight(probe.width(), t.note));
        const double th = std::max(kDpi * 1.0, tileNoteTop(probe) + noteHeight + probe.top() * 1.5);
        for (int i = 0; i < tiles.size(); ++i) {
            const QRectF rect(m_body.left() + (i % 4) * (tw + gap), y + (i / 4) * (th + gap), tw, th);
            tile(p, rect, tiles[i].label, tiles[i].value, tiles[i].note, tiles[i].accent);
        }
        y += 2 * th + gap + kDpi * 0.35;

        // Targets table.
        y = heading(p, y, tr("North Star targets"));
        const QList<TargetCheck> checks = checkTargets(r, m_in.targets, m_in.minSample);
        const QList<double> cols { 0.40, 0.16, 0.16, 0.12, 0.16 };
        const QStringList head { tr("Target"), tr("Actual"), tr("Goal"), tr("n"), tr("Status") };
        const double rh = lineHeight(font(9)) * 1.55;
        auto row = [&](const QStringList& cells, bool bold, const QColor& statusBg, bool shade) {
            if (shade)
                p.fillRect(QRectF(m_body.left(), y, m_body.width(), rh), QColor(0xf7, 0xf7, 0xf7));
            double x = m_body.left();
            for (int c = 0; c < cells.size(); ++c) {
                const double w = cols[c] * m_body.width();
                QRectF cell(x + kDpi * 0.06, y, w - kDpi * 0.12, rh);
                if (c == cells.size() - 1 && statusBg.isValid()) {
                    const QRectF pill(cell.left(), y + rh * 0.15, w * 0.85, rh * 0.7);
                    p.setPen(Qt::NoPen);
                    p.setBrush(statusBg);
                    p.drawRoundedRect(pill, rh * 0.3, rh * 0.3);
                    p.setPen(Qt::white);
                    p.setFont(font(8, true));
                    p.drawText(pill, Qt::AlignCenter, cells[c]);
                } else {
                    p.setPen(bold ? kMuted : kInk);
                    p.setFont(font(9, bold));
                    p.drawText(cell, (c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, cells[c]);
                }
                x += w;
            }
            y += rh;
        };
        row(head, true, QColor(), false);
        p.setPen(QPen(QColor(0xcc, 0xcc, 0xcc), 1));
        p.drawLine(QPointF(m_body.left(), y), QPointF(m_body.right(), y));
        int i = 0;
        for (const TargetCheck& c : checks) {
            const QString goal
                = (c.atMost ? QStringLiteral("≤ ") : QStringLiteral("≥ ")) + targetValue(c.metric, c.target);
            row({ targetMetricLabel(c.metric), targetValue(c.metric, c.actual), goal,
                    localNumber(qint64(c.sampleSize)), targetStatusLabel(c.status) },
                false, statusColor(c.status), (i++ % 2) == 1);
        }
        row({ tr("SLA compliance (badge)"), number(t.slaCompliancePct(), 1, QStringLiteral(" %")),
                tr("≥ %1 % green").arg(localNumber(m_in.targets.slaGreenPct, 0)),
                localNumber(qint64(t.slaMeasured())), slaBadgeLabel(badge) },
            false, badgeColor(badge), (i++ % 2) == 1);
        y += kDpi * 0.3;

        // Rejection reasons.
        y = heading(p, y, tr("Top rejection reasons"));
        p.setFont(font(9));
        if (r.rejectionReasons.isEmpty()) {
            p.setPen(kMuted);
            p.drawText(QRectF(m_body.left(), y, m_body.width(), rh), Qt::AlignLeft | Qt::AlignVCenter,
                tr("No rejected drafts with a reason in this range."));
            return;
        }
        const qint64 maxCount = r.rejectionReasons.front().count;
        for (const ReasonCount& rc : r.rejectionReasons) {
            if (y + rh > m_body.bottom())
                break;
            const double labelW = m_body.width() * 0.45;
            p.setPen(kInk);
            p.drawText(QRectF(m_body.left(), y, labelW - kDpi * 0.1, rh), Qt::AlignLeft | Qt::AlignVCenter,
                QFontMetricsF(font(9), &m_writer).elidedText(rc.reason, Qt::ElideRight, labelW - kDpi * 0.1));
            const double barW
                = (m_body.width() * 0.45) * double(rc.count) / double(std::max<qint64>(1, maxCount));
            p.fillRect(
                QRectF(m_body.left() + labelW, y + rh * 0.2, barW, rh * 0.6), QColor(0xef, 0x9a, 0x9a));
            p.drawText(QRectF(m_body.left() + labelW + barW + kDpi * 0.06, y, kDpi, rh),
                Qt::AlignLeft | Qt::AlignVCenter, localNumber(qint64(rc.count)));
            y += rh;
        }
    }

    void pageTwo(QPainter& p)
    {
        chrome(p);
        const QualityReport& r = m_in.report;
        double y = heading(p, m_body.top(), tr("Trends and distributions"));
        QStringList days;
        ChartSeries tone { tr("Tone"), kTone, {} }, accuracy { tr("Accuracy"), kAccuracy, {} },
            policy { tr("Policy"), kPolicy, {} }, sla { tr("SLA"), kAccent, {} };
        QList<QColor> slaColors;
        for (const DailyPoint& d : r.daily) {
            days << QLocale().toString(d.day, QStringLiteral("d MMM"));
            tone.values << d.tally.averageTone();
            accuracy.values << d.tally.averageAccuracy();
            policy.values << d.tally.averagePolicy();
            sla.values << d.tally.slaCompliancePct();
            slaColors << badgeColor(slaBadge(d.tally.slaCompliancePct(), m_in.targets));
        }
        const double gap = kDpi * 0.3;
        const double h = (m_body.bottom() - y - 2 * gap) / 3;
        ChartFrame grades {
            tr("Average grades per day (1–5)"), days, 1, 5, 4, {},
            { { m_in.targets.policy, kPolicy.lighter(140), tr("policy target %1").arg(m_in.targets.policy) } }
        };
        m_chartLabels << drawLineChart(
            p, QRectF(m_body.left(), y, m_body.width(), h), grades, { tone, accuracy, policy });
        y += h + gap;
        ChartFrame slaFrame {
            tr("SLA compliance per day (first reply within %1 min)").arg(r.query.slaMinutes), days, 0, 100, 4,
            QStringLiteral("%"),
            { { m_in.targets.slaGreenPct, kGreen, tr("green %1 %").arg(m_in.targets.slaGreenPct) },
                { m_in.targets.slaYellowPct, kYellow, tr("yellow %1 %").arg(m_in.targets.slaYellowPct) } }
        };
        m_chartLabels << drawBarChart(
            p, QRectF(m_body.left(), y, m_body.width(), h), slaFrame, sla, slaColors);
        y += h + gap;

        const double w = (m_body.width() - gap) / 2;
        ChartSeries ratio { tr("Replies"), QColor(0x5c, 0x6b, 0xc0), {} };
        QStringList ratioLabels;
        double ratioMax = 1;
        for (int b = 0; b < kEditRatioBuckets; ++b) {
            ratioLabels << (b == 0 ? QStringLiteral("0") : localNumber(b / 10.0, 1));
            ratio.values << double(r.totals.editRatioHistogram[std::size_t(b)]);
            ratioMax = std::max(ratioMax, double(r.totals.editRatioHistogram[std::size_t(b)]));
        }
        m_chartLabels << drawBarChart(p, QRectF(m_body.left(), y, w, h),
            countFrame(tr("Edit ratio (share of the draft changed)"), ratioLabels, ratioMax), ratio, {},
            true);
        ChartSeries appr { tr("Approvals"), QColor(0x00, 0x83, 0x8f), {} };
        QStringList apprLabels;
        double apprMax = 1;
        for (int b = 0; b < kApprovalBuckets; ++b) {
            // Bucket upper bounds, like the edit-ratio axis and the dashboard: short enough that every bar
            // keeps its label (the longer "15–30m" labels were thinned out).
            static const char* const shortLabels[] = { "1m", "5m", "15m", "30m", "1h", "4h", ">4h" };
            apprLabels << tr(shortLabels[b]);
            appr.values << double(r.totals.approvalHistogram[std::size_t(b)]);
            apprMax = std::max(apprMax, double(r.totals.approvalHistogram[std::size_t(b)]));
        }
        m_chartLabels << drawBarChart(p, QRectF(m_body.left() + w + gap, y, w, h),
            countFrame(tr("Approval time (draft ready → approved)"), apprLabels, apprMax), appr, {}, true);
    }

    static ChartFrame countFrame(const QString& title, const QStringList& labels, double maxCount)
    {
        const double top = niceMax(maxCount);
        ChartFrame f { title, labels, 0, top, int(top) % 5 == 0 ? 5 : 4, {}, {}, 0 };
        return f;
    }

    static double niceMax(double v)
    {
        const double padded = v * 1.15;
        const double mag = std::pow(10.0, std::floor(std::log10(std::max(1.0, padded))));
        for (double m : { 1.0, 2.0, 2.5, 5.0, 10.0 })
            if (m * mag >= padded)
                return std::max(4.0, m * mag);
        return padded;
    }

    // Worst replies: blocks of (header line, draft | final) laid out ahead to know the page count.
    struct Block {
        const GradedReply* reply;
        double height;
    };
    QString draftText(const GradedReply& g) const { return elide(g.draft, 900); }
    QString finalText(const GradedReply& g) const
    {
        if (!g.final.trimmed().isEmpty())
            return elide(g.final, 900);
        return g.approved ? QString()
                          : tr("(not sent — rejected%1)")
                                .arg(g.rejectionReason.trimmed().isEmpty()
                                        ? QString()
                                        : QStringLiteral(": ") + g.rejectionReason.trimmed());
    }
    double columnWidth() const { return (m_body.width() - kDpi * 0.2) / 2; }
    // One box of a worst reply (draft or sent text): its width, and the width its text wraps in — the same
    // for measuring and for drawing, so the box holds its last line.
    double boxWidth() const { return columnWidth() - kDpi * 0.08; }
    double boxTextWidth() const { return boxWidth() - kDpi * 0.16; }
    double textHeight(const QString& text) const
    {
        return QFontMetricsF(font(8.5), &m_writer)
            .boundingRect(QRectF(0, 0, boxTextWidth(), 1e6), Qt::TextWordWrap, text)
            .height();
    }
    // One line that must stay inside the page: cut with "…" to the width left of `x`.
    QString fitLine(const QString& text, const QFont& f, double x) const
    {
        return QFontMetricsF(f, &m_writer).elidedText(text, Qt::ElideRight, m_body.right() - x);
    }
    void layoutWorst()
    {
        const double head
            = lineHeight(font(9, true)) * 1.5 + lineHeight(font(8)) * 1.4 + lineHeight(font(6.5, true));
        double used = lineHeight(font(12, true)) * 1.35 * 2;
        QList<Block> page;
        for (const GradedReply& g : m_in.worst) {
            const double h
                = head + std::max(textHeight(draftText(g)), textHeight(finalText(g))) + kDpi * 0.35;
            if (!page.isEmpty() && used + h > m_body.height()) {
                m_worstPages.append(page);
                page.clear();
                used = lineHeight(font(12, true)) * 1.35;
            }
            page.append({ &g, std::min(h, m_body.height() - used) });
            used += h;
        }
        if (!page.isEmpty())
            m_worstPages.append(page);
    }
    void worstPages(QPainter& p)
    {
        chrome(p);
        double y = heading(p, m_body.top(), tr("Worst-graded replies"));
        p.setFont(font(9));
        p.setPen(kMuted);
        const double lh = lineHeight(font(9));
        p.drawText(QRectF(m_body.left(), y - lh * 0.3, m_body.width(), lh), Qt::AlignLeft,
            tr("Lowest tone + accuracy + policy first. Left: the AI draft; right: what was sent."));
        y += lh * 1.4;
        if (m_worstPages.isEmpty()) {
            p.drawText(QRectF(m_body.left(), y, m_body.width(), lh * 2), Qt::AlignLeft,
                tr("No reviewed replies in this range."));
            return;
        }
        for (int pi = 0; pi < m_worstPages.size(); ++pi) {
            if (pi > 0) {
                newPage(p);
                chrome(p);
                y = heading(p, m_body.top(), tr("Worst-graded replies (continued)"));
            }
            for (const Block& b : m_worstPages[pi])
                y = worstBlock(p, y, *b.reply, b.height);
        }
    }
    double worstBlock(QPainter& p, double y, const GradedReply& g, double height)
    {
        const double lh = lineHeight(font(9, true));
        const int worstAxis = std::min({ g.tone, g.accuracy, g.policy });
        const QColor c = worstAxis <= 2 ? kRed : worstAxis == 3 ? kYellow : kGreen;
        p.fillRect(QRectF(m_body.left(), y, kDpi * 0.05, height - kDpi * 0.2), c);
        const double x = m_body.left() + kDpi * 0.15;
        p.setFont(font(9, true));
        p.setPen(kInk);
        p.drawText(QRectF(x, y, m_body.right() - x, lh * 1.2), Qt::AlignLeft | Qt::AlignVCenter,
            fitLine(tr("%1 — tone %2 · accuracy %3 · policy %4")
                        .arg(g.customerName.trimmed().isEmpty()
                                ? tr("Conversation %1").arg(g.conversationId)
                                : tr("%1 (conversation %2)").arg(g.customerName.trimmed(), g.conversationId))
                        .arg(g.tone)
                        .arg(g.accuracy)
                        .arg(g.policy),
                font(9, true), x));
        y += lh * 1.3;
        p.setFont(font(8));
        p.setPen(kMuted);
        const QString status = g.approved ? tr("approved") : tr("rejected");
        // A long reason is cut with "…" inside the page (the sent-reply box shows it whole, wrapped).
        p.drawText(QRectF(x, y, m_body.right() - x, lineHeight(font(8)) * 1.2),
            Qt::AlignLeft | Qt::AlignVCenter,
            fitLine(tr("%1 by %2 on %3 UTC%4")
                        .arg(status, g.gradedBy,
                            QLocale().toString(g.gradedAt.toUTC(), QStringLiteral("d MMM yyyy HH:mm")),
                            g.rejectionReason.trimmed().isEmpty()
                                ? QString()
                                : tr(" · reason: %1").arg(g.rejectionReason.trimmed())),
                font(8), x));
        y += lineHeight(font(8)) * 1.4;
        const double cw = boxWidth();
        const double labelH = lineHeight(font(6.5, true));
        const double textH = height - (lh * 1.3 + lineHeight(font(8)) * 1.4 + labelH) - kDpi * 0.35;
        const QStringList texts { draftText(g), finalText(g) };
        const QStringList labels { tr("AI DRAFT"), tr("SENT REPLY") };
        for (int i = 0; i < 2; ++i) {
            const QRectF box(x + i * (cw + kDpi * 0.1), y, cw, labelH + textH + kDpi * 0.1);
            p.fillRect(box, i == 0 ? QColor(0xfb, 0xf3, 0xf3) : QColor(0xf1, 0xf8, 0xf2));
            p.setFont(font(6.5, true));
            p.setPen(kMuted);
            p.drawText(box.adjusted(kDpi * 0.08, kDpi * 0.03, -kDpi * 0.08, 0), Qt::AlignLeft | Qt::AlignTop,
                labels[i]);
            p.setFont(font(8.5));
            p.setPen(kInk);
            p.drawText(
                QRectF(box.left() + kDpi * 0.08, box.top() + labelH + kDpi * 0.05, boxTextWidth(), textH),
                Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, texts[i]);
        }
        return y + labelH + textH + kDpi * 0.35;
    }

    const PdfReportInput& m_in;
    QPdfWriter& m_writer;
    QRectF m_page, m_body;
    double m_margin = 0;
    QFont m_font;
    int m_pageNo = 1;
    int m_totalPages = 3;
    QList<QList<Block>> m_worstPages;
    QList<ChartLabels> m_chartLabels; // every chart's labels, as drawn
};
} // namespace

Status writePdfReport(const PdfReportInput& input, const QString& path, QList<ChartLabels>* chartLabels)
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return makeError(ErrorKind::Unavailable,
            tr("the PDF report needs a QGuiApplication (the offscreen platform is enough)"));
    // Rendered in memory, then written atomically: a bad path is reported as such (not as "QPainter::begin():
    // Returned false"), and a failure leaves no half-written PDF behind.
    QSaveFile file(path);
    if (!QFileInfo(path).absoluteDir().exists())
        return makeError(ErrorKind::Invalid,
            tr("cannot write %1: the folder %2 does not exist").arg(path, QFileInfo(path).absolutePath()),
            QStringLiteral("out"));
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Invalid, tr("cannot write %1: %2").arg(path, file.errorString()),
            QStringLiteral("out"));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    writer.setTitle(input.title.isEmpty() ? tr("Support quality report") : input.title);
    writer.setCreator(QStringLiteral("CX Pilot"));
    Renderer renderer(input, writer);
    if (Status rendered = renderer.render(); !rendered)
        return rendered;
    if (chartLabels)
        *chartLabels = renderer.chartLabels();
    if (file.write(buffer.data()) != buffer.size() || !file.commit())
        return makeError(ErrorKind::Unavailable, tr("cannot write %1: %2").arg(path, file.errorString()),
            QStringLiteral("out"));
    return Ok {};
}

} // namespace cx::reports
