#include "MetricTile.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace cx::gui {

MetricTile::MetricTile(const QString& name, const QString& caption, QWidget* parent)
    : QFrame(parent)
{
    setObjectName(name);
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred); // a row of tiles shares one height
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(2);
    m_caption = new QLabel(caption, this);
    m_caption->setObjectName(name + QStringLiteral("Caption"));
    m_caption->setWordWrap(true);
    QFont small = m_caption->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_caption->setFont(small);
    m_caption->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_caption);

    auto* row = new QHBoxLayout;
    row->setSpacing(8);
    m_value = new QLabel(QStringLiteral("—"), this);
    m_value->setObjectName(name + QStringLiteral("Value"));
    m_value->setAccessibleName(caption);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_value->setFont(big);
    row->addWidget(m_value);
    m_badge = new QLabel(this);
    m_badge->setObjectName(name + QStringLiteral("Badge"));
    m_badge->hide();
    row->addWidget(m_badge, 0, Qt::AlignVCenter);
    row->addStretch(1);
    layout->addLayout(row);
    m_note = new QLabel(this);
    m_note->setObjectName(name + QStringLiteral("Note"));
    m_note->setWordWrap(true);
    m_note->setFont(small);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->hide();
    layout->addWidget(m_note);
    // At least 150 px wide, and never narrower than the value beside its badge: a narrow dashboard reflows
    // or scrolls rather than clipping a figure. (A setMinimumWidth() would override the layout's minimum.)
    layout->addStrut(150);
}

void MetricTile::setValue(const QString& text, const QString& note)
{
    m_value->setText(text);
    m_value->setToolTip(note);
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

QString MetricTile::noteText() const
{
    return m_note->text();
}

void MetricTile::setBadge(const QString& text, const QColor& colour, const QString& toolTip)
{
    m_badgeColour = colour;
    m_badge->setText(text);
    m_badge->setToolTip(toolTip);
    m_badge->setAccessibleName(text);
    m_badge->setStyleSheet(QStringLiteral(
        "QLabel { background-color: %1; color: #ffffff; border-radius: 3px; padding: 1px 6px; }")
                               .arg(colour.name()));
    m_badge->show();
}

void MetricTile::clearBadge()
{
    m_badgeColour = QColor();
    m_badge->clear();
    m_badge->hide();
}

QString MetricTile::valueText() const
{
    return m_value->text();
}

QString MetricTile::badgeText() const
{
    return m_badge->isHidden() ? QString() : m_badge->text();
}

} // namespace cx::gui
