#include "RejectDialog.h"

#include "ApprovalsDrawer.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace cx::gui {

namespace {
constexpr int kOtherId = 4; // the last preset
}

QList<RejectDialog::Preset> RejectDialog::presets()
{
    return {
        { QStringLiteral("Wrong facts"), tr("Wrong facts") },
        { QStringLiteral("Wrong tone"), tr("Wrong tone") },
        { QStringLiteral("Against policy"), tr("Against policy") },
        { QStringLiteral("Not needed"), tr("Not needed") },
        { QStringLiteral("Other"), tr("Other") },
    };
}

QString RejectDialog::composeReason(const QString& label, const QString& details)
{
    // One line: the reason is shown in reports and tables.
    const QString oneLine = details.simplified();
    return oneLine.isEmpty() ? label : label + QStringLiteral(": ") + oneLine;
}

RejectDialog::RejectDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("rejectDialog"));
    setWindowTitle(ApprovalsDrawer::tr("Reject draft")); // the drawer's context: translated there before

    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        ApprovalsDrawer::tr("Why is this draft rejected? The reason is kept with the review."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* box = new QGroupBox(tr("Reason"), this);
    box->setObjectName(QStringLiteral("rejectReasons"));
    auto* boxLayout = new QVBoxLayout(box);
    m_presets = new QButtonGroup(this);
    m_presets->setExclusive(true);
    const QList<Preset> all = presets();
    for (int i = 0; i < all.size(); ++i) {
        auto* button = new QRadioButton(all.at(i).text, box);
        button->setObjectName(QStringLiteral("rejectPreset%1").arg(i));
        button->setProperty("reasonLabel", all.at(i).label);
        m_presets->addButton(button, i);
        boxLayout->addWidget(button);
    }
    m_presets->button(0)->setChecked(true);
    layout->addWidget(box);

    auto* detailsLabel = new QLabel(tr("&Details:"), this);
    layout->addWidget(detailsLabel);
    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("rejectDetails"));
    m_details->setAccessibleName(tr("Details"));
    m_details->setTabChangesFocus(true);
    m_details->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_details->setMinimumHeight(m_details->fontMetrics().lineSpacing() * 4);
    detailsLabel->setBuddy(m_details);
    layout->addWidget(m_details, 1);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("rejectHint"));
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_hint);

    m_buttons = new QDialogButtonBox(this);
    m_accept = m_buttons->addButton(ApprovalsDrawer::tr("Reject draft"), QDialogButtonBox::AcceptRole);
    m_accept->setObjectName(QStringLiteral("rejectConfirmButton"));
    m_accept->setToolTip(tr("Reject with this reason (Ctrl+Enter)"));
    auto* cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("rejectCancelButton"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RejectDialog::tryAccept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // Ctrl+Enter from anywhere in the dialog, the details field included (Enter there starts a new line).
    for (const auto& keys :
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) }) {
        auto* shortcut = new QShortcut(keys, this);
        connect(shortcut, &QShortcut::activated, this, &RejectDialog::tryAccept);
    }
    connect(m_presets, &QButtonGroup::idToggled, this, [this](int, bool checked) {
        if (checked)
            updateState();
    });
    connect(m_details, &QPlainTextEdit::textChanged, this, &RejectDialog::updateState);

    // Tab order follows creation: the preset group is one tab stop (Qt moves it with the checked button),
    // then the details, then the buttons.
    m_presets->button(0)->setFocus();
    updateState();
    resize(420, sizeHint().height());
}

RejectDialog::~RejectDialog() = default;

bool RejectDialog::otherChosen() const
{
    return m_presets->checkedId() == kOtherId;
}

bool RejectDialog::isComplete() const
{
    return m_presets->checkedButton() && !(otherChosen() && m_details->toPlainText().trimmed().isEmpty());
}

QString RejectDialog::reason() const
{
    if (!isComplete())
        return {};
    return composeReason(
        m_presets->checkedButton()->property("reasonLabel").toString(), m_details->toPlainText());
}

void RejectDialog::updateState()
{
    const bool other = otherChosen();
    m_details->setPlaceholderText(
        other ? tr("Say why (required for Other)") : tr("Optional: what was wrong"));
    m_hint->setText(other && !isComplete() ? tr("Describe the reason to reject with \"Other\".")
                                           : tr("Ctrl+Enter rejects the draft, Esc cancels."));
    m_accept->setEnabled(isComplete());
}

void RejectDialog::tryAccept()
{
    if (!isComplete()) {
        m_details->setFocus(); // "Other" needs its details
        return;
    }
    accept();
}

std::optional<QString> RejectDialog::ask(QWidget* parent)
{
    RejectDialog dialog(parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.reason();
}

} // namespace cx::gui
