#include "DraftHeader.h"

#include "ApprovalsDrawer.h"
#include "DraftView.h"
#include "ElidedLabel.h"
#include "drafting/RiskReasonText.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace cx::gui {

// Strings moved here from the drawer keep its catalogue context (ApprovalsDrawer::tr), so their translations
// carry over.

namespace {

QString badgeStyle(const QColor& background)
{
    return QStringLiteral(
        "QLabel { background-color: %1; color: #ffffff; border-radius: 3px; padding: 1px 6px; }")
        .arg(background.name());
}

QString titledLines(const QString& title, const QStringList& items)
{
    QString html = QStringLiteral("<b>") + title.toHtmlEscaped() + QStringLiteral("</b>");
    for (const QString& item : items)
        html += QStringLiteral("<br>\u2022 ") + item.toHtmlEscaped();
    return html;
}

QLabel* richLabel(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}

} // namespace

DraftHeader::DraftHeader(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("draftHeader"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    m_contact = new ElidedLabel(this);
    m_contact->setObjectName(QStringLiteral("drawerContact"));
    QFont bold = m_contact->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_contact->setFont(bold);
    m_contact->setTextFormat(Qt::PlainText);
    layout->addWidget(m_contact);
    auto* badges = new QHBoxLayout;
    badges->setSpacing(6);
    m_riskBadge = new QLabel(this);
    m_riskBadge->setObjectName(QStringLiteral("riskBadge"));
    badges->addWidget(m_riskBadge);
    m_confidence = new QLabel(this);
    m_confidence->setObjectName(QStringLiteral("confidenceLabel"));
    badges->addWidget(m_confidence);
    m_offlineBadge = new QLabel(ApprovalsDrawer::tr("Offline drafter (simulated)"), this);
    m_offlineBadge->setObjectName(QStringLiteral("offlineBadge"));
    m_offlineBadge->setStyleSheet(badgeStyle(QColor(0x45, 0x5a, 0x64)));
    m_offlineBadge->setToolTip(
        ApprovalsDrawer::tr("Written by the built-in offline drafter, not by a language model."));
    badges->addWidget(m_offlineBadge);
    badges->addStretch(1);
    layout->addLayout(badges);

    m_riskReasons = richLabel(QStringLiteral("riskReasons"), this);
    layout->addWidget(m_riskReasons);
    m_toneFindings = richLabel(QStringLiteral("toneFindings"), this);
    layout->addWidget(m_toneFindings);
}

DraftHeader::~DraftHeader() = default;

QString DraftHeader::riskLevelText(const QString& level)
{
    if (level == QLatin1String("high"))
        return ApprovalsDrawer::tr("High risk");
    if (level == QLatin1String("medium"))
        return ApprovalsDrawer::tr("Medium risk");
    if (level == QLatin1String("low"))
        return ApprovalsDrawer::tr("Low risk");
    return ApprovalsDrawer::tr("Risk not assessed");
}

QColor DraftHeader::riskColor(const QString& level)
{
    if (level == QLatin1String("high"))
        return QColor(0xc6, 0x28, 0x28);
    if (level == QLatin1String("medium"))
        return QColor(0xb2, 0x6a, 0x00);
    if (level == QLatin1String("low"))
        return QColor(0x2e, 0x7d, 0x32);
    return QColor(0x61, 0x61, 0x61);
}

void DraftHeader::showDraft(const DraftView& draft)
{
    const QString contact = draft.contactName.isEmpty()
        ? ApprovalsDrawer::tr("Conversation #%1").arg(draft.conversationId)
        : draft.contactName;
    m_contact->setText(contact);
    m_contact->setToolTip(
        ApprovalsDrawer::tr("%1 — conversation #%2").arg(contact).arg(draft.conversationId));
    m_offlineBadge->setVisible(draft.offline);

    if (draft.confidence >= 0) {
        m_confidence->setText(
            ApprovalsDrawer::tr("Confidence %1%").arg(QLocale().toString(draft.confidence * 100.0, 'f', 0)));
        m_confidence->setToolTip(ApprovalsDrawer::tr("How well the knowledge base supports this draft"));
    } else {
        m_confidence->setText(ApprovalsDrawer::tr("Confidence unknown"));
    }
    m_riskBadge->setText(riskLevelText(draft.riskLevel));
    m_riskBadge->setStyleSheet(badgeStyle(riskColor(draft.riskLevel)));

    // The assessor stores codes ("refund_or_compensation"); the reviewer reads plain words.
    QStringList reasons;
    for (const QString& code : draft.riskReasons) {
        QString text = drafting::riskReasonText(code);
        if (!text.isEmpty() && text != code) // an unknown code stays as it is
            text[0] = text.at(0).toUpper(); // a list item: "Promises a refund or compensation"
        reasons << text;
    }
    m_riskReasons->setVisible(!reasons.isEmpty());
    m_riskReasons->setText(titledLines(ApprovalsDrawer::tr("Why this risk"), reasons));
    m_toneFindings->setVisible(!draft.toneFindings.isEmpty());
    m_toneFindings->setText(titledLines(ApprovalsDrawer::tr("Tone findings"), draft.toneFindings));
}

} // namespace cx::gui
