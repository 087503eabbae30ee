#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class AboutDialog;
}

namespace cx::gui {

// Help › About: what CX Pilot is, its version and licence. Laid out in Qt Designer (ui/AboutDialog.ui).
class AboutDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    ~AboutDialog() override;

    QString versionText() const;

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace cx::gui
