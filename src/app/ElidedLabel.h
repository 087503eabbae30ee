#pragma once

#include <QLabel>
#include <QPainter>

#include <algorithm>

namespace cx::gui {

// A one-line label that elides (…) instead of cutting a long name off; text() keeps the full text.
class ElidedLabel final : public QLabel {
public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override { return { 0, QLabel::minimumSizeHint().height() }; }
    // A long name never widens its layout: it is elided instead.
    QSize sizeHint() const override
    {
        return { std::min(QLabel::sizeHint().width(), fontMetrics().averageCharWidth() * 30),
            QLabel::sizeHint().height() };
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setPen(palette().color(foregroundRole()));
        painter.setFont(font());
        const QRect r = contentsRect();
        painter.drawText(
            r, Qt::AlignLeft | Qt::AlignVCenter, fontMetrics().elidedText(text(), Qt::ElideRight, r.width()));
    }
};

} // namespace cx::gui
