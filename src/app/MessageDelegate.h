#pragma once

#include <QHash>
#include <QStyledItemDelegate>

class QAbstractItemView;

namespace cx::gui {

// Paints a ThreadMessageModel row as a chat bubble: customer on the left, replies and notes on the right,
// private notes tinted amber with a "Private note" header, CX Pilot's own draft notes tinted violet with a
// dashed border, activity lines centred. Colours are translucent over the palette's base, so light and dark
// palettes both read. Heights are cached per message and view width (500 messages lay out in milliseconds).
class MessageDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageDelegate)
public:
    explicit MessageDelegate(QAbstractItemView* view);

    void paint(
        QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void clearCache() { m_heights.clear(); }

private:
    struct Geometry;
    Geometry layout(const QStyleOptionViewItem& option, const QModelIndex& index, int width) const;
    int viewWidth() const;

    QAbstractItemView* m_view;
    mutable QHash<qint64, int> m_heights;
    mutable int m_cachedWidth = -1;
};

} // namespace cx::gui
