#include "ConversationQueueView.h"

#include "ConversationModel.h"

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QStyle>

#include <iterator>

namespace cx::gui {

namespace {
// Left to right after the contact: what tells the reviewer who is next stays visible first.
constexpr int kVisualOrder[]
    = { ConversationModel::ContactColumn, ConversationModel::WaitingColumn, ConversationModel::SlaColumn,
          ConversationModel::DraftColumn, ConversationModel::InboxColumn, ConversationModel::PreviewColumn };
constexpr int kUrgentColumns[]
    = { ConversationModel::WaitingColumn, ConversationModel::SlaColumn, ConversationModel::DraftColumn };
} // namespace

ConversationQueueView::ConversationQueueView(QWidget* parent)
    : QTableView(parent)
{
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setWordWrap(false);
    setAlternatingRowColors(true);
    setTextElideMode(Qt::ElideRight);
    verticalHeader()->hide();
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setTextElideMode(Qt::ElideRight);
}

int ConversationQueueView::headerWidth(int column) const
{
    const QHeaderView* header = horizontalHeader();
    const QString text = model() ? model()->headerData(column, Qt::Horizontal).toString() : QString();
    const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
    // Text, the margins either side, and room for the sort arrow (any column can be the sorted one).
    const int needed = header->fontMetrics().horizontalAdvance(text) + 2 * margin
        + style()->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, header) + margin;
    return qMax(needed, header->sectionSizeHint(column));
}

int ConversationQueueView::textWidth(const QStringList& samples, int extra) const
{
    int widest = 0;
    for (const QString& s : samples)
        widest = qMax(widest, fontMetrics().horizontalAdvance(s));
    const int margin = style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this) + 1;
    return widest + 2 * margin + extra + 4;
}

void ConversationQueueView::fitColumns()
{
    if (!model())
        return;
    QHeaderView* header = horizontalHeader();
    for (int visual = 0; visual < int(std::size(kVisualOrder)); ++visual) {
        const int from = header->visualIndex(kVisualOrder[visual]);
        if (from != visual)
            header->moveSection(from, visual);
    }
    for (int c : { ConversationModel::StatusColumn, ConversationModel::PriorityColumn,
             ConversationModel::AssigneeColumn, ConversationModel::UnreadColumn })
        setColumnHidden(c, true);

    const int icon = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this) + 4; // the SLA colour dot
    const int em = fontMetrics().averageCharWidth();
    const QHash<int, int> content {
        { ConversationModel::WaitingColumn,
            textWidth({ formatWaiting(23 * 3600 + 59 * 60), formatWaiting(99 * 86400 + 23 * 3600) }) },
        { ConversationModel::SlaColumn,
            textWidth({ slaStateText(SlaState::OnTime), slaStateText(SlaState::AtRisk),
                          slaStateText(SlaState::Breached) },
                icon) },
        { ConversationModel::DraftColumn, textWidth({ ConversationModel::tr("Draft waiting") }) },
    };
    for (int c : kUrgentColumns) {
        header->setSectionResizeMode(c, QHeaderView::Fixed);
        setColumnWidth(c, qMax(headerWidth(c), content.value(c)));
    }
    // Names and inboxes: as wide as they are, within reason (the tooltip has the whole name).
    header->setSectionResizeMode(ConversationModel::ContactColumn, QHeaderView::Interactive);
    setColumnWidth(ConversationModel::ContactColumn,
        qBound(qMax(headerWidth(ConversationModel::ContactColumn), 10 * em),
            sizeHintForColumn(ConversationModel::ContactColumn),
            qMax(headerWidth(ConversationModel::ContactColumn), 16 * em)));
    header->setSectionResizeMode(ConversationModel::InboxColumn, QHeaderView::Interactive);
    setColumnWidth(ConversationModel::InboxColumn,
        qBound(headerWidth(ConversationModel::InboxColumn), sizeHintForColumn(ConversationModel::InboxColumn),
            qMax(headerWidth(ConversationModel::InboxColumn), 12 * em)));
    header->setMinimumSectionSize(qMin(header->minimumSectionSize(), 4 * em));
    header->setSectionResizeMode(ConversationModel::PreviewColumn, QHeaderView::Stretch);
    setMinimumWidth(urgentColumnsWidth()); // the splitter may not squeeze the urgent columns out of sight
    updateGeometry();
}

int ConversationQueueView::urgentColumnsWidth() const
{
    int width = columnWidth(ConversationModel::ContactColumn);
    for (int c : kUrgentColumns)
        width += columnWidth(c);
    return width + 2 * frameWidth() + verticalScrollBar()->sizeHint().width();
}

void ConversationQueueView::changeEvent(QEvent* event)
{
    QTableView::changeEvent(event);
    switch (event->type()) {
    case QEvent::FontChange:
    case QEvent::StyleChange:
    case QEvent::LanguageChange:
        fitColumns();
        break;
    default:
        break;
    }
}

} // namespace cx::gui
