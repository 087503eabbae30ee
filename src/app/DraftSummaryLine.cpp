#include "DraftSummaryLine.h"

#include "ElidedLabel.h"

#include <QHBoxLayout>

namespace cx::gui {

DraftSummaryLine::DraftSummaryLine(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("draftSummaryLine"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_title = new QLabel(tr("Conversation:"), this);
    m_title->setForegroundRole(QPalette::PlaceholderText); // quiet, readable in light and dark
    layout->addWidget(m_title);
    m_text = new ElidedLabel(this);
    m_text->setObjectName(QStringLiteral("draftSummaryText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setAccessibleName(tr("Conversation summary"));
    layout->addWidget(m_text, 1);
    hide();
}

DraftSummaryLine::~DraftSummaryLine() = default;

void DraftSummaryLine::setSummary(const QString& summary)
{
    const QString line = summary.simplified();
    m_text->setText(line);
    m_text->setToolTip(line);
    setVisible(!line.isEmpty());
}

QString DraftSummaryLine::summary() const
{
    return m_text->text();
}

} // namespace cx::gui
