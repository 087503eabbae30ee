#include "MessageDelegate.h"

#include "ThreadMessageModel.h"
#include "UiColours.h"

#include <QAbstractItemView>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

#include <algorithm>

namespace cx::gui {

namespace {

constexpr int kPad = 8; // inside a bubble
constexpr int kGap = 4; // between messages, above and below
constexpr int kSide = 10; // from the view's edges
constexpr double kMaxBubbleShare = 0.78;

// Lays out `text` wrapped to `width` (words, or anywhere for a long URL); returns the size used.
QSizeF layoutText(QTextLayout& layout, int width)
{
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    qreal height = 0;
    qreal used = 0;
    const qreal leading = QFontMetricsF(layout.font()).leading();
    while (true) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        height += leading;
        line.setPosition(QPointF(0, height));
        height += line.height();
        used = std::max(used, line.naturalTextWidth());
    }
    layout.endLayout();
    return { used, height };
}

QString timeText(const QDateTime& utc)
{
    if (!utc.isValid())
        return {};
    const QDateTime local = utc.toLocalTime();
    const QString time = local.time().toString(QStringLiteral("HH:mm"));
    if (local.date() == QDate::currentDate())
        return time;
    return QLocale().toString(local.date(), QLocale::ShortFormat) + QLatin1Char(' ') + time;
}

QString attachmentLine(const QString& attachment)
{
    return MessageDelegate::tr("Attachment: %1").arg(attachment);
}

QString kindLabel(MessageKind kind)
{
    switch (kind) {
    case MessageKind::PrivateNote:
        return MessageDelegate::tr("Private note");
    case MessageKind::OwnDraftNote:
        return MessageDelegate::tr("CX Pilot draft · private note");
    default:
        return {};
    }
}

QColor tint(MessageKind kind, const QPalette& palette)
{
    switch (kind) {
    case MessageKind::Customer: {
        QColor c = palette.color(QPalette::Text);
        c.setAlpha(22);
        return c;
    }
    case MessageKind::Agent: {
        QColor c = palette.color(QPalette::Highlight);
        c.setAlpha(60);
        return c;
    }
    case MessageKind::PrivateNote:
        return noteTint(false);
    case MessageKind::OwnDraftNote:
        return noteTint(true);
    case MessageKind::Activity:
        break;
    }
    return Qt::transparent;
}

QColor accent(MessageKind kind, const QPalette& palette)
{
    return noteAccent(kind == MessageKind::OwnDraftNote, palette);
}

} // namespace

struct MessageDelegate::Geometry {
    MessageKind kind = MessageKind::Customer;
    QString header;
    QString body;
    QStringList attachments;
    QRect bubble;
    QFont headerFont;
    QFont bodyFont;
    int headerHeight = 0;
    int bodyHeight = 0;
    int attachmentLineHeight = 0;
    int textWidth = 0;
    int height = 0;
};

MessageDelegate::MessageDelegate(QAbstractItemView* view)
    : QStyledItemDelegate(view)
    , m_view(view)
{
}

int MessageDelegate::viewWidth() const
{
    return std::max(120, m_view->viewport()->width());
}

MessageDelegate::Geometry MessageDelegate::layout(
    const QStyleOptionViewItem& option, const QModelIndex& index, int width) const
{
    Geometry g;
    g.kind = MessageKind(index.data(ThreadMessageModel::KindRole).toInt());
    g.body = index.data(ThreadMessageModel::ContentRole).toString();
    g.attachments = index.data(ThreadMessageModel::AttachmentsRole).toStringList();
    g.bodyFont = option.font;
    g.headerFont = option.font;
    g.headerFont.setPointSizeF(option.font.pointSizeF() * 0.9);
    g.headerFont.setBold(true);

    if (g.kind == MessageKind::Activity) {
        g.bodyFont.setItalic(true);
        g.bodyFont.setPointSizeF(option.font.pointSizeF() * 0.9);
        QTextLayout text(g.body, g.bodyFont);
        const QSizeF size = layoutText(text, width - 2 * kSide);
        g.bodyHeight = int(std::ceil(size.height()));
        g.textWidth = int(std::ceil(size.width()));
        g.bubble = QRect((width - g.textWidth) / 2, kGap, g.textWidth, g.bodyHeight);
        g.height = g.bodyHeight + 2 * kGap;
        return g;
    }

    QStringList headerParts;
    const QString sender = index.data(ThreadMessageModel::SenderRole).toString();
    if (!sender.isEmpty())
        headerParts << sender;
    const QString kind = kindLabel(g.kind);
    if (!kind.isEmpty())
        headerParts << kind;
    const QString time = timeText(index.data(ThreadMessageModel::CreatedAtRole).toDateTime());
    if (!time.isEmpty())
        headerParts << time;
    g.header = headerParts.join(QStringLiteral(" · "));

    const int maxText = std::max(60, int(width * kMaxBubbleShare) - 2 * kPad);
    const QFontMetrics headerMetrics(g.headerFont);
    g.headerHeight = headerMetrics.height();
    int textWidth = std::min(maxText, headerMetrics.horizontalAdvance(g.header) + 2); // + rounding slack
    if (!g.body.isEmpty()) {
        QTextLayout text(g.body, g.bodyFont);
        const QSizeF size = layoutText(text, maxText);
        g.bodyHeight = int(std::ceil(size.height()));
        textWidth = std::max(textWidth, int(std::ceil(size.width())));
    }
    const QFontMetrics bodyMetrics(g.bodyFont);
    g.attachmentLineHeight = bodyMetrics.height();
    for (const QString& a : std::as_const(g.attachments))
        textWidth = std::max(textWidth, std::min(maxText, bodyMetrics.horizontalAdvance(attachmentLine(a))));
    g.textWidth = textWidth;

    const int inner = g.headerHeight + 3 + g.bodyHeight + int(g.attachments.size()) * g.attachmentLineHeight
        + (g.attachments.isEmpty() ? 0 : 3);
    const int bubbleWidth = textWidth + 2 * kPad;
    const bool right = g.kind != MessageKind::Customer;
    const int x = right ? width - kSide - bubbleWidth : kSide;
    g.bubble = QRect(x, kGap, bubbleWidth, inner + 2 * kPad);
    g.height = g.bubble.height() + 2 * kGap;
    return g;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const int width = viewWidth();
    if (width != m_cachedWidth) {
        m_heights.clear();
        m_cachedWidth = width;
    }
    const qint64 id = index.data(ThreadMessageModel::MessageIdRole).toLongLong();
    auto it = m_heights.constFind(id);
    if (it == m_heights.constEnd())
        it = m_heights.insert(id, layout(option, index, width).height);
    return { width, it.value() };
}

void MessageDelegate::paint(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const Geometry g = layout(option, index, option.rect.width());
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->translate(option.rect.topLeft());
    const QPalette& pal = option.palette;

    if (g.kind == MessageKind::Activity) {
        painter->setFont(g.bodyFont);
        painter->setPen(pal.color(QPalette::PlaceholderText));
        QTextLayout text(g.body, g.bodyFont);
        layoutText(text, option.rect.width() - 2 * kSide);
        text.draw(painter, QPointF(g.bubble.left(), g.bubble.top()));
        painter->restore();
        return;
    }

    QPainterPath path;
    path.addRoundedRect(QRectF(g.bubble).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    painter->fillPath(path, pal.color(QPalette::Base));
    painter->fillPath(path, tint(g.kind, pal));
    if (g.kind == MessageKind::PrivateNote || g.kind == MessageKind::OwnDraftNote) {
        QPen pen(accent(g.kind, pal), 1.5);
        if (g.kind == MessageKind::OwnDraftNote)
            pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->drawPath(path);
    }

    int y = g.bubble.top() + kPad;
    const int x = g.bubble.left() + kPad;
    painter->setFont(g.headerFont);
    QColor headerColor = pal.color(QPalette::Text);
    if (g.kind == MessageKind::PrivateNote || g.kind == MessageKind::OwnDraftNote)
        headerColor = accent(g.kind, pal);
    else
        headerColor.setAlphaF(0.7f);
    painter->setPen(headerColor);
    painter->drawText(QRect(x, y, g.textWidth, g.headerHeight), Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(g.headerFont).elidedText(g.header, Qt::ElideRight, g.textWidth));
    y += g.headerHeight + 3;

    painter->setPen(pal.color(QPalette::Text));
    if (!g.body.isEmpty()) {
        QTextLayout text(g.body, g.bodyFont);
        layoutText(text, g.textWidth);
        text.draw(painter, QPointF(x, y));
        y += g.bodyHeight;
    }
    if (!g.attachments.isEmpty()) {
        y += 3;
        painter->setFont(g.bodyFont);
        const QFontMetrics fm(g.bodyFont);
        for (const QString& a : g.attachments) {
            painter->drawText(QRect(x, y, g.textWidth, g.attachmentLineHeight),
                Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(attachmentLine(a), Qt::ElideMiddle, g.textWidth));
            y += g.attachmentLineHeight;
        }
    }
    painter->restore();
}

} // namespace cx::gui
