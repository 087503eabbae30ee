#include "AttentionBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace cx::gui {

AttentionBanner::AttentionBanner(QWidget* parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_open(new QPushButton(tr("Open draft"), this))
{
    setObjectName(QStringLiteral("attentionBanner"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("QFrame#attentionBanner { background-color: rgba(209, 52, 56, 46); "
                                 "border-left: 3px solid #d13438; }"));
    m_label->setObjectName(QStringLiteral("attentionText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_open->setObjectName(QStringLiteral("openAttentionDraft"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_open, 0, Qt::AlignVCenter);
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (!m_draftIds.isEmpty())
            emit openDraftRequested(m_draftIds.first());
    });
    hide();
}

void AttentionBanner::setItems(const QStringList& draftIds, const QStringList& sentences)
{
    m_draftIds = draftIds;
    if (draftIds.isEmpty()) {
        m_label->clear();
        hide();
        return;
    }
    QString text = tr("Needs attention: %1").arg(sentences.value(0));
    if (draftIds.size() > 1)
        text += QLatin1Char(' ') + tr("(and %1 more)").arg(draftIds.size() - 1);
    m_label->setText(text);
    show();
}

QString AttentionBanner::text() const
{
    return m_label->text();
}

} // namespace cx::gui
