#include "ShortcutsDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cx::gui {

ShortcutEntry::ShortcutEntry(const QKeySequence& sequence, QString text)
    : keys(sequence.toString(QKeySequence::NativeText))
    , description(std::move(text))
{
}

ShortcutEntry::ShortcutEntry(QString sequence, QString text)
    : keys(std::move(sequence))
    , description(std::move(text))
{
}

ShortcutsDialog::ShortcutsDialog(const QList<ShortcutEntry>& entries, QWidget* parent)
    : QDialog(parent)
    , m_filter(new QLineEdit(this))
    , m_table(new QTableWidget(int(entries.size()), 2, this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));

    m_filter->setObjectName(QStringLiteral("shortcutsFilter"));
    m_filter->setAccessibleName(tr("Filter shortcuts"));
    m_filter->setPlaceholderText(tr("Filter…"));
    m_filter->setClearButtonEnabled(true);

    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setHorizontalHeaderLabels({ tr("Shortcut"), tr("Action") });
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    QFont keysFont = font();
    keysFont.setBold(true);
    for (int row = 0; row < entries.size(); ++row) {
        auto* keys = new QTableWidgetItem(entries.at(row).keys);
        keys->setFont(keysFont);
        m_table->setItem(row, 0, keys);
        m_table->setItem(row, 1, new QTableWidgetItem(entries.at(row).description));
    }
    m_table->resizeColumnToContents(0);
    m_table->setColumnWidth(0, m_table->columnWidth(0) + 24); // air between the keys and what they do

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("shortcutsButtons"));
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, this, &ShortcutsDialog::applyFilter);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(480, 420);
}

ShortcutsDialog::~ShortcutsDialog() = default;

QList<ShortcutEntry> ShortcutsDialog::fromActions(const QList<QAction*>& actions)
{
    QList<ShortcutEntry> entries;
    for (const QAction* action : actions) {
        if (!action)
            continue;
        // Drop the mnemonic markers: "&Save" -> "Save", "Q&&A" -> "Q&A".
        const QString raw = action->text();
        QString text;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw.at(i) == QLatin1Char('&') && ++i >= raw.size())
                break;
            text += raw.at(i);
        }
        if (text.endsWith(QStringLiteral("…")) || text.endsWith(QStringLiteral("...")))
            text = text.left(text.endsWith(QStringLiteral("...")) ? text.size() - 3 : text.size() - 1);
        for (const QKeySequence& keys : action->shortcuts()) {
            if (!keys.isEmpty())
                entries.append(ShortcutEntry(keys, text));
        }
    }
    return entries;
}

int ShortcutsDialog::visibleRowCount() const
{
    int n = 0;
    for (int row = 0; row < m_table->rowCount(); ++row)
        n += m_table->isRowHidden(row) ? 0 : 1;
    return n;
}

QList<ShortcutEntry> ShortcutsDialog::entries() const
{
    QList<ShortcutEntry> rows;
    for (int row = 0; row < m_table->rowCount(); ++row)
        rows.append(ShortcutEntry(m_table->item(row, 0)->text(), m_table->item(row, 1)->text()));
    return rows;
}

void ShortcutsDialog::applyFilter(const QString& text)
{
    const QString needle = text.trimmed();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const bool match = needle.isEmpty()
            || m_table->item(row, 0)->text().contains(needle, Qt::CaseInsensitive)
            || m_table->item(row, 1)->text().contains(needle, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !match);
    }
}

} // namespace cx::gui
