<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>cx::drafting::ToneValidator</name>
    <message numerus="yes">
        <location filename="../src/core/drafting/ToneValidator.cpp" line="103"/>
        <source>The draft has %n word(s); the limit is %1.</source>
        <translation>
            <numerusform>The draft has %n word; the limit is %1.</numerusform>
            <numerusform>The draft has %n words; the limit is %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/drafting/ToneValidator.cpp" line="109"/>
        <source>The draft has %n word(s); at least %1 expected.</source>
        <translation>
            <numerusform>The draft has %n word; at least %1 expected.</numerusform>
            <numerusform>The draft has %n words; at least %1 expected.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::ApprovalsDrawer</name>
    <message numerus="yes">
        <location filename="../src/app/ApprovalsDrawerAssist.cpp" line="30"/>
        <source>%n character(s) changed</source>
        <translation>
            <numerusform>%n character changed</numerusform>
            <numerusform>%n characters changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::CalibrationDialog</name>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="133"/>
        <source>Sent replies (last %n day(s)):</source>
        <translation>
            <numerusform>Sent replies (last %n day):</numerusform>
            <numerusform>Sent replies (last %n days):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="231"/>
        <source>%1 — %n reply(ies), by %2, %3</source>
        <translation>
            <numerusform>%1 — %n reply, by %2, %3</numerusform>
            <numerusform>%1 — %n replies, by %2, %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="423"/>
        <source>You have graded all %n reply(ies) of this session.</source>
        <translation>
            <numerusform>You have graded the %n reply of this session.</numerusform>
            <numerusform>You have graded all %n replies of this session.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="511"/>
        <source>%n reply(ies)</source>
        <translation>
            <numerusform>%n reply</numerusform>
            <numerusform>%n replies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::CalibrationPanel</name>
    <message numerus="yes">
        <location filename="../src/app/CalibrationPanel.cpp" line="97"/>
        <source>No reviewer&apos;s grades have drifted from their peers&apos; (%n reviewer-axis chart(s) watched).</source>
        <translation>
            <numerusform>No reviewer&apos;s grades have drifted from their peers&apos; (%n reviewer-axis chart watched).</numerusform>
            <numerusform>No reviewer&apos;s grades have drifted from their peers&apos; (%n reviewer-axis charts watched).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationPanel.cpp" line="115"/>
        <source>Tone %1 · Accuracy %2 · Policy %3 (%n grade(s))</source>
        <translation>
            <numerusform>Tone %1 · Accuracy %2 · Policy %3 (%n grade)</numerusform>
            <numerusform>Tone %1 · Accuracy %2 · Policy %3 (%n grades)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::DashboardWidget</name>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="140"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="141"/>
        <source>The last %n day(s) up to today (UTC)</source>
        <translation>
            <numerusform>The last day up to today (UTC)</numerusform>
            <numerusform>The last %n days up to today (UTC)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="554"/>
        <source>%n conversation(s) %1 — double-click one to open it.</source>
        <translation>
            <numerusform>%n conversation %1 — double-click it to open it.</numerusform>
            <numerusform>%n conversations %1 — double-click one to open it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::KnowledgeBaseDialog</name>
    <message numerus="yes">
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="148"/>
        <source>%n passage(s)</source>
        <translation>
            <numerusform>%n passage</numerusform>
            <numerusform>%n passages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="148"/>
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="280"/>
        <source>%n file(s) or row(s) skipped.</source>
        <translation>
            <numerusform>%n file or row skipped.</numerusform>
            <numerusform>%n files or rows skipped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::MainWindow</name>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="273"/>
        <source>%n learning signal(s) waiting for the database</source>
        <translation>
            <numerusform>%n learning signal waiting for the database</numerusform>
            <numerusform>%n learning signals waiting for the database</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="536"/>
        <source>%n reply(s) resumed and sent</source>
        <translation>
            <numerusform>%n reply resumed and sent</numerusform>
            <numerusform>%n replies resumed and sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="538"/>
        <source>%n reply(s) already in Chatwoot (recorded, not sent again)</source>
        <translation>
            <numerusform>%n reply was already in Chatwoot (recorded, not sent again)</numerusform>
            <numerusform>%n replies were already in Chatwoot (recorded, not sent again)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="541"/>
        <source>%n learning signal(s) saved</source>
        <translation>
            <numerusform>%n learning signal saved</numerusform>
            <numerusform>%n learning signals saved</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::NotificationCenter</name>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="39"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="155"/>
        <source>CX Pilot — %n draft(s) waiting for review</source>
        <translation>
            <numerusform>CX Pilot — %n draft waiting for review</numerusform>
            <numerusform>CX Pilot — %n drafts waiting for review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="161"/>
        <source>%n draft(s) waiting</source>
        <translation>
            <numerusform>%n draft waiting</numerusform>
            <numerusform>%n drafts waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="211"/>
        <source>%n new draft(s) to review</source>
        <translation>
            <numerusform>%n new draft to review</numerusform>
            <numerusform>%n new drafts to review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="245"/>
        <source>%n past the reply-time target</source>
        <translation>
            <numerusform>%n past the reply-time target</numerusform>
            <numerusform>%n past the reply-time target</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="246"/>
        <source>%n conversation(s) waiting too long</source>
        <translation>
            <numerusform>%n conversation waiting too long</numerusform>
            <numerusform>%n conversations waiting too long</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="254"/>
        <source>Waiting for %n minute(s), past the target.</source>
        <translation>
            <numerusform>Waiting for %n minute, past the target.</numerusform>
            <numerusform>Waiting for %n minutes, past the target.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="257"/>
        <source>Waiting for %n minute(s), over 75 % of the reply-time target.</source>
        <translation>
            <numerusform>Waiting for %n minute, over 75 % of the reply-time target.</numerusform>
            <numerusform>Waiting for %n minutes, over 75 % of the reply-time target.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::ReportExporter</name>
    <message numerus="yes">
        <location filename="../src/app/ReportExporter.cpp" line="283"/>
        <source>%n learning signal(s) exported.</source>
        <translation>
            <numerusform>%n learning signal exported.</numerusform>
            <numerusform>%n learning signals exported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/ReportExporter.cpp" line="289"/>
        <source>%n training example(s) exported.</source>
        <translation>
            <numerusform>%n training example exported.</numerusform>
            <numerusform>%n training examples exported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::ingest::JobRunner</name>
    <message numerus="yes">
        <location filename="../src/core/ingest/JobRunner.cpp" line="117"/>
        <source>Its lease expired %n time(s) (the worker died each time).</source>
        <translation>
            <numerusform>Its lease expired once (the worker died).</numerusform>
            <numerusform>Its lease expired %n times (the worker died each time).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/ingest/JobRunner.cpp" line="144"/>
        <source>%n waiting draft(s) superseded: %1</source>
        <translation>
            <numerusform>%n waiting draft superseded: %1</numerusform>
            <numerusform>%n waiting drafts superseded: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeBase</name>
    <message numerus="yes">
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="573"/>
        <source>embedding stopped after %n chunk(s) (%1); search stays lexical for the rest</source>
        <translation>
            <numerusform>embedding stopped after %n chunk (%1); search stays lexical for the rest</numerusform>
            <numerusform>embedding stopped after %n chunks (%1); search stays lexical for the rest</numerusform>
        </translation>
    </message>
</context>
</TS>
