#include "SendConfirmation.h"

#include "ApprovalsDrawer.h"
#include "drafting/RiskReasonText.h"

#include <QMessageBox>
#include <QPushButton>

namespace cx::gui {

QStringList SendConfirmation::concerns(
    const QString& riskLevel, const QStringList& riskReasons, const review::Grades& grades)
{
    QStringList out;
    if (riskLevel == QLatin1String("high")) {
        for (const QString& code : riskReasons)
            out << tr("High risk: %1").arg(drafting::riskReasonText(code));
        if (out.isEmpty())
            out << tr("High risk");
    }
    if (grades.policy < kPolicyGradeToSendUnasked)
        out << tr("Policy graded %1 of 5").arg(grades.policy);
    return out;
}

bool SendConfirmation::ask(QWidget* parent, const QStringList& concerns)
{
    QString text = tr("Please check before sending:");
    for (const QString& concern : concerns)
        text += QStringLiteral("\n\u2022 ") + concern;
    QMessageBox box(QMessageBox::Warning, tr("Send this reply?"), text, QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("sendConfirmation"));
    box.setInformativeText(tr("Send this reply to the customer anyway?"));
    QPushButton* send = box.addButton(tr("Send"), QMessageBox::AcceptRole);
    send->setObjectName(QStringLiteral("confirmSendButton"));
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == send;
}

bool SendConfirmation::askSendAnyway(QWidget* parent, const QString& reason)
{
    // The drawer's catalogue context: the question moved here from it.
    return QMessageBox::question(parent, ApprovalsDrawer::tr("Send anyway?"),
               ApprovalsDrawer::tr("%1\n\nSend the approved reply to the customer anyway?").arg(reason),
               QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

} // namespace cx::gui
