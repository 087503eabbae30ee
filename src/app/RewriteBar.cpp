#include "RewriteBar.h"

#include "drafting/LanguageGuess.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

namespace cx::gui {

RewriteBar::RewriteBar(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("rewriteBar"));
    // Two rows of buttons, so the drawer (and the window) keep fitting a 1024-pixel screen with a large font
    // (tst_queuewindow::urgentColumnsVisibleWhenNarrowWithALargeFont).
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(4);
    layout->setVerticalSpacing(4);
    auto* title = new QLabel(tr("Rewrite:"), this);
    layout->addWidget(title, 0, 0);
    const QList<std::tuple<Action, QString, const char*>> actions {
        { Action::Shorter, tr("Shorter"), "rewriteShorter" },
        { Action::Friendlier, tr("Friendlier"), "rewriteFriendlier" },
        { Action::MoreFormal, tr("More formal"), "rewriteFormal" },
        { Action::FixGrammar, tr("Fix grammar"), "rewriteGrammar" },
        { Action::CustomerLanguage, tr("In the customer's language"), "rewriteLanguage" },
    };
    for (const auto& [action, text, name] : actions) {
        auto* button = new QPushButton(text, this);
        button->setObjectName(QString::fromLatin1(name));
        button->setFocusPolicy(Qt::StrongFocus);
        button->setAutoDefault(false);
        button->setAccessibleName(tr("Rewrite the draft: %1").arg(text));
        connect(button, &QPushButton::clicked, this, [this, a = action] {
            if (!m_running)
                emit rewriteRequested(a);
        });
        const int i = int(m_buttons.size());
        if (i < 3)
            layout->addWidget(button, 0, 1 + i);
        else
            layout->addWidget(button, 1, 1 + (i - 3), 1, i == 4 ? 2 : 1); // the long one spans two
        m_buttons.append({ action, button });
    }
    m_runningLabel = new QLabel(tr("Rewriting…"), this);
    m_runningLabel->setObjectName(QStringLiteral("rewriteRunning"));
    m_runningLabel->hide();
    layout->addWidget(m_runningLabel, 1, 0);
    layout->setColumnStretch(4, 1);
    updateButtons();
}

RewriteBar::~RewriteBar() = default;

void RewriteBar::setRewriter(drafting::DraftRewriter* rewriter)
{
    if (m_rewriter)
        m_rewriter->disconnect(this);
    m_rewriter = rewriter;
    if (m_rewriter)
        connect(m_rewriter, &drafting::DraftRewriter::availabilityChanged, this, &RewriteBar::updateButtons);
    updateButtons();
}

void RewriteBar::setCustomerLanguage(const QString& code)
{
    m_language = code;
    updateButtons();
}

void RewriteBar::setLive(bool live)
{
    m_live = live;
    updateButtons();
}

void RewriteBar::setRunning(bool running)
{
    m_running = running;
    m_runningLabel->setVisible(running);
    updateButtons();
}

QPushButton* RewriteBar::button(Action action) const
{
    for (const auto& [a, button] : m_buttons)
        if (a == action)
            return button;
    return nullptr;
}

void RewriteBar::updateButtons()
{
    for (const auto& [action, button] : m_buttons) {
        QString why;
        if (!m_rewriter)
            why = tr("Rewriting is not available here.");
        else
            why = m_rewriter->unavailableReason(action);
        if (why.isEmpty() && action == Action::CustomerLanguage && m_language.isEmpty())
            why = tr("The customer's language could not be recognised from their messages.");
        if (action == Action::CustomerLanguage)
            button->setText(m_language.isEmpty() ? tr("In the customer's language")
                                                 : tr("In %1").arg(drafting::languageName(m_language)));
        button->setEnabled(m_live && !m_running && why.isEmpty());
        // A disabled button still shows its tooltip: it says why.
        button->setToolTip(why.isEmpty() ? tr("Rewrite the draft: %1").arg(button->text()) : why);
    }
}

} // namespace cx::gui
