#pragma once

#include "review/Grades.h"

#include <QCoreApplication>
#include <QStringList>

class QWidget;

namespace cx::gui {

// The one extra "yes" before a risky reply goes to the customer: a draft assessed High risk, or graded below
// kPolicyGradeToSendUnasked on policy. Everything else is sent without a question.
class SendConfirmation final {
    Q_DECLARE_TR_FUNCTIONS(cx::gui::SendConfirmation)
public:
    static constexpr int kPolicyGradeToSendUnasked = 4;

    // Why to ask, one plain sentence each ("High risk: promises a refund or compensation", "Policy graded 3
    // of 5"); empty when there is nothing to ask. riskReasons are the assessor's codes.
    static QStringList concerns(
        const QString& riskLevel, const QStringList& riskReasons, const review::Grades& grades);
    // The question as a message box: true when the reviewer chose Send (Cancel is the default and Esc).
    static bool ask(QWidget* parent, const QStringList& concerns);
    // "Send anyway?" for an approved reply the core refused as stale (reason: why, translated).
    static bool askSendAnyway(QWidget* parent, const QString& reason);
};

} // namespace cx::gui
