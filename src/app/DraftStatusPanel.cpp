#include "DraftStatusPanel.h"

#include "ApprovalsDrawer.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

namespace cx::gui {

// Strings moved here from the drawer keep its catalogue context (ApprovalsDrawer::tr), so their translations
// carry over.

namespace {

QColor toneColor(DraftStatusPanel::Tone tone, const QPalette& palette)
{
    switch (tone) {
    case DraftStatusPanel::Tone::Info:
        return QColor(0x1e, 0x88, 0xe5);
    case DraftStatusPanel::Tone::Success:
        return QColor(0x2e, 0xa0, 0x43);
    case DraftStatusPanel::Tone::Warning:
        return QColor(0xb2, 0x6a, 0x00);
    case DraftStatusPanel::Tone::Error:
        return QColor(0xd1, 0x34, 0x38);
    case DraftStatusPanel::Tone::Neutral:
        return palette.color(QPalette::Disabled, QPalette::WindowText);
    }
    return {};
}

} // namespace

DraftStatusPanel::DraftStatusPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("sendResult"));
    setAttribute(Qt::WA_StyledBackground);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("sendResultLabel"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    layout->addWidget(m_label, 1);
    m_retry = new QPushButton(ApprovalsDrawer::tr("Retry"), this);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    layout->addWidget(m_retry);
    m_sendAnyway = new QPushButton(ApprovalsDrawer::tr("Send anyway…"), this);
    m_sendAnyway->setObjectName(QStringLiteral("sendAnywayButton"));
    m_sendAnyway->setToolTip(
        ApprovalsDrawer::tr("Send this approved reply although the conversation changed since"));
    layout->addWidget(m_sendAnyway);
    m_sendAnyway->hide();
    connect(m_retry, &QPushButton::clicked, this, &DraftStatusPanel::retryClicked);
    connect(m_sendAnyway, &QPushButton::clicked, this, &DraftStatusPanel::sendAnywayClicked);
    hide();
}

DraftStatusPanel::~DraftStatusPanel() = default;

void DraftStatusPanel::showState(const QString& text, Tone tone, bool retry, bool sendAnyway)
{
    m_tone = tone;
    m_label->setText(text);
    m_retry->setVisible(retry);
    m_sendAnyway->setVisible(sendAnyway);
    applyTone();
    show();
}

QString DraftStatusPanel::text() const
{
    return m_label->text();
}

void DraftStatusPanel::setButtonsEnabled(bool enabled)
{
    m_retry->setEnabled(enabled);
    m_sendAnyway->setEnabled(enabled);
}

QString DraftStatusPanel::unconfirmedText(const QDateTime& recheckAt)
{
    return recheckAt.isValid()
        ? ApprovalsDrawer::tr(
            "Chatwoot has not confirmed this reply yet. CX Pilot checks again at %1 before sending anything "
            "again.")
              .arg(QLocale().toString(recheckAt.toLocalTime().time(), QLocale::ShortFormat))
        : ApprovalsDrawer::tr(
            "Chatwoot has not confirmed this reply yet. CX Pilot checks again before sending anything "
            "again.");
}

void DraftStatusPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_tone == Tone::Neutral)
        applyTone(); // the neutral grey follows a light/dark switch
}

QString DraftStatusPanel::tintStyle(const QString& selector, Tone tone, const QPalette& palette)
{
    const QColor c = toneColor(tone, palette);
    const double alpha = tone == Tone::Neutral ? 0.12 : 0.18;
    return QStringLiteral("%1 { background-color: rgba(%2, %3, %4, %5); border-left: 3px solid %6; }")
        .arg(selector)
        .arg(c.red())
        .arg(c.green())
        .arg(c.blue())
        .arg(int(alpha * 255))
        .arg(c.name());
}

void DraftStatusPanel::applyTone()
{
    const QString style = tintStyle(QStringLiteral("QWidget#sendResult"), m_tone, palette());
    if (style != styleSheet()) // re-polishing sends a palette change: only when the colour really changed
        setStyleSheet(style);
}

} // namespace cx::gui
