#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QString>

class QAction;
class QLineEdit;
class QTableWidget;

namespace cx::gui {

// One row of the shortcuts table: the keys (as the platform writes them) and what they do.
struct ShortcutEntry {
    ShortcutEntry(const QKeySequence& keys, QString description);
    ShortcutEntry(QString keys, QString description);

    QString keys;
    QString description;
};

// A simple, filterable table of keyboard shortcuts, given by the caller (e.g. the main window's actions).
class ShortcutsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    explicit ShortcutsDialog(const QList<ShortcutEntry>& entries, QWidget* parent = nullptr);
    ~ShortcutsDialog() override;

    // The actions' shortcuts (every one of an action), described by the action's text without its '&'
    // mnemonic. Actions with no shortcut are left out.
    static QList<ShortcutEntry> fromActions(const QList<QAction*>& actions);

    // Rows shown now (after the filter).
    int visibleRowCount() const;
    // Every row, as listed (filter or not).
    QList<ShortcutEntry> entries() const;

private:
    void applyFilter(const QString& text);

    QLineEdit* m_filter;
    QTableWidget* m_table;
};

} // namespace cx::gui
