#include "MessageBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace cx::gui {

MessageBanner::MessageBanner(QWidget* parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_close(new QPushButton(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    setFrameShape(QFrame::StyledPanel);
    m_label->setObjectName(QStringLiteral("messageBannerText"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setObjectName(QStringLiteral("messageBannerClose"));
    m_close->setText(QStringLiteral("✕"));
    m_close->setFlat(true);
    m_close->setAccessibleName(tr("Dismiss message"));
    m_close->setToolTip(tr("Dismiss message"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QPushButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBanner::showMessage(Kind kind, const QString& text)
{
    m_kind = kind;
    // Colours that read on light and dark palettes alike: a tinted background with dark text.
    const char* style = "";
    switch (kind) {
    case Kind::Info: style = "background:#dbeafe;color:#1e3a8a;"; break;
    case Kind::Warning: style = "background:#fef3c7;color:#78350f;"; break;
    case Kind::Error: style = "background:#fee2e2;color:#7f1d1d;"; break;
    case Kind::Sandbox: style = "background:#ede9fe;color:#4c1d95;"; break;
    }
    setStyleSheet(QStringLiteral("QFrame#messageBanner{%1 border:none; border-radius:4px;} QLabel{%1}")
                      .arg(QLatin1String(style)));
    m_label->setText(text);
    m_close->setVisible(kind != Kind::Sandbox); // the sandbox notice stays
    show();
}

QString MessageBanner::text() const { return m_label->text(); }

} // namespace cx::gui
