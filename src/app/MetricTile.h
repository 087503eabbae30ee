#pragma once

#include <QColor>
#include <QFrame>

class QLabel;

namespace cx::gui {

// One key figure on the dashboard: a caption, a big value ("—" without data) and an optional coloured
// badge (target met / SLA colour) and a note under the value (metrics::ShownFigure::note). Child object
// names: <name>Value, <name>Badge, <name>Note.
class MetricTile final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricTile)
public:
    MetricTile(const QString& name, const QString& caption, QWidget* parent = nullptr);

    void setValue(const QString& text, const QString& note = {});
    void setBadge(const QString& text, const QColor& colour, const QString& toolTip = {});
    void clearBadge();

    QString valueText() const;
    QString noteText() const;
    QString badgeText() const; // empty when no badge is shown
    QColor badgeColour() const { return m_badgeColour; }

    static QColor green() { return QColor(0x2e, 0x7d, 0x32); }
    static QColor yellow() { return QColor(0xb2, 0x6a, 0x00); }
    static QColor red() { return QColor(0xc6, 0x28, 0x28); }
    static QColor grey() { return QColor(0x61, 0x61, 0x61); }

private:
    QLabel* m_caption = nullptr;
    QLabel* m_value = nullptr;
    QLabel* m_badge = nullptr;
    QLabel* m_note = nullptr;
    QColor m_badgeColour;
};

} // namespace cx::gui
