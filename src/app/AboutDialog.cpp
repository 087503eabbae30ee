#include "AboutDialog.h"

#include "ui_AboutDialog.h"

namespace cx::gui {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("aboutDialog"));
    m_ui->versionLabel->setText(
        tr("Version %1 · Qt %2").arg(QStringLiteral(CXPILOT_VERSION), QString::fromLatin1(qVersion())));
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::versionText() const
{
    return m_ui->versionLabel->text();
}

} // namespace cx::gui
