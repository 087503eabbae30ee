#include "ConversationThreadView.h"

#include "MessageDelegate.h"
#include "ThreadMessageModel.h"

#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QPixmap>
#include <QScrollBar>
#include <QStackedLayout>
#include <QTextLayout>
#include <QTimer>

namespace cx::gui {

ConversationThreadView::ConversationThreadView(QWidget* parent)
    : QWidget(parent)
    , m_model(new ThreadMessageModel(this))
{
    setObjectName(QStringLiteral("conversationThread"));
    m_list = new QListView(this);
    m_list->setObjectName(QStringLiteral("threadList"));
    m_list->setAccessibleName(tr("Conversation messages"));
    m_list->setModel(m_model);
    m_delegate = new MessageDelegate(m_list);
    m_list->setItemDelegate(m_delegate);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->verticalScrollBar()->setSingleStep(20);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setUniformItemSizes(false);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setFrameShape(QFrame::NoFrame);

    m_empty = new QLabel(tr("Select a conversation to read it."), this);
    m_empty->setObjectName(QStringLiteral("threadEmptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    m_stack = new QStackedLayout(this);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_list);

    connect(
        m_list->verticalScrollBar(), &QScrollBar::valueChanged, this, &ConversationThreadView::onScrolled);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] { m_delegate->clearCache(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_delegate->clearCache(); });
    updateEmptyState();
    // Warm the text machinery (font database, shaping, glyph cache) once the window is idle, so the first
    // conversation opened does not pay for it.
    QTimer::singleShot(0, this, [this] {
        QTextLayout warm(QStringLiteral("Warm-up: Hello, Grüße, 漢字, 😀 — 0123456789"), m_list->font());
        warm.beginLayout();
        while (warm.createLine().isValid()) { }
        warm.endLayout();
        QFont bold = m_list->font();
        bold.setBold(true);
        (void)QFontMetrics(bold).horizontalAdvance(QStringLiteral("Warm-up"));
        QPixmap pixmap(64, 16);
        QPainter painter(&pixmap);
        warm.draw(&painter, QPointF(0, 0));
    });
}

void ConversationThreadView::setMessages(const QList<chatwoot::Message>& messages)
{
    m_olderPending = false;
    m_hasMoreOlder = true;
    m_repositioning = true;
    m_model->setMessages(messages);
    updateEmptyState();
    scrollToBottomSoon();
    m_repositioning = false;
}

void ConversationThreadView::appendMessages(const QList<chatwoot::Message>& messages)
{
    const bool follow = isAtBottom();
    m_model->appendMessages(messages);
    updateEmptyState();
    if (follow)
        scrollToBottomSoon();
}

void ConversationThreadView::prependOlder(const QList<chatwoot::Message>& messages)
{
    QScrollBar* bar = m_list->verticalScrollBar();
    const int fromBottom = bar->maximum() - bar->value();
    m_repositioning = true;
    m_model->prependOlder(messages);
    m_list->doItemsLayout(); // sizes of the new rows now, so the position can be kept
    bar->setValue(bar->maximum() - fromBottom);
    m_repositioning = false;
    m_olderPending = false;
    if (messages.isEmpty())
        m_hasMoreOlder = false;
    updateEmptyState();
}

void ConversationThreadView::setHasMoreOlder(bool more)
{
    m_hasMoreOlder = more;
    m_olderPending = false;
}

void ConversationThreadView::clear()
{
    m_model->clear();
    m_olderPending = false;
    updateEmptyState();
}

void ConversationThreadView::setEmptyText(const QString& text)
{
    m_empty->setText(text);
}

bool ConversationThreadView::isAtBottom() const
{
    const QScrollBar* bar = m_list->verticalScrollBar();
    return bar->value() >= bar->maximum() - 4;
}

void ConversationThreadView::onScrolled(int value)
{
    if (m_repositioning || value > m_list->verticalScrollBar()->minimum() || m_olderPending
        || !m_hasMoreOlder)
        return;
    if (m_model->rowCount() == 0 || m_list->verticalScrollBar()->maximum() == 0)
        return; // nothing to scroll: not a request for more
    m_olderPending = true;
    emit olderRequested();
}

void ConversationThreadView::updateEmptyState()
{
    m_stack->setCurrentWidget(m_model->rowCount() == 0 ? static_cast<QWidget*>(m_empty) : m_list);
}

void ConversationThreadView::scrollToBottomSoon()
{
    m_list->doItemsLayout();
    m_list->scrollToBottom();
    // Once more after pending layout work (a resize right after showing).
    QTimer::singleShot(0, m_list, [list = m_list] { list->scrollToBottom(); });
}

} // namespace cx::gui
